import { randomBytes } from 'node:crypto';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { LiveIndex } from '../search/live-index.js';
import { buttonHandlers, messageCommands, slashCommands } from './commands/index.js';
import type { CommandContext, HandlerResult } from './commands/command.js';
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

type BotSettings = Pick<BotConfig, 'DISCORD_TOKEN' | 'MODERATOR_ROLE_IDS'> & Partial<Pick<BotConfig, 'DISCORD_API_URL' | 'SHARDS'>>;

/**
 * Enough for every owed answer to go out (discord.js sends at most 50 edits a second) and for a
 * /corpus change (a 10 s download, a reload) to finish; short enough that a stuck request cannot hold a stop.
 */
const DEFAULT_DRAIN_MS = 60_000;
const RESTARTING_MESSAGE = 'The bot is restarting; please try again in a few seconds.';

/** The Discord edge: a discord.js client that hands each interaction to its command's handler. */
/** `publicAnswers`: the flood limits for public answers (tests not about them pass a limiter without waits). */
export function createBot(config: BotSettings, live: LiveIndex, logger: Logger, publicAnswers = new PublicAnswerLimiter(), searches = new SearchQueue()): Bot {
  const client = new Client({
    // Slash commands need no other intent, and no privileged one.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
    // Every shard of this process shares the one live index, so a /reload on any shard serves all.
    ...(config.SHARDS === 'auto' ? { shards: 'auto' as const } : config.SHARDS ? { shards: [...Array(config.SHARDS).keys()], shardCount: config.SHARDS } : {}),
  });
  const context: CommandContext = { live, moderatorRoleIds: config.MODERATOR_ROLE_IDS, logger, publicAnswers, searches };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.once(Events.ClientReady, (ready) => logger.info('connected', { user: ready.user.tag, guilds: ready.guilds.cache.size }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway disconnected', { shard, code: event.code }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway resumed', { shard, replayed }));
  client.on(Events.Error, (error) => logger.error('client error', { error }));
  client.on(Events.InteractionCreate, (interaction) => {
    // Called as each interaction arrives: acknowledgements start here, before any queued search runs.
    const handled = stopping ? answerRestarting(interaction, logger) : handleInteraction(interaction, context);
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
      let timedOut = false;
      const timer = setTimeout(() => (timedOut = true), drainMs);
      // Interactions still arrive until the gateway closes; each is told to try again, and waited for too.
      while (inFlight.size > 0 && !timedOut) await Promise.race([Promise.allSettled(inFlight), new Promise((resolve) => setTimeout(resolve, 100))]);
      clearTimeout(timer);
      const drained = inFlight.size === 0;
      if (!drained) logger.error('stopped with interactions unanswered', { inFlight: inFlight.size, drainMs });
      await client.destroy();
      return drained;
    },
  };
}

/** Runs the handler; whatever it throws, the user gets a short answer and the log the error, both with one id. */
async function handleInteraction(interaction: Interaction, context: CommandContext): Promise<void> {
  if (!interaction.isRepliable() && !interaction.isAutocomplete()) return;
  const started = performance.now();
  const fields = { ...describe(interaction), user: interaction.user.id, guild: interaction.guildId };
  if (expired(interaction)) {
    // Its 3 s passed before it reached us: Discord would refuse any answer, so no work is spent on it.
    context.logger.info('interaction', { ...fields, latencyMs: 0, outcome: 'expired', ageMs: Date.now() - interaction.createdTimestamp });
    return;
  }
  try {
    const result = await dispatch(interaction, context);
    context.logger.info('interaction', { ...fields, latencyMs: elapsed(started), ...result });
  } catch (error) {
    const errorId = randomBytes(4).toString('hex');
    context.logger.error('interaction failed', { ...fields, latencyMs: elapsed(started), errorId, error });
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
  if (interaction.isChatInputCommand()) return required(slashCommands.get(interaction.commandName), `/${interaction.commandName}`).execute(interaction, context);
  if (interaction.isAutocomplete()) {
    const command = required(slashCommands.get(interaction.commandName), `/${interaction.commandName}`);
    if (command.autocomplete) return command.autocomplete(interaction, context);
    await interaction.respond([]);
    return {};
  }
  if (interaction.isMessageContextMenuCommand()) return required(messageCommands.get(interaction.commandName), interaction.commandName).execute(interaction, context);
  if (interaction.isButton()) {
    const prefix = interaction.customId.split(':', 1)[0]!;
    return required(buttonHandlers.get(prefix), `button ${prefix}`).handle(interaction, context);
  }
  throw new Error(`no handler for interaction type ${interaction.type}`);
}

function required<T>(handler: T | undefined, name: string): T {
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler;
}

function describe(interaction: Interaction): Record<string, string> {
  if (interaction.isButton()) return { kind: 'button', button: interaction.customId.split(':', 2).join(':') };
  if (interaction.isCommand() || interaction.isAutocomplete()) {
    return { kind: interaction.isAutocomplete() ? 'autocomplete' : interaction.isMessageContextMenuCommand() ? 'message command' : 'command', command: interaction.commandName };
  }
  return { kind: `type ${interaction.type}` };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

