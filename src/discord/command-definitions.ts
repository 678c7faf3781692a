/**
 * Commands are defined as the JSON Discord takes, kept with their literal option names, so the
 * handlers read options by names the compiler checks against the definition: renaming an option in
 * its definition cannot compile with a stale name in its handler (as Yuudachi derives its handlers'
 * arguments from `satisfies`-checked definitions).
 */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Attachment, ChatInputCommandInteraction, User } from 'discord.js';

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type SlashCommandDefinition = DeepReadonly<RESTPostAPIChatInputApplicationCommandsJSONBody>;
export type MessageCommandDefinition = DeepReadonly<RESTPostAPIContextMenuApplicationCommandsJSONBody>;

/** Where members may use a command: servers, the bot's DMs and group DMs. */
export const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel] as const;

/** The report a command is about, picked with autocomplete from its id or title (/source, /corpus remove). */
export const SOURCE_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'source',
  description: 'The report (start typing its id or title)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

/** Checks a definition against Discord's shape and keeps its literal names and types. */
export function defineSlashCommand<const D extends SlashCommandDefinition>(definition: D): D {
  return definition;
}

export function defineMessageCommand<const D extends MessageCommandDefinition>(definition: D): D {
  return definition;
}

/** Every option of a definition, those of its subcommands included. */
type OptionOf<D> = D extends { readonly options?: readonly (infer O)[] } ? O | OptionOf<O> : never;
/** The names of a definition's options of one type. */
type NameOf<D, T extends ApplicationCommandOptionType> =
  Extract<OptionOf<D>, { readonly type: T }> extends { readonly name: infer N extends string } ? N : never;

/** The options of an interaction, read by the names its command's definition gives them. */
export function optionsOf<D extends SlashCommandDefinition>(interaction: ChatInputCommandInteraction, _definition: D) {
  const { options } = interaction;
  return {
    subcommand: () => options.getSubcommand(true) as NameOf<D, ApplicationCommandOptionType.Subcommand>,
    string: (name: NameOf<D, ApplicationCommandOptionType.String>): string | null => options.getString(name),
    requiredString: (name: NameOf<D, ApplicationCommandOptionType.String>): string => options.getString(name, true),
    integer: (name: NameOf<D, ApplicationCommandOptionType.Integer>): number | null => options.getInteger(name),
    boolean: (name: NameOf<D, ApplicationCommandOptionType.Boolean>): boolean | null => options.getBoolean(name),
    user: (name: NameOf<D, ApplicationCommandOptionType.User>): User | null => options.getUser(name),
    requiredAttachment: (name: NameOf<D, ApplicationCommandOptionType.Attachment>): Attachment => options.getAttachment(name, true),
  };
}
