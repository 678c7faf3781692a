/**
 * The ShardingManager's side of corpus changes: one change at a time across its processes (a FIFO
 * lock), and after each, every other process reloads and says which version it serves.
 */
import { randomUUID } from 'node:crypto';
import type { Shard, ShardingManager } from 'discord.js';
import type { ChangeSpread } from '../../library/change-coordinator.js';
import type { Logger } from '../../log.js';
import { toManager, type ReloadResult, type ToProcess } from './protocol.js';

export interface ChangeHubLimits {
  /** A process that holds the lock longer (a hung change) loses it, so other changes can go on. */
  readonly holdMs: number;
  /** A process that has not answered "reload" by then is reported as failed. */
  readonly reloadMs: number;
}

/** A change waits for a download (10 s at most) and a reload; a reload of a large corpus takes seconds. */
const DEFAULT_LIMITS: ChangeHubLimits = { holdMs: 120_000, reloadMs: 60_000 };

export class ChangeHub {
  private lock: Promise<void> = Promise.resolve();
  private readonly made = new Map<string, (version: string | null) => void>();
  private readonly reloads = new Map<string, (result: ReloadResult) => void>();

  constructor(
    private readonly manager: ShardingManager,
    /** The Discord shards a process connects: how moderators are told which process failed. */
    private readonly shardsOf: (shard: Shard) => readonly number[],
    private readonly logger: Logger,
    private readonly limits: ChangeHubLimits = DEFAULT_LIMITS,
  ) {
    manager.on('shardCreate', (shard) => shard.on('message', (message: unknown) => this.receive(shard, message)));
  }

  private receive(shard: Shard, raw: unknown): void {
    const parsed = toManager.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.kind) {
      case 'kursk:change-request': {
        const run = () => this.change(shard, message.changeId);
        this.lock = this.lock.then(run, run);
        return;
      }
      case 'kursk:change-made':
        this.made.get(message.changeId)?.(message.version);
        return;
      case 'kursk:reload-result':
        this.reloads.get(message.reloadId)?.(message.result);
        return;
    }
  }

  /** Holds the lock for one process's change, spreads it, tells that process, releases. */
  private async change(shard: Shard, changeId: string): Promise<void> {
    const shards = this.shardsOf(shard);
    const made = this.answer(shard, this.made, changeId, this.limits.holdMs);
    const granted = await this.send(shard, { kind: 'kursk:change-granted', changeId });
    if (!granted) {
      this.made.get(changeId)?.(null);
      return;
    }
    this.logger.info('corpus change started', { by: shards });
    const version = await made;
    if (version === undefined || version === 'gone') {
      this.logger.error('a process lost the corpus change lock', {
        shards,
        reason: version === 'gone' ? 'it exited' : `no answer in ${this.limits.holdMs} ms`,
      });
      return;
    }
    const spread = version === null ? null : await this.spread(shard, version);
    if (spread) this.logger.info('corpus change spread', { by: shards, version, ...spread });
    await this.send(shard, { kind: 'kursk:change-spread', changeId, spread });
  }

  /** Every other process reloads; a process that cannot keeps its old version and is named. */
  private async spread(origin: Shard, version: string): Promise<ChangeSpread> {
    const others = [...this.manager.shards.values()].filter((shard) => shard !== origin);
    const results = await Promise.all(others.map(async (shard) => ({ shards: [...this.shardsOf(shard)], reason: await this.reloadOn(shard, version) })));
    const failed = results.filter((result): result is { shards: number[]; reason: string } => result.reason !== undefined);
    // Counted from answers: the process that made the change, and each that reloaded to its version.
    return { processes: this.manager.shards.size, serving: 1 + results.length - failed.length, failed };
  }

  /** Undefined when the process now serves `version`, else why not. */
  private async reloadOn(shard: Shard, version: string): Promise<string | undefined> {
    if (!shard.process) return 'not running (it reads the folder when it restarts)';
    const reloadId = randomUUID();
    const answered = this.answer(shard, this.reloads, reloadId, this.limits.reloadMs);
    if (!(await this.send(shard, { kind: 'kursk:reload', reloadId }))) {
      this.reloads.delete(reloadId);
      return 'could not be reached';
    }
    const result = await answered;
    if (result === undefined) return `no answer within ${this.limits.reloadMs / 1000} s`;
    if (result === 'gone') return 'exited while reloading (it reads the folder when it restarts)';
    if (!result.ok) return `reload failed: ${result.error}`;
    return result.version === version ? undefined : `serves version ${result.version}`;
  }

  /** What the process answers under `id`, 'gone' if it exits first, undefined after `timeoutMs`. */
  private answer<T>(shard: Shard, waiting: Map<string, (value: T) => void>, id: string, timeoutMs: number): Promise<T | 'gone' | undefined> {
    return new Promise((resolve) => {
      const finish = (value: T | 'gone' | undefined) => {
        clearTimeout(timer);
        shard.off('death', onDeath);
        waiting.delete(id);
        resolve(value);
      };
      const onDeath = () => finish('gone');
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      shard.once('death', onDeath);
      waiting.set(id, finish);
    });
  }

  private async send(shard: Shard, message: ToProcess): Promise<boolean> {
    try {
      await shard.send(message);
      return true;
    } catch (error) {
      this.logger.warn('could not message a process', { shards: this.shardsOf(shard), kind: message.kind, error });
      return false;
    }
  }
}
