import { randomBytes } from 'node:crypto';
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Options, type Interaction } from 'discord.js';
import { Agent } from 'undici';
import type { FetchOptions } from '../import/fetch-page.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../log.js';
import { UNKNOWN_BUTTON } from './answer-components.js';
import { AnswerMemory } from './answer-memory.js';
import { attachmentOrigins } from './attachment-download.js';
import { buttonHandlers } from './buttons/index.js';
import { messageCommands, slashCommands } from './commands/index.js';
import type { BotConfig } from './config.js';
import { UnusableRequest, WRONG_OPTIONS, type CommandContext, type HandlerResult } from './handler.js';
import { UNBOUNDED_GLOBAL_RATE } from './limits.js';
import type { BotMonitor } from './monitoring.js';
import { PendingImports } from './pending-imports.js';
import { PublicAnswerLimiter } from './public-answer-limiter.js';
import { respond } from './responder.js';
import { expired, SearchQueue } from './search-queue.js';

export interface Bot {
  readonly client: Client;
  start(): Promise<void>;
  /**
   * Drains, then disconnects: interactions under way finish (a /corpus change with its reload or
   * undo included), and those arriving meanwhile are told to try again. Gives up after `drainMs`.
   * Resolves to whether everything was answered.
   */
  stop(drainMs?: number): Promise<boolean>;
}

type BotSettings = Pick<BotConfig, 'DISCORD_TOKEN' | 'MODERATOR_ROLE_IDS' | 'ADMIN_GUILD_IDS' | 'OWNER_USER_IDS'> &
  Partial<Pick<BotConfig, 'DISCORD_API_URL' | 'REST_PROXY_URL' | 'SHARDS'>>;

/**
 * discord.js keeps every member, user and message an interaction carries, forever (about 3 KB per
 * member). The bot never reads them back: everything it needs comes with the interaction. So those
 * caches keep nothing but the bot's own member and user; guilds, channels and roles stay.
 */
const CACHE_LIMITS = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
  MessageManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  PresenceManager: 0,
  VoiceStateManager: 0,
  ThreadMemberManager: 0,
  GuildEmojiManager: 0,
  BaseGuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  StageInstanceManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  AutoModerationRuleManager: 0,
  ApplicationCommandManager: 0,
});

/** Besides discord.js's default (archived threads), members and users beyond the bot's own are swept hourly. */
const SWEEPERS = {
  ...Options.DefaultSweeperSettings,
  guildMembers: { interval: 3_600, filter: () => (member: { id: string; client: Client<true> }) => member.id !== member.client.user.id },
  users: { interval: 3_600, filter: () => (user: { id: string; client: Client<true> }) => user.id !== user.client.user.id },
};

/**
 * Enough for every owed answer to go out (250 at most, see search-queue.ts) and for a
 * /corpus change (a 10 s download, a reload) to finish; short enough that a stuck request cannot hold a stop.
 */
const DEFAULT_DRAIN_MS = 60_000;
/** Connections to Discord's API at once; requests past them wait in the pool's queue. */
const REST_CONNECTIONS = 64;
const RESTARTING_MESSAGE = 'The bot is restarting; please try again in a few seconds.';

/** The Discord edge: a discord.js client that hands each interaction to its command's handler. */
/** What tests (and only tests) change: the flood limits, how /corpus add-url fetches pages, the search queue's limits. */
export interface BotOptions {
  readonly publicAnswers?: PublicAnswerLimiter;
  readonly pageFetch?: FetchOptions;
  readonly searches?: SearchQueue;
  /** Counts each interaction for /metrics and watches the gateway for /healthz (METRICS_PORT). */
  readonly monitor?: BotMonitor;
}

