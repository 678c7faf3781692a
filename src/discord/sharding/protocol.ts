/**
 * The messages the ShardingManager and its processes exchange over discord.js's IPC (shard.send /
 * process.send) to make one corpus change at a time and spread it. Each side validates what it
 * receives: discord.js's own messages (_ready, _eval…) share the channel and are not ours.
 */
import { z } from 'zod';
import type { ChangeSpread } from '../../library/change-coordinator.js';

/** Which process: the shards it connects (the manager knows each process by them). */
const shards = z.array(z.number().int().min(0));

/** One process's answer to "reload": the corpus version it now serves, or why it could not. */
export const reloadResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), version: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ReloadResult = z.infer<typeof reloadResult>;

export const spread: z.ZodType<ChangeSpread> = z.object({
  processes: z.number().int().min(1),
  serving: z.number().int().min(0),
  failed: z.array(z.object({ shards, reason: z.string() })),
});

/** From a process to the manager. */
export const toManager = z.discriminatedUnion('kind', [
  /** "May I change the corpus?": answered by change-granted once no other process is changing it. */
  z.object({ kind: z.literal('kursk:change-request'), changeId: z.string() }),
  /** The change is made here; `version` is what this process now serves, null if nothing changed (nothing to spread). */
  z.object({ kind: z.literal('kursk:change-made'), changeId: z.string(), version: z.string().nullable() }),
  z.object({ kind: z.literal('kursk:reload-result'), reloadId: z.string(), result: reloadResult }),
]);
export type ToManager = z.infer<typeof toManager>;

/** From the manager to a process. */
export const toProcess = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kursk:change-granted'), changeId: z.string() }),
  /** Answers change-made: the lock is released, and this is who serves the new version. */
  z.object({ kind: z.literal('kursk:change-spread'), changeId: z.string(), spread: spread.nullable() }),
  /** Another process changed the corpus folder: re-read it. */
  z.object({ kind: z.literal('kursk:reload'), reloadId: z.string() }),
]);
export type ToProcess = z.infer<typeof toProcess>;
