import { REST, Routes } from 'discord.js';
import { messageCommands, slashCommands } from './commands/index.js';
import type { BotConfig } from './config.js';

type DeploySettings = Pick<BotConfig, 'DISCORD_TOKEN' | 'DISCORD_CLIENT_ID'> &
  Partial<Pick<BotConfig, 'DISCORD_GUILD_ID' | 'DISCORD_API_URL' | 'ADMIN_GUILD_IDS'>>;

/** Commands that change the corpus: registered only in the operator's admin servers. */
const CORPUS_COMMANDS: ReadonlySet<string> = new Set(['reload', 'corpus']);

/** The command definitions as Discord receives them: for every server, or for the admin servers. */
export function commandDefinitions(scope: 'public' | 'admin') {
  const definitions = [...[...slashCommands.values()].map((command) => command.data), ...[...messageCommands.values()].map((command) => command.data)];
  return definitions.filter((definition) => CORPUS_COMMANDS.has(definition.name) === (scope === 'admin'));
}

export interface Registration {
  /** "all servers (global)" or "server <id>". */
  readonly scope: string;
  readonly names: readonly string[];
}

/**
 * Registers the commands, one bulk overwrite per scope: /ask, /source and Find in reports globally
 * (or to DISCORD_GUILD_ID only, instant, for testing), /reload and /corpus to each admin server.
 * A server shows its own commands and the global ones together, so each command goes to exactly one
 * scope per server: an admin server that is also DISCORD_GUILD_ID gets both sets in one overwrite.
 * Run on deploy, not at start: Discord limits command creates per day.
 */
export async function registerCommands(config: DeploySettings): Promise<Registration[]> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const bodies = new Map<string | undefined, ReturnType<typeof commandDefinitions>>([[config.DISCORD_GUILD_ID, commandDefinitions('public')]]);
  for (const guildId of new Set(config.ADMIN_GUILD_IDS ?? [])) bodies.set(guildId, [...(bodies.get(guildId) ?? []), ...commandDefinitions('admin')]);
  const registrations: Registration[] = [];
  for (const [guildId, body] of bodies) {
    const route = guildId ? Routes.applicationGuildCommands(config.DISCORD_CLIENT_ID, guildId) : Routes.applicationCommands(config.DISCORD_CLIENT_ID);
    const registered = (await rest.put(route, { body })) as { name: string }[];
    registrations.push({ scope: guildId ? `server ${guildId}` : 'all servers (global)', names: registered.map((command) => command.name) });
  }
  return registrations;
}
