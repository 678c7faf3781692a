import type { APIApplicationCommandOptionChoice, APIEmbedField } from 'discord-api-types/v10';
import { citation, sourceLabel, sourceTitle, truncate } from '../answer/source-label.js';
import { neighbourLine, type SourceLookup } from '../answer/source-lookup.js';
import type { Source } from '../corpus/model.js';
import { Colours } from './colours.js';
import { DiscordLimits } from './limits.js';
import { escapeMarkdown } from './markdown.js';
import { fitParagraph, type MessagePayload } from './render-reply.js';

/** /source: a source's card, or one paragraph verbatim with its neighbours' ids. */
export function renderSourceLookup(lookup: SourceLookup): MessagePayload {
  switch (lookup.kind) {
    case 'unknown-source':
      return {
        content: truncate(`There is no source “${escapeMarkdown(lookup.sourceId)}”. Sources: ${lookup.known.join(', ')}.`, DiscordLimits.messageContent),
      };
    case 'unknown-paragraph':
      return { content: `Source ${lookup.source.id} has paragraphs 1 to ${lookup.source.paragraphs.length}; there is no paragraph ${lookup.number}.` };
    case 'paragraph': {
      const { source, paragraph, previous, next } = lookup;
      const neighbours = neighbourLine(previous, next);
      const heading = paragraph.heading ? `**${escapeMarkdown(paragraph.heading)}**\n` : '';
      const body = fitParagraph(
        paragraph,
        [],
        DiscordLimits.embedDescription - heading.length,
        ` … *(the paragraph goes on in ${escapeMarkdown(source.file)})*`,
      );
      return {
        embeds: [
          {
            title: truncate(escapeMarkdown(`${citation(source, paragraph)} — ${sourceLabel(source)}`), DiscordLimits.embedTitle),
            description: heading + body,
            footer: { text: neighbours },
            color: Colours.source,
          },
        ],
      };
    }
    case 'source':
      return { embeds: [sourceCard(lookup.source)] };
  }
}

function sourceCard(source: Source) {
  const fields: APIEmbedField[] = [
    ['Publisher', source.publisher],
    ['Date', source.date],
    ['Language', source.language],
    ['Paragraphs', String(source.paragraphs.length)],
  ]
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([name, value]) => ({ name, value: escapeMarkdown(value), inline: true }));
  if (source.headings.length > 0) {
    fields.push({
      name: 'Headings',
      value: truncate(source.headings.map((heading) => `• ${escapeMarkdown(heading)}`).join('\n'), DiscordLimits.embedFieldValue),
    });
  }
  return {
    title: truncate(escapeMarkdown(`${source.id} — ${source.title ?? sourceLabel(source)}`), DiscordLimits.embedTitle),
    ...(source.url ? { url: source.url } : {}),
    ...(source.copyright ? { description: truncate(escapeMarkdown(source.copyright), 500) } : {}),
    fields,
    footer: { text: `Read a paragraph: /source source: ${source.id} paragraph: 1 to ${source.paragraphs.length}` },
    color: Colours.source,
  };
}

/** Autocomplete choices for a source option: "004 · Russia to Mobilize…", value the id. */
export function sourceChoices(sources: readonly Source[]): APIApplicationCommandOptionChoice<string>[] {
  return sources.slice(0, DiscordLimits.autocompleteChoices).map((source) => ({
    name: truncate(`${source.id} · ${sourceTitle(source, DiscordLimits.autocompleteChoiceName)}`, DiscordLimits.autocompleteChoiceName),
    value: source.id,
  }));
}
