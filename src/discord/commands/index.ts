import * as ask from './ask.js';
import type { SlashCommand } from './command.js';
import * as reload from './reload.js';
import * as source from './source.js';

/** Every slash command of the bot, by name. */
export const commands: ReadonlyMap<string, SlashCommand> = new Map([ask, source, reload].map((command) => [command.data.name, command]));
