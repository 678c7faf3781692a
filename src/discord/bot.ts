import { randomBytes } from 'node:crypto';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { LiveIndex } from '../search/live-index.js';
import { commands } from './commands/index.js';
import type { CommandContext, HandlerResult } from './commands/command.js';
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
export function createBot(config: BotSettings, live: LiveIndex, logger: Logger): Bot {
  const client = new Client({
    // Slash commands need no other intent, and no privileged one.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
    // Every shard of this process shares the one live index, so a /reload on any shard serves all.
    ...(config.SHARDS === 'auto' ? { shards: 'auto' as const } : config.SHARDS ? { shards: [...Array(config.SHARDS).keys()], shardCount: config.SHARDS } : {}),
  });
  const context: CommandContext = { live, moderatorRoleIds: config.MODERATOR_ROLE_IDS, logger };
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
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
  const started = performance.now();
  const command = commands.get(interaction.commandName);
  const fields = { command: interaction.commandName, user: interaction.user.id, guild: interaction.guildId, kind: interaction.isAutocomplete() ? 'autocomplete' : 'command' };
  try {
    if (!command) throw new Error(`no handler for /${interaction.commandName}`);
    let result: HandlerResult;
    if (interaction.isAutocomplete()) result = command.autocomplete ? await command.autocomplete(interaction, context) : (await interaction.respond([]), {});
    else result = await command.execute(interaction, context);
    context.logger.info('interaction', { ...fields, latencyMs: elapsed(started), ...result });
  } catch (error) {
    const errorId = randomBytes(4).toString('hex');
    context.logger.error('interaction failed', { ...fields, latencyMs: elapsed(started), errorId, error });
    if (interaction.isAutocomplete()) return;
    await respond(interaction, { content: `Something went wrong (error id ${errorId}). Please try again.` }, { ephemeral: true }).catch((replyError: unknown) =>
      context.logger.error('could not tell the user about a failure', { errorId, error: replyError }),
    );
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

