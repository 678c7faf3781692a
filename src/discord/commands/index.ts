import type { MessageCommand, SlashCommand } from '../handler.js';
import * as ask from './ask.js';
import * as corpus from './corpus.js';
import * as findInReports from './find-in-reports.js';
import * as reload from './reload.js';
import * as source from './source.js';

/** Every slash command of the bot, by name. */
export const slashCommands: ReadonlyMap<string, SlashCommand> = new Map([ask, source, reload, corpus].map((command) => [command.data.name, command]));

/** Every message-menu command, by name. */
export const messageCommands: ReadonlyMap<string, MessageCommand> = new Map([findInReports].map((command: MessageCommand) => [command.data.name, command]));
