/** Discord snowflakes: (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment. */
export const DISCORD_EPOCH = 1420070400000n;

let lastTimestamp = 0n;
let increment = 0n;

/** A fresh, strictly increasing snowflake for "now" (or for `at`, if given). */
export function snowflake(at: number = Date.now()): string {
  let ts = BigInt(at) - DISCORD_EPOCH;
  if (ts < lastTimestamp) ts = lastTimestamp;
  if (ts === lastTimestamp) {
    increment += 1n;
    if (increment > 0xfffn) {
      ts += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = ts;
  return ((ts << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** The Unix time (ms) a snowflake was created at. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Discord's shard formula: shard_id = (guild_id >> 22) % shard_count. */
export function shardIdForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id (a valid snowflake) that Discord would route to `shardId` of `shardCount`. */
export function guildIdForShard(shardId: number, shardCount: number): string {
  let id = snowflake();
  while (shardIdForGuild(id, shardCount) !== shardId) {
    const ts = (BigInt(id) >> 22n) + 1n;
    id = ((ts << 22n) | (1n << 17n) | (2n << 12n)).toString();
  }
  return id;
}
