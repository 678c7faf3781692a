import { randomBytes } from 'node:crypto';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { FetchOptions } from '../import/fetch-page.js';
import type { Logger } from '../log.js';
import type { LiveIndex } from '../search/live-index.js';
import { buttonHandlers, messageCommands, slashCommands } from './commands/index.js';
import type { CommandContext, HandlerResult } from './commands/command.js';
import { PublicAnswerLimiter } from './public-answer-limiter.js';
import { respond } from './responder.js';

export interface Bot {
  readonly client: Client;
  start(): Promise<void>;
  /** Stops taking interactions, lets those under way finish (at most `drainMs`), then disconnects. */
  stop(drainMs?: number): Promise<void>;
}

type BotSettings = Pick<BotConfig, 'DISCORD_TOKEN' | 'MODERATOR_ROLE_IDS'> & Partial<Pick<BotConfig, 'DISCORD_API_URL' | 'SHARDS'>>;

/** Long enough for a reply to go out; short enough that a stop never hangs on a stuck request. */
const DEFAULT_DRAIN_MS = 5_000;

/** The Discord edge: a discord.js client that hands each interaction to its command's handler. */
/** `publicAnswers`: the flood limits for public answers (tests not about them pass a limiter without waits). */
/** `pageFetch`: how /corpus add-url fetches pages; only tests pass one (see CommandContext). */
export function createBot(config: BotSettings, live: LiveIndex, logger: Logger, publicAnswers = new PublicAnswerLimiter(), pageFetch?: FetchOptions): Bot {
  const client = new Client({
    // Slash commands need no other intent, and no privileged one.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
    // Every shard of this process shares the one live index, so a /reload on any shard serves all.
    ...(config.SHARDS === 'auto' ? { shards: 'auto' as const } : config.SHARDS ? { shards: [...Array(config.SHARDS).keys()], shardCount: config.SHARDS } : {}),
  });
  const context: CommandContext = { live, moderatorRoleIds: config.MODERATOR_ROLE_IDS, logger, publicAnswers, ...(pageFetch ? { pageFetch } : {}) };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.once(Events.ClientReady, (ready) => logger.info('connected', { user: ready.user.tag, guilds: ready.guilds.cache.size }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway disconnected', { shard, code: event.code }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway resumed', { shard, replayed }));
  client.on(Events.Error, (error) => logger.error('client error', { error }));
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    const handled = handleInteraction(interaction, context);
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
      if (inFlight.size > 0) {
        logger.info('draining interactions', { inFlight: inFlight.size });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)));
        await Promise.race([Promise.allSettled(inFlight), timeout]);
        clearTimeout(timer);
      }
      await client.destroy();
    },
  };
}

/** Runs the handler; whatever it throws, the user gets a short answer and the log the error, both with one id. */
async function handleInteraction(interaction: Interaction, context: CommandContext): Promise<void> {
  if (!interaction.isRepliable() && !interaction.isAutocomplete()) return;
  const started = performance.now();
  const fields = { ...describe(interaction), user: interaction.user.id, guild: interaction.guildId };
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

