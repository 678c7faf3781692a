import type { Paragraph, Source } from '../corpus/model.js';
import { openingWords } from './excerpt.js';

/** The source's title; for a report that states none, its opening words, quoted, so nothing is made up. */
export function sourceTitle(source: Source, maxLength = 100): string {
  if (source.title !== undefined) return truncate(source.title, maxLength);
  const opening = openingWords(source, maxLength - 3);
  return `“${opening.text}${opening.complete ? '' : '…'}”`;
}

/** "The Asia Business Daily · 004 ¶3", or "004 ¶3" when the report names no publisher. */
export function citation(source: Source, paragraph: Paragraph): string {
  return `${source.publisher ? `${source.publisher} · ` : ''}${source.id} ¶${paragraph.number}`;
}

/** Cuts a label (never a quote: those go through `excerpt`) to a limit, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Never split a surrogate pair: half an emoji is not a character.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
