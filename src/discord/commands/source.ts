import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { lookUpSource, matchSources } from '../../answer/source-lookup.js';
import type { CommandContext, HandlerResult } from '../handler.js';
import { DiscordLimits } from '../limits.js';
import { renderSourceLookup, sourceChoices } from '../render-source.js';
import { respond } from '../responder.js';

export const data = new SlashCommandBuilder()
  .setName('source')
  .setDescription('Show a report, or one of its paragraphs in full')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .addStringOption((option) =>
    option.setName('source').setDescription('The report (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100),
  )
  .addIntegerOption((option) => option.setName('paragraph').setDescription('Paragraph number, from 1').setMinValue(1));

export async function execute(interaction: ChatInputCommandInteraction, { library }: CommandContext): Promise<HandlerResult> {
  const sourceId = interaction.options.getString('source', true);
  const paragraph = interaction.options.getInteger('paragraph') ?? undefined;
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
