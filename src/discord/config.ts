import { z } from 'zod';
import { DEFAULT_CORPUS_DIR } from '../corpus/corpus-dir.js';
import { LOG_LEVELS } from '../log.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

/** A comma-separated list of Discord ids; empty or unset is an empty list. */
const snowflakeList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(snowflake));

/** Every variable the bot reads; .env.example documents each. */
const environmentSchema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1, 'is missing'),
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  MODERATOR_ROLE_IDS: snowflakeList,
  /** The operator's own servers: the only places the corpus can be changed from (none: nowhere). */
  ADMIN_GUILD_IDS: snowflakeList,
  /** The operator's accounts: may change the corpus in an admin server without Manage Server or a moderator role. */
  OWNER_USER_IDS: snowflakeList,
  CORPUS_DIR: z.string().trim().min(1).default(DEFAULT_CORPUS_DIR),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Send REST through this @discordjs/proxy (its /api base) instead of straight to DISCORD_API_URL, so
   * every process of the bot shares one rate limit. `npm run start:sharded` sets it for its processes.
   */
  REST_PROXY_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** "off": answer by words alone, without loading the sentence encoder (its thread and about 150 MB). */
  SEARCH_MEANING: z.enum(['on', 'off']).default('on'),
  /** Opt-in: serve /metrics and /healthz on this port (see src/discord/monitoring.ts). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The address that port listens on; the default keeps it off the network. */
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Internal sharding: "auto" (Discord's recommended count) or a number of shards, all in this process. */
  SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).optional(),
});

export type BotConfig = z.infer<typeof environmentSchema>;

const shardId = z
  .string()
  .regex(/^\d{1,5}$/, 'must be shard ids (whole numbers from 0)')
  .transform(Number);

/** What `npm run start:sharded` (the ShardingManager process) reads besides the bot's own variables. */
const shardingSchema = z
  .object({
    /** Shards of the whole bot, on every machine: "auto" (Discord's recommended count) or a number. */
    TOTAL_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(16_384)]).default('auto'),
    /** The shards this machine runs (comma-separated ids); unset: all of them. */
    SHARD_LIST: z
      .string()
      .optional()
      .transform((value) =>
        value === undefined
          ? undefined
          : value
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
      )
      .pipe(z.array(shardId).min(1).optional()),
    /** Shards each process connects (discord.js internal sharding inside each process). */
    SHARDS_PER_PROCESS: z.coerce.number().int().min(1).max(64).default(1),
    /** Port of the REST proxy the manager starts on 127.0.0.1 (0: any free port). Ignored when REST_PROXY_URL is set. */
    REST_PROXY_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  })
  .check((context) => {
    const { TOTAL_SHARDS, SHARD_LIST } = context.value;
    if (SHARD_LIST && TOTAL_SHARDS === 'auto') {
      context.issues.push({
        code: 'custom',
        path: ['SHARD_LIST'],
        input: SHARD_LIST,
        message: 'needs TOTAL_SHARDS set to a number (every machine must agree on it)',
      });
    } else if (SHARD_LIST && typeof TOTAL_SHARDS === 'number' && SHARD_LIST.some((id) => id >= TOTAL_SHARDS)) {
      context.issues.push({ code: 'custom', path: ['SHARD_LIST'], input: SHARD_LIST, message: 'names a shard id not below TOTAL_SHARDS' });
    }
  });

export type ShardingConfig = z.infer<typeof shardingSchema>;

export type ConfigResult = { ok: true; config: BotConfig } | { ok: false; message: string };

/**
 * Reads the configuration from the environment. A missing or malformed variable gives one line
 * naming it (never its value, which may be the token) and where to look.
 */
export function readConfig(environment: NodeJS.ProcessEnv): ConfigResult {
  return parseEnvironment(environmentSchema, environment);
}

/** The ShardingManager's own settings, read and reported as readConfig does. */
export function readShardingConfig(environment: NodeJS.ProcessEnv): { ok: true; config: ShardingConfig } | { ok: false; message: string } {
  return parseEnvironment(shardingSchema, environment);
}

function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  environment: NodeJS.ProcessEnv,
): { ok: true; config: z.infer<Schema> } | { ok: false; message: string } {
  const blankAsMissing = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = schema.safeParse(blankAsMissing);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  const problem = issue.code === 'invalid_type' && blankAsMissing[name] === undefined ? 'is missing' : issue.message;
  return {
    ok: false,
    message: `${name} ${problem}: set it in .env (see .env.example). To try the bot without Discord: npm run ask -- "your question"`,
  };
}
