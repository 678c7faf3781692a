import { REST, Routes } from 'discord.js';
import type { BotConfig } from '../config.js';
import { messageCommands, slashCommands } from './commands/index.js';

type DeploySettings = Pick<BotConfig, 'DISCORD_TOKEN' | 'DISCORD_CLIENT_ID'> & Partial<Pick<BotConfig, 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'>>;

/** The command definitions as Discord receives them. */
export function commandDefinitions() {
  return [...[...slashCommands.values()].map((command) => command.data.toJSON()), ...[...messageCommands.values()].map((command) => command.data.toJSON())];
}

/**
 * Registers every command in one bulk overwrite: to one server when DISCORD_GUILD_ID is set (instant,
 * for testing), otherwise globally. Run on deploy, not at start: Discord limits command creates per day.
 */
export async function registerCommands(config: DeploySettings): Promise<{ scope: string; count: number }> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_CLIENT_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_CLIENT_ID);
  const registered = (await rest.put(route, { body: commandDefinitions() })) as unknown[];
  return { scope: config.DISCORD_GUILD_ID ? `server ${config.DISCORD_GUILD_ID}` : 'all servers (global)', count: registered.length };
}
