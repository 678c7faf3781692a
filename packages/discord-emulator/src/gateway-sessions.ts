/** Waiting for gateway sessions (ready, resumed, identified) and finding the one that owns a guild. */
import type { Gateway, GatewaySession } from './gateway.js';
import { shardIdForGuild } from './snowflake.js';

/**
 * Resolves once a client has identified (or resumed) every shard 0..count-1, where count is the shard
 * count it identified with (or `shardCount`, if given) and each live session has received its guilds.
 */
export function waitForReady(gateway: Gateway, options: { shardCount?: number; timeoutMs?: number }): Promise<void> {
  const check = (): boolean => {
    const count = options.shardCount ?? gateway.shardCount();
    if (count === null) return false;
    const live = gateway.liveSessions();
    for (let id = 0; id < count; id++) if (!live.some((s) => s.shard[0] === id && s.shard[1] === count)) return false;
    return true;
  };
  return waitForGateway(gateway, check, options.timeoutMs ?? 10_000, 'all shards to be ready');
}

/** Resolves when the next IDENTIFY or RESUME (after this call) has been answered. */
export function nextSession(gateway: Gateway, event: 'resume' | 'identify', op: string, timeoutMs: number): Promise<GatewaySession> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      gateway.off(event, on);
      reject(new Error(`DiscordEmulator: no ${op} within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    const on = (s: GatewaySession): void => {
      clearTimeout(timer);
      resolve(s);
    };
    gateway.once(event, on);
  });
}

function waitForGateway(gateway: Gateway, check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const on = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      gateway.off('change', on);
      resolve();
    };
    const timer = setTimeout(() => {
      gateway.off('change', on);
      reject(new Error(`DiscordEmulator: timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    timer.unref();
    gateway.on('change', on);
  });
}

/** The live session of the shard that owns `guildId` (null: shard 0). */
export function sessionFor(gateway: Gateway, guildId: string | null): GatewaySession {
  const count = gateway.shardCount();
  if (count === null) throw new Error('DiscordEmulator: no client has identified yet (await waitForReady())');
  const shardId = guildId === null ? 0 : shardIdForGuild(guildId, count);
  const session = gateway.sessionForShard(shardId);
  if (!session) throw new Error(`DiscordEmulator: no gateway session for shard ${shardId}`);
  return session;
}
