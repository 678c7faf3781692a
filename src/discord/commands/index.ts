import { answerButtonHandler } from '../answer-buttons.js';
import * as ask from './ask.js';
import type { ButtonHandler, MessageCommand, SlashCommand } from './command.js';
import * as corpus from './corpus.js';
import * as findInReports from './find-in-reports.js';
import * as reload from './reload.js';
import * as source from './source.js';

/** Every slash command of the bot, by name. */
export const slashCommands: ReadonlyMap<string, SlashCommand> = new Map([ask, source, reload, corpus].map((command) => [command.data.name, command]));

/** Every message-menu command, by name. */
export const messageCommands: ReadonlyMap<string, MessageCommand> = new Map([findInReports].map((command: MessageCommand) => [command.data.name, command]));

/** Button handlers, by the prefix of their custom ids. */
export const buttonHandlers: ReadonlyMap<string, ButtonHandler> = new Map([answerButtonHandler, corpus.importButtonHandler].map((handler: ButtonHandler) => [handler.prefix, handler]));
