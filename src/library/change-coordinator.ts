/**
 * How corpus changes are made one at a time across every process of the bot and reach all of them.
 * One process needs nothing of it (its live index is all there is); `npm run start:sharded` gives each
 * process one that asks the ShardingManager (src/discord/sharding/manager-link.ts).
 */

/** After a change: how many processes serve its version; the failed ones keep serving the old one. */
export interface ChangeSpread {
  readonly processes: number;
  readonly serving: number;
  /** Each by the shards it connects, with why. */
  readonly failed: readonly { readonly shards: readonly number[]; readonly reason: string }[];
}

export interface ChangeCoordinator {
  /**
   * Runs `change` (a write and this process's reload) while no other process changes the corpus; if
   * `versionOf` its result is a version (null: nothing changed), every other process then reloads.
   */
  serialise<T>(change: () => Promise<T>, versionOf: (result: T) => string | null): Promise<{ result: T; spread: ChangeSpread | null }>;
}

/** One process: the change is all there is to do. */
export const singleProcess: ChangeCoordinator = {
  async serialise(change) {
    return { result: await change(), spread: null };
  },
};
