/**
 * A process's side of corpus changes under the ShardingManager: it asks the manager for the change
 * lock, makes its change, and hears from the manager who now serves it; when another process changed
 * the folder, the manager asks it to reload.
 */
import { randomUUID } from 'node:crypto';
import { formatCorpusError } from '../../corpus/model.js';
import type { ChangeCoordinator, ChangeSpread } from '../../library/change-coordinator.js';
import type { ReloadOutcome } from '../../library/library.js';
import type { Logger } from '../../log.js';
import { toProcess, type ReloadResult, type ToManager, type ToProcess } from './protocol.js';

export interface ManagerChannel {
  send(message: ToManager): Promise<void>;
  /** Calls `listener` with every message the manager sends (discord.js's own ones too). */
  onMessage(listener: (message: unknown) => void): void;
}

type Waiting = { [Kind in ToProcess['kind']]?: (message: Extract<ToProcess, { kind: Kind }>) => void };

export class ManagerLink implements ChangeCoordinator {
  /** By change id: what to do when the manager grants the lock or reports the spread. */
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly channel: ManagerChannel,
    /** Re-reads the corpus folder here, after another process changed it. */
    reloadHere: () => Promise<ReloadResult>,
    private readonly logger: Logger,
  ) {
    channel.onMessage((raw) => {
      const parsed = toProcess.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'kursk:reload') {
        void reloadHere()
          .catch((error: unknown): ReloadResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))
          .then((result) => this.channel.send({ kind: 'kursk:reload-result', reloadId: message.reloadId, result }))
          .catch((error: unknown) => logger.error('could not tell the manager a reload result', { error }));
        return;
      }
      const waiting = this.waiting.get(message.changeId);
      if (message.kind === 'kursk:change-granted') {
        if (waiting?.['kursk:change-granted']) waiting['kursk:change-granted'](message);
        // A grant for a change this process no longer makes (it failed before): hand the lock back.
        else void this.channel.send({ kind: 'kursk:change-made', changeId: message.changeId, version: null }).catch(() => undefined);
      } else waiting?.['kursk:change-spread']?.(message);
    });
  }

  async serialise<T>(change: () => Promise<T>, versionOf: (result: T) => string | null): Promise<{ result: T; spread: ChangeSpread | null }> {
    const changeId = randomUUID();
    const waiting: Waiting = {};
    this.waiting.set(changeId, waiting);
    try {
      const granted = new Promise<void>((resolve) => (waiting['kursk:change-granted'] = () => resolve()));
      await this.channel.send({ kind: 'kursk:change-request', changeId });
      await granted;
      const spread = new Promise<ChangeSpread | null>((resolve) => (waiting['kursk:change-spread'] = (message) => resolve(message.spread)));
      let result: T;
      try {
        result = await change();
      } catch (error) {
        await this.channel.send({ kind: 'kursk:change-made', changeId, version: null });
        throw error;
      }
      const version = versionOf(result);
      await this.channel.send({ kind: 'kursk:change-made', changeId, version });
      const spreadResult = await spread;
      if (spreadResult && spreadResult.failed.length > 0) this.logger.warn('corpus change did not reach every process', { version, ...spreadResult });
      return { result, spread: spreadResult };
    } finally {
      this.waiting.delete(changeId);
    }
  }
}

/** This process's IPC channel to the ShardingManager that forked it (process.send). */
export function processChannel(): ManagerChannel {
  return {
    send: (message) => new Promise((resolve, reject) => process.send!(message, undefined, undefined, (error) => (error ? reject(error) : resolve()))),
    onMessage: (listener) => process.on('message', listener),
  };
}

/** What a process tells the manager after following another's change. */
export function followResult(outcome: ReloadOutcome): ReloadResult {
  return outcome.kind === 'reloaded'
    ? { ok: true, version: outcome.index.corpus.version }
    : { ok: false, error: outcome.errors.map(formatCorpusError).join('; ') };
}
