import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { excerpt } from '../answer/excerpt.js';
import { markSpans } from '../answer/highlight.js';
import { CLOSEST_LABEL, NOT_COVERED_LABEL, type Quote, type Reply, type Span } from '../answer/reply.js';
import { citation, sourceLabel, truncate } from '../answer/source-label.js';
import type { Paragraph, Source } from '../corpus/model.js';
import { Colours } from './colours.js';
import { DiscordLimits } from './limits.js';
import { bold, escapeMarkdown } from './markdown.js';

/** What a command sends: content and embeds within Discord's limits (mentions and flags are the responder's). */
export interface MessagePayload {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIButtonComponent>[];
}

/** The one sentence of the bot's own under an answer: about the quotes, not about the world. */
export const ANSWER_FOOTER = 'Quoted word for word from the reports; the bot adds nothing of its own.';
/** The bot's other fixed texts in a reply (the no-new-claims test knows every sentence a reply may say by these names). */
export const NO_QUESTION_HINT = 'Ask a question about the reports, for example `/ask question: How many North Korean troops are in Kursk?`';
export const NEARBY_LABEL = 'Closest parts of the reports (see /source):';

/** The /ask reply: one embed, a field per quote labelled with its source and paragraph. */
export function renderReply(reply: Reply): MessagePayload {
  const title = truncate(escapeMarkdown(reply.question.replace(/\s+/g, ' ').trim()), DiscordLimits.embedTitle);
  switch (reply.kind) {
    case 'no-question':
      return { content: NO_QUESTION_HINT };
    case 'not-covered': {
      const nearby = reply.nearby.map(
        (near) => `• ${near.heading ? `${escapeMarkdown(near.heading)} — ` : ''}${escapeMarkdown(`${near.source.id} ${sourceLabel(near.source)}`)}`,
      );
      const description = [NOT_COVERED_LABEL, ...(nearby.length > 0 ? ['', NEARBY_LABEL, ...nearby] : [])].join('\n');
      return { embeds: [{ ...(title ? { title } : {}), description: truncate(description, DiscordLimits.embedDescription), color: Colours.notCovered }] };
    }
    case 'answer': {
      const names = reply.quotes.map((quote) =>
        truncate(escapeMarkdown(`${citation(quote.source, quote.paragraph)} — ${sourceLabel(quote.source)}`), DiscordLimits.embedFieldName),
      );
      const fixed = title.length + ANSWER_FOOTER.length + CLOSEST_LABEL.length + names.reduce((sum, name) => sum + name.length, 0);
      const perQuote = Math.min(DiscordLimits.embedFieldValue, Math.floor((DiscordLimits.embedTotal - fixed) / reply.quotes.length));
      const fields: APIEmbedField[] = reply.quotes.map((quote, index) => ({ name: names[index]!, value: renderQuote(quote, perQuote) }));
      const label = reply.match === 'closest' ? { description: CLOSEST_LABEL } : {};
      return { embeds: [{ ...(title ? { title } : {}), ...label, fields, footer: { text: ANSWER_FOOTER }, color: Colours.answer }] };
    }
  }
}

/** A quote within `budget` characters; a paragraph too long says where to read the whole of it. */
function renderQuote(quote: Quote, budget: number): string {
  const { source, paragraph } = quote;
  return fitParagraph(paragraph, quote.highlights, budget, wholeParagraphPointer(source, paragraph));
}

/** What follows a quote cut short: where to read the whole paragraph. */
export function wholeParagraphPointer(source: Source, paragraph: Paragraph): string {
  return ` … *(whole paragraph: /source source: ${source.id} paragraph: ${paragraph.number})*`;
}

/**
 * A paragraph as Discord markdown within `budget` characters: escaped, `spans` in bold, and if it
 * does not fit, cut after a sentence and followed by `more` (which says where the rest is).
 */
export function fitParagraph(paragraph: Paragraph, spans: readonly Span[], budget: number, more: string): string {
  let room = budget;
  for (;;) {
    const cut = excerpt(paragraph, room);
    const rendered = highlighted(cut.text, spans) + (cut.complete ? '' : more);
    if (rendered.length <= budget || room <= 1) return rendered.length <= budget ? rendered : truncate(rendered, budget);
    // Escapes and bold marks made it longer than the raw text: shrink by the overflow and cut again.
    room -= Math.max(1, rendered.length - budget);
  }
}

function highlighted(text: string, spans: readonly Span[]): string {
  return markSpans(text, spans, escapeMarkdown, (matched) => bold(escapeMarkdown(matched)));
}