export function createBot(config: BotSettings, library: Library, logger: Logger, options: BotOptions = {}): Bot {
  const { publicAnswers = new PublicAnswerLimiter(), pageFetch, searches = new SearchQueue(), monitor } = options;
  const client = new Client({
    // Slash commands need no other intent, and no privileged one.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    makeCache: CACHE_LIMITS,
    sweepers: SWEEPERS,
    // A bounded pool of kept-alive connections: a burst's 2,000 acknowledgements otherwise open 2,000
    // sockets at once, and setting them up made hundreds miss Discord's 3 s (npm run load:burst).
    rest: {
      agent: new Agent({ connections: REST_CONNECTIONS }),
      globalRequestsPerSecond: UNBOUNDED_GLOBAL_RATE,
      ...(config.REST_PROXY_URL || config.DISCORD_API_URL ? { api: config.REST_PROXY_URL ?? config.DISCORD_API_URL } : {}),
    },
    // Every shard of this process shares the one library index, so a /reload on any shard serves all.
    ...(config.SHARDS === 'auto' ? { shards: 'auto' as const } : config.SHARDS ? { shards: [...Array(config.SHARDS).keys()], shardCount: config.SHARDS } : {}),
  });
  const access = { adminGuildIds: config.ADMIN_GUILD_IDS, ownerUserIds: config.OWNER_USER_IDS, moderatorRoleIds: config.MODERATOR_ROLE_IDS };
  const context: CommandContext = {
    library,
    access,
    logger,
    publicAnswers,
    searches,
    pendingImports: new PendingImports(),
    answers: new AnswerMemory(),
    attachmentOrigins: attachmentOrigins(config.DISCORD_API_URL),
    ...(pageFetch ? { pageFetch } : {}),
  };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  monitor?.watchGateway(client);

  client.once(Events.ClientReady, (ready) => logger.info('connected', { user: ready.user.tag, guilds: ready.guilds.cache.size }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway disconnected', { shard, code: event.code }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway resumed', { shard, replayed }));
  client.on(Events.Error, (error) => logger.error('client error', { error }));
  client.on(Events.InteractionCreate, (interaction) => {
    // Called as each interaction arrives: acknowledgements start here, before any queued search runs.
    const handled = stopping ? answerRestarting(interaction, logger) : handleInteraction(interaction, context, monitor);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });

  return {
    client,
    async start() {
      await client.login(config.DISCORD_TOKEN);
    },
    async stop(drainMs = DEFAULT_DRAIN_MS) {
      stopping = true;
      if (inFlight.size > 0) logger.info('draining interactions', { inFlight: inFlight.size });
      const deadline = performance.now() + drainMs;
      // Interactions still arrive until the gateway closes; each is told to try again, and waited for too.
      while (inFlight.size > 0 && performance.now() < deadline)
        await Promise.race([Promise.allSettled(inFlight), new Promise((resolve) => setTimeout(resolve, 100))]);
      const drained = inFlight.size === 0;
      if (!drained) logger.error('stopped with interactions unanswered', { inFlight: inFlight.size, drainMs });
      await client.destroy();
      return drained;
    },
  };
}

/** discord.js's errors for options that do not match what the handler asks for: the client's doing. */
const OPTION_ERRORS: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
]);

const NO_FORMS = 'This bot shows no forms, so it cannot take this one. Please use its commands (type /).';
const unknownCommand = (name: string) => `This bot has no command “${name}” any more (Discord may still show an older list). Type / to see its commands.`;

/** The error as an UnusableRequest when it comes from what the client sent, else undefined (our bug, or Discord failing). */
function asUnusable(error: unknown): UnusableRequest | undefined {
  if (error instanceof UnusableRequest) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && OPTION_ERRORS.has(code)) return new UnusableRequest(WRONG_OPTIONS, (error as Error).message);
  return undefined;
}

/**
 * Runs the handler. Bad client input gets a plain answer and a warning; anything else (our bug, or
 * Discord failing) gets a short answer and an error log line, both with one id.
 */
