import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { lookUpSource, matchSources } from '../../answer/source-lookup.js';
import { defineSlashCommand, EVERYWHERE, optionsOf, SOURCE_OPTION } from '../command-definitions.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { DiscordLimits } from '../limits.js';
import { renderSourceLookup, sourceChoices } from '../render-source.js';
import { respond } from '../responder.js';

export const data = defineSlashCommand({
  name: 'source',
  description: 'Show a report, or one of its paragraphs in full',
  contexts: EVERYWHERE,
  options: [SOURCE_OPTION, { type: ApplicationCommandOptionType.Integer, name: 'paragraph', description: 'Paragraph number, from 1', min_value: 1 }],
});

export async function execute(interaction: ChatInputCommandInteraction, { library }: CommandContext): Promise<HandlerResult> {
  const options = optionsOf(interaction, data);
  const sourceId = options.requiredString('source');
  const paragraph = options.integer('paragraph') ?? undefined;
  const lookup = lookUpSource(library.current.corpus, sourceId, paragraph);
  const found = lookup.kind === 'source' || lookup.kind === 'paragraph';
  await respond(interaction, renderSourceLookup(lookup), { ephemeral: !found });
  return { results: found ? 1 : 0, outcome: lookup.kind };
}

export async function autocomplete(interaction: AutocompleteInteraction, { library }: CommandContext): Promise<HandlerResult> {
  const typed = interaction.options.getFocused();
  const choices = sourceChoices(matchSources(library.current.corpus, typed, DiscordLimits.autocompleteChoices));
  await interaction.respond(choices);
  return { results: choices.length };
}
