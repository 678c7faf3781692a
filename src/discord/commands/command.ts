import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../../log.js';
import type { LiveIndex } from '../../search/live-index.js';
import type { PublicAnswerLimiter } from '../public-answer-limiter.js';
import type { SearchQueue } from '../search-queue.js';

/** What every handler may use. */
export interface CommandContext {
  readonly live: LiveIndex;
  readonly moderatorRoleIds: readonly string[];
  readonly logger: Logger;
  readonly publicAnswers: PublicAnswerLimiter;
  /** Where searches wait their turn, so acknowledgements go first. */
  readonly searches: SearchQueue;
}

/** Facts a handler reports for the interaction's log line. */
export interface HandlerResult {
  readonly results?: number;
  readonly outcome?: string;
}

/** A slash command: its definition (data, registered by deploy-commands) and its handlers. */
export interface SlashCommand {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<HandlerResult>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<HandlerResult>;
}

/** A command in a message's "Apps" menu: it receives the message it was used on. */
export interface MessageCommand {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
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
