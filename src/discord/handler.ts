import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, MessageContextMenuCommandInteraction } from 'discord.js';
import type { FetchOptions } from '../import/fetch-page.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../log.js';
import type { AnswerMemory } from './answer-memory.js';
import type { MessageCommandDefinition, SlashCommandDefinition } from './command-definitions.js';
import type { PendingImports } from './pending-imports.js';
import type { CorpusAccess } from './permissions.js';
import type { PublicAnswerLimiter } from './public-answer-limiter.js';
import type { SearchQueue } from './search-queue.js';

/** What every handler may use. */
export interface CommandContext {
  readonly library: Library;
  /** Who may change the corpus (its moderatorRoleIds also decide who may delete a public answer). */
  readonly access: CorpusAccess;
  /** Origins /corpus add downloads attachments from (Discord's CDN; in tests, the emulator's). */
  readonly attachmentOrigins: readonly string[];
  readonly logger: Logger;
  readonly publicAnswers: PublicAnswerLimiter;
  /** How /corpus add-url fetches pages: only tests set it (to reach their loopback server). */
  readonly pageFetch?: FetchOptions;
  /** Where searches wait their turn, so acknowledgements go first. */
  readonly searches: SearchQueue;
  /** The replies behind recent answers, for their buttons. */
  readonly answers: AnswerMemory;
  /** Imported pages waiting for their preview's Add or Cancel. */
  readonly pendingImports: PendingImports;
}

/**
 * What a client sent that the bot cannot act on: a command or form it does not have, options of the
 * wrong type (often a command list Discord has not refreshed yet). Not a bug of ours: the user gets
 * `answer`, the log a warning with `message`.
 */
export class UnusableRequest extends Error {
  constructor(
    readonly answer: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnusableRequest';
  }
}

/** The answer when a command's options are not what its definition says. */
export const WRONG_OPTIONS =
  "This command's options did not arrive as the bot expects (Discord may still show an older version of it). Please try again in a minute.";

/** Facts a handler reports for the interaction's log line. */
export interface HandlerResult {
  readonly results?: number;
  readonly outcome?: string;
}

/** A slash command: its definition (data, registered by deploy-commands) and its handlers. */
export interface SlashCommand {
  readonly data: SlashCommandDefinition;
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<HandlerResult>;
}

/** A command in a message's "Apps" menu: it receives the message it was used on. */
export interface MessageCommand {
  readonly data: MessageCommandDefinition;
  execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<HandlerResult>;
}

/**
 * Buttons whose custom id starts with `prefix` + ":". The custom id carries all the button needs
 * (it outlives the process that made it), so handlers never rely on memory of the message.
 */
export interface ButtonHandler {
  readonly prefix: string;
  handle(interaction: ButtonInteraction, context: CommandContext): Promise<HandlerResult>;
}
