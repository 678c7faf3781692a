import { z } from 'zod';
import { DEFAULT_CORPUS_DIR } from '../corpus/corpus-dir.js';
import { LOG_LEVELS } from '../log.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

/** A comma-separated list of Discord ids; empty or unset is an empty list. */
const snowflakeList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((id) => id.trim()).filter(Boolean))
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

export type ConfigResult = { ok: true; config: BotConfig } | { ok: false; message: string };

/**
 * Reads the configuration from the environment. A missing or malformed variable gives one line
 * naming it (never its value, which may be the token) and where to look.
 */
export function readConfig(environment: NodeJS.ProcessEnv): ConfigResult {
  const blankAsMissing = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = environmentSchema.safeParse(blankAsMissing);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  const problem = issue.code === 'invalid_type' && blankAsMissing[name] === undefined ? 'is missing' : issue.message;
  return {
    ok: false,
    message: `${name} ${problem}: set it in .env (see .env.example). To try the bot without Discord: npm run ask -- "your question"`,
  };
}
