import { findSource, type Corpus, type Paragraph, type Source } from '../corpus/model.js';

export type SourceLookup =
  | { readonly kind: 'source'; readonly source: Source }
  | { readonly kind: 'paragraph'; readonly source: Source; readonly paragraph: Paragraph; readonly previous?: Paragraph; readonly next?: Paragraph }
  | { readonly kind: 'unknown-source'; readonly sourceId: string; readonly known: readonly string[] }
  | { readonly kind: 'unknown-paragraph'; readonly source: Source; readonly number: number };

/** What `/source` and `ask --source` show: a whole source, or one paragraph with its neighbours' ids. */
export function lookUpSource(corpus: Corpus, sourceId: string, paragraphNumber?: number): SourceLookup {
  const source = findSource(corpus, sourceId.trim());
  if (!source) return { kind: 'unknown-source', sourceId, known: corpus.sources.map((known) => known.id) };
  if (paragraphNumber === undefined) return { kind: 'source', source };
  const paragraph = Number.isSafeInteger(paragraphNumber) ? source.paragraphs[paragraphNumber - 1] : undefined;
  if (!paragraph || paragraphNumber < 1) return { kind: 'unknown-paragraph', source, number: paragraphNumber };
  const previous = source.paragraphs[paragraphNumber - 2];
  const next = source.paragraphs[paragraphNumber];
  return { kind: 'paragraph', source, paragraph, ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
}

/** "previous: 004:2 · next: 004:4": where to read on from a paragraph. */
export function neighbourLine(previous?: Paragraph, next?: Paragraph): string {
  return [previous && `previous: ${previous.id}`, next && `next: ${next.id}`].filter(Boolean).join(' · ') || 'the only paragraph';
}

/** Sources whose id, title, publisher or opening match what was typed: id prefixes first. */
export function matchSources(corpus: Corpus, typed: string, limit: number): Source[] {
  const needle = typed.trim().toLowerCase();
  const haystack = (source: Source) =>
    [source.id, source.title, source.publisher, source.paragraphs[0]?.text.slice(0, 200)].filter(Boolean).join(' ').toLowerCase();
  return corpus.sources
    .filter((source) => needle === '' || haystack(source).includes(needle))
    .sort((a, b) => Number(b.id.toLowerCase().startsWith(needle)) - Number(a.id.toLowerCase().startsWith(needle)))
    .slice(0, limit);
}