async function handleInteraction(interaction: Interaction, context: CommandContext, monitor?: BotMonitor): Promise<void> {
  if (!interaction.isRepliable() && !interaction.isAutocomplete()) return;
  const started = performance.now();
  const fields = { ...describe(interaction), user: interaction.user.id, guild: interaction.guildId };
  if (expired(interaction)) {
    // Its 3 s passed before it reached us: Discord would refuse any answer, so no work is spent on it.
    context.logger.info('interaction', { ...fields, latencyMs: 0, outcome: 'expired', ageMs: Date.now() - interaction.createdTimestamp });
    monitor?.recordInteraction({ kind: fields.kind, handler: handlerName(fields), latencyMs: 0, outcome: 'expired' });
    return;
  }
  try {
    const result = await dispatch(interaction, context);
    const latencyMs = elapsed(started);
    context.logger.info('interaction', { ...fields, latencyMs, ...result });
    monitor?.recordInteraction({ kind: fields.kind, handler: handlerName(fields), latencyMs, outcome: result.outcome });
  } catch (error) {
    const unusable = asUnusable(error);
    if (unusable) {
      const latencyMs = elapsed(started);
      context.logger.warn('interaction not usable', { ...fields, latencyMs, reason: unusable.message });
      monitor?.recordInteraction({ kind: fields.kind, handler: handlerName(fields), latencyMs, outcome: 'unusable' });
      const answered = interaction.isAutocomplete()
        ? interaction.responded
          ? undefined
          : interaction.respond([])
        : respond(interaction, { content: unusable.answer }, { ephemeral: true });
      await answered?.catch((replyError: unknown) => context.logger.error('could not answer an unusable interaction', { ...fields, error: replyError }));
      return;
    }
    const errorId = randomBytes(4).toString('hex');
    const latencyMs = elapsed(started);
    context.logger.error('interaction failed', { ...fields, latencyMs, errorId, error });
    monitor?.recordInteraction({ kind: fields.kind, handler: handlerName(fields), latencyMs, outcome: 'error' });
    if (!interaction.isRepliable()) return;
    await respond(interaction, { content: `Something went wrong (error id ${errorId}). Please try again.` }, { ephemeral: true }).catch((replyError: unknown) =>
      context.logger.error('could not tell the user about a failure', { errorId, error: replyError }),
    );
  }
}

/** During a stop: a quick answer instead of work, so nothing is left unanswered. */
async function answerRestarting(interaction: Interaction, logger: Logger): Promise<void> {
  if (!interaction.isRepliable() && !interaction.isAutocomplete()) return;
  const fields = { ...describe(interaction), user: interaction.user.id, guild: interaction.guildId, outcome: 'restarting' };
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else await respond(interaction, { content: RESTARTING_MESSAGE }, { ephemeral: true });
    logger.info('interaction', fields);
  } catch (error) {
    logger.warn('could not answer during a stop', { ...fields, error });
  }
}

/** Hands the interaction to the module that owns it. */
async function dispatch(interaction: Interaction, context: CommandContext): Promise<HandlerResult> {
  if (interaction.isChatInputCommand()) return known(slashCommands.get(interaction.commandName), `/${interaction.commandName}`).execute(interaction, context);
  if (interaction.isAutocomplete()) {
    const command = known(slashCommands.get(interaction.commandName), `/${interaction.commandName}`);
    if (command.autocomplete) return command.autocomplete(interaction, context);
    await interaction.respond([]);
    return {};
  }
  if (interaction.isMessageContextMenuCommand())
    return known(messageCommands.get(interaction.commandName), interaction.commandName).execute(interaction, context);
  if (interaction.isButton()) {
    const prefix = interaction.customId.split(':', 1)[0]!;
    const handler = buttonHandlers.get(prefix);
    if (!handler) throw new UnusableRequest(UNKNOWN_BUTTON, `no handler for button ${prefix}`);
    return handler.handle(interaction, context);
  }
  if (interaction.isModalSubmit()) throw new UnusableRequest(NO_FORMS, `a form this bot never shows (${interaction.customId})`);
  throw new UnusableRequest(UNKNOWN_BUTTON, `no handler for interaction type ${interaction.type}`);
}

/** The handler of a command, or an UnusableRequest for a command the bot does not have. */
function known<T>(handler: T | undefined, name: string): T {
  if (!handler) throw new UnusableRequest(unknownCommand(name), `no handler for ${name}`);
  return handler;
}

/** The handler an interaction's metrics are counted under: names the bot does not have are "unknown". */
function handlerName({ command, button }: { command?: string; button?: string }): string {
  if (button !== undefined) {
    const prefix = button.split(':', 1)[0]!;
    return buttonHandlers.has(prefix) ? prefix : 'unknown';
  }
  if (command === undefined) return 'none';
  return slashCommands.has(command) || messageCommands.has(command) ? command : 'unknown';
}

function describe(interaction: Interaction): { kind: string; command?: string; button?: string } {
  if (interaction.isButton()) return { kind: 'button', button: interaction.customId.split(':', 2).join(':') };
  if (interaction.isCommand() || interaction.isAutocomplete()) {
    return {
      kind: interaction.isAutocomplete() ? 'autocomplete' : interaction.isMessageContextMenuCommand() ? 'message command' : 'command',
      command: interaction.commandName,
    };
  }
  return { kind: `type ${interaction.type}` };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
