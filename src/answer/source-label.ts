import type { Paragraph, Source } from '../corpus/model.js';
import { openingWords } from './excerpt.js';

/** The source's title; for a report that states none, its opening words, quoted, so nothing is made up. */
export function sourceTitle(source: Source, maxLength = 100): string {
  if (source.title !== undefined) return source.title.length <= maxLength ? source.title : `${source.title.slice(0, maxLength - 1)}…`;
  const opening = openingWords(source, maxLength - 3);
  return `“${opening.text}${opening.complete ? '' : '…'}”`;
}

/** "The Asia Business Daily · 004 ¶3", or "004 ¶3" when the report names no publisher. */
export function citation(source: Source, paragraph: Paragraph): string {
  return `${source.publisher ? `${source.publisher} · ` : ''}${source.id} ¶${paragraph.number}`;
}
