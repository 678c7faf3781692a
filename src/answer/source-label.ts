import type { Paragraph, Source } from '../corpus/model.js';
import { citation as citeParagraph } from '../corpus/paragraph-id.js';
import { openingWords } from './excerpt.js';

/** A label names a source at a glance; a longer one, repeated over every quote, buries the quotes. */
export const SOURCE_LABEL_LENGTH = 40;

/**
 * A short stable name for a source: its title, else its publisher, else its opening words in
 * quotation marks (verbatim, so nothing is made up); at most SOURCE_LABEL_LENGTH characters, cut
 * after a whole word and marked "…".
 */
export function sourceLabel(source: Source): string {
  const name = source.title ?? source.publisher;
  if (name !== undefined) return shortenOnWord(name, SOURCE_LABEL_LENGTH);
  const opening = openingWords(source, SOURCE_LABEL_LENGTH - 3);
  return opening.complete ? `“${opening.text}”` : `“${withoutTrailingPunctuation(opening.text)}…”`;
}

/** The source's title; for a report that states none, its opening words, quoted, so nothing is made up. */
export function sourceTitle(source: Source, maxLength = 100): string {
  if (source.title !== undefined) return truncate(source.title, maxLength);
  const opening = openingWords(source, maxLength - 3);
  return `“${opening.text}${opening.complete ? '' : '…'}”`;
}

/** "004 ¶3": what /source takes. */
export function citation(source: Source, paragraph: Paragraph): string {
  return citeParagraph(source.id, paragraph.number);
}

/** Cuts a label (never a quote: those go through `excerpt`) to a limit, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Never split a surrogate pair: half an emoji is not a character.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Cuts a name after its last whole word that fits, marking the cut; a single long word is cut hard. */
function shortenOnWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  if (space <= 0) return truncate(text, max);
  return `${withoutTrailingPunctuation(text.slice(0, space))}…`;
}

/** "Forces..." or "Times," before an ellipsis reads as noise: the ellipsis already marks the cut. */
function withoutTrailingPunctuation(text: string): string {
  return text.replace(/[\s.,;:…–—-]+$/u, '');
}
