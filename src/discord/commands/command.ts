import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../../log.js';
import type { LiveIndex } from '../../search/live-index.js';

/** What every handler may use. */
export interface CommandContext {
  readonly live: LiveIndex;
  readonly moderatorRoleIds: readonly string[];
  readonly logger: Logger;
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
