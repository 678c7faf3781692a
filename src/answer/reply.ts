import type { Paragraph, Source } from '../corpus/model.js';
import { analyze, processTerm, scanWords } from '../search/analyzer.js';
import type { Hit, PassageIndex } from '../search/passage-index.js';

/** [start, end) of a matched word in a paragraph's text. */
export type Span = readonly [start: number, end: number];

/** One quoted paragraph. It holds references into the corpus, never text of its own. */
export interface Quote {
  readonly source: Source;
  readonly paragraph: Paragraph;
  readonly score: number;
  /** Words of the paragraph that matched the question, for highlighting. */
  readonly highlights: readonly Span[];
}

export type Reply =
  | { readonly kind: 'answer'; readonly question: string; readonly quotes: readonly Quote[] }
  /** The reports say nothing relevant. */
  | { readonly kind: 'not-covered'; readonly question: string }
  /** Nothing searchable was asked (empty, only stop words or symbols). */
  | { readonly kind: 'no-question'; readonly question: string };

export const MAX_QUOTES = 5;

/**
 * The one place replies are built. Every quote is looked up in the corpus by the index's hit,
 * so a reply can only ever carry corpus paragraphs; the renderers add fixed labels around them.
 */
export function buildReply(index: PassageIndex, question: string, limit = MAX_QUOTES): Reply {
  if (analyze(question).length === 0) return { kind: 'no-question', question };
  const hits = index.find(question, { limit });
  if (hits.length === 0) return { kind: 'not-covered', question };
  return { kind: 'answer', question, quotes: hits.map((hit) => quoteOf(index, hit)) };
}

function quoteOf(index: PassageIndex, hit: Hit): Quote {
  const source = index.corpus.sources.find((candidate) => candidate.id === hit.paragraph.sourceId);
  const paragraph = source?.paragraphs[hit.paragraph.number - 1];
  if (!source || paragraph !== hit.paragraph) throw new Error(`hit ${hit.paragraph.id} is not a paragraph of the indexed corpus`);
  return { source, paragraph, score: hit.score, highlights: highlightSpans(paragraph.text, hit.matchedTerms) };
}

/** The words of `text` whose index terms are among `terms`. */
export function highlightSpans(text: string, terms: readonly string[]): Span[] {
  const wanted = new Set(terms);
  return scanWords(text)
    .filter((word) => processTerm(word.raw).some((term) => wanted.has(term)))
    .map((word): Span => [word.start, word.end]);
}
