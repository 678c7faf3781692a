import { findSource, type Corpus, type Paragraph, type Source } from '../corpus/model.js';
import { parseParagraphReference } from '../corpus/paragraph-id.js';
import { analyzeWord, forEachWord, hasSearchableWords, type Term } from '../search/analyzer.js';
import { QUOTES_PER_PAGE, type Hit, type PassageIndex } from '../search/passage-index.js';
import type { SentenceEncoder } from '../search/sentence-encoder.js';
import { withinTime } from '../within-time.js';
import { lookUpSource } from './source-lookup.js';

/** [start, end) of a matched word in a paragraph's text. */
export type Span = readonly [start: number, end: number];

/** One quoted paragraph. It holds references into the corpus, never text of its own. */
export interface Quote {
  readonly source: Source;
  readonly paragraph: Paragraph;
  readonly score: number;
  /** Runs of adjacent words of the paragraph that matched the question, for highlighting. */
  readonly highlights: readonly Span[];
}

export type Reply =
  /**
   * Quotes: `match` says whether they answer the question, or are only the closest passages (about
   * its subject, but they may not answer it; renderers say so with a fixed label).
   */
  | { readonly kind: 'answer'; readonly question: string; readonly match: 'answer' | 'closest'; readonly quotes: readonly Quote[] }
  /** The reports say nothing relevant; `nearby` names the sections that came closest (never quoted). */
  | { readonly kind: 'not-covered'; readonly question: string; readonly nearby: readonly Nearby[] }
  /** Nothing searchable was asked (empty, only stop words or symbols). */
  | { readonly kind: 'no-question'; readonly question: string };

/** A part of the reports near a question they do not answer: a section heading, or a whole source. */
export interface Nearby {
  readonly source: Source;
  readonly heading?: string;
}

const MAX_NEARBY = 3;

/** What every renderer shows above closest passages: they are about the subject, not a claimed answer. */
export const CLOSEST_LABEL = 'Closest passages (may not answer the question):';
/** What every renderer says when the reports hold nothing relevant. */
export const NOT_COVERED_LABEL = 'The reports do not cover this.';

/**
 * The one place replies are built. Every quote is looked up in the corpus by the index's hit,
 * so a reply can only ever carry corpus paragraphs; the renderers add fixed labels around them.
 */
export function buildReply(index: PassageIndex, question: string, limit = QUOTES_PER_PAGE, meaning?: Float32Array): Reply {
  if (!hasSearchableWords(question)) return { kind: 'no-question', question };
  const { match, hits, nearby } = index.search(question, { limit }, meaning);
  if (match === 'none') return { kind: 'not-covered', question, nearby: nearbySections(index, nearby) };
  return { kind: 'answer', question, match, quotes: hits.map((hit) => quoteOf(index, hit)) };
}

/**
 * As buildReply, by meaning as well as by words once the index's paragraph vectors are complete
 * (until then, or if the encoder fails, by words alone).
 */
export async function answerQuestion(index: PassageIndex, encoder: SentenceEncoder | undefined, question: string, limit = QUOTES_PER_PAGE): Promise<Reply> {
  return buildReply(index, question, limit, await questionMeaning(index, encoder, question));
}

/**
 * The question's sentence vector, when the index can use one (its paragraphs are embedded); computed
 * on the encoder's thread. Never rejects: without it the question is answered by words alone.
 */
export async function questionMeaning(index: PassageIndex, encoder: SentenceEncoder | undefined, question: string): Promise<Float32Array | undefined> {
  if (!encoder || !index.meaning?.complete || !hasSearchableWords(question)) return undefined;
  return withinTime(encoder.embedQuestion(index.spelledOut(question)), MEANING_WAIT_MS);
}

/**
 * How long an answer waits for its question's meaning. Past it (a burst queued up on the encoder's
 * thread, or the thread stuck), the question is answered by words alone rather than not at all.
 */
const MEANING_WAIT_MS = 2_000;

/**
 * A reply quoting given paragraphs ("004:3"), as a button or a picked suggestion asks for them;
 * undefined when one is no longer in the corpus.
 */
export function replyWithParagraphs(
  corpus: Corpus,
  question: string,
  paragraphIds: readonly string[],
  match: 'answer' | 'closest' = 'answer',
): Reply | undefined {
  const quotes: Quote[] = [];
  for (const id of paragraphIds) {
    const lookup = lookUpSource(corpus, ...paragraphReference(id));
    if (lookup.kind !== 'paragraph') return undefined;
    quotes.push({ source: lookup.source, paragraph: lookup.paragraph, score: 0, highlights: [] });
  }
  return quotes.length > 0 ? { kind: 'answer', question, match, quotes } : undefined;
}

/**
 * The quotes of an earlier answer with these paragraph ids, in that order, with its question, label
 * and highlighting; undefined when one of them is not among its quotes.
 */
export function narrowReply(reply: Reply, paragraphIds: readonly string[]): Reply | undefined {
  if (reply.kind !== 'answer' || paragraphIds.length === 0) return undefined;
  const quotes: Quote[] = [];
  for (const id of paragraphIds) {
    const quote = reply.quotes.find((candidate) => candidate.paragraph.id === id);
    if (!quote) return undefined;
    quotes.push(quote);
  }
  return { ...reply, quotes };
}

/** The headings (or sources) of the paragraphs that came closest, each once. */
function nearbySections(index: PassageIndex, closest: readonly Paragraph[]): Nearby[] {
  const nearby: Nearby[] = [];
  for (const paragraph of closest) {
    const source = findSource(index.corpus, paragraph.sourceId)!;
    const heading = paragraph.heading;
    if (!nearby.some((near) => near.source === source && near.heading === heading)) nearby.push({ source, ...(heading ? { heading } : {}) });
  }
  return nearby.slice(0, MAX_NEARBY);
}

/** "004:3" as lookUpSource takes it; an id without a paragraph number names none (NaN). */
function paragraphReference(id: string): [sourceId: string, paragraph: number] {
  const { sourceId, paragraph } = parseParagraphReference(id);
  return [sourceId, paragraph ?? Number.NaN];
}

function quoteOf(index: PassageIndex, hit: Hit): Quote {
  const source = findSource(index.corpus, hit.paragraph.sourceId);
  const paragraph = source?.paragraphs[hit.paragraph.number - 1];
  if (!source || paragraph !== hit.paragraph) throw new Error(`hit ${hit.paragraph.id} is not a paragraph of the indexed corpus`);
  return { source, paragraph, score: hit.score, highlights: highlightSpans(paragraph.text, hit.matchedTerms) };
}

/**
 * The words of `text` whose index terms are among `terms`, adjacent ones as one run ("North Korean
 * troops", "Jong-un"): a run reads as one phrase, bolding each word alone reads as noise.
 */
export function highlightSpans(text: string, terms: readonly string[]): Span[] {
  const wanted = new Set(terms);
  const spans: Span[] = [];
  for (const word of wordsOf(text)) {
    if (!word.terms.some(({ term }) => wanted.has(term))) continue;
    const last = spans.at(-1);
    if (last && RUN_GAP.test(text.slice(last[1], word.start))) spans[spans.length - 1] = [last[0], word.end];
    else spans.push([word.start, word.end]);
  }
  return spans;
}

/** What may stand between two words of one run: spaces on one line, or a hyphen. */
const RUN_GAP = /^(?:[^\S\n]+|[-‐‑])$/;

interface AnalyzedWord {
  readonly start: number;
  readonly end: number;
  readonly terms: readonly Term[];
}

/** Paragraphs quoted again and again are analysed once (a bounded cache: the oldest goes first). */
const analyzedParagraphs = new Map<string, readonly AnalyzedWord[]>();
const MAX_ANALYZED_PARAGRAPHS = 2_000;

function wordsOf(text: string): readonly AnalyzedWord[] {
  let words = analyzedParagraphs.get(text);
  if (!words) {
    const found: AnalyzedWord[] = [];
    forEachWord(text, (raw, start, end) => found.push({ start, end, terms: analyzeWord(raw) }));
    words = found;
    if (analyzedParagraphs.size >= MAX_ANALYZED_PARAGRAPHS) analyzedParagraphs.delete(analyzedParagraphs.keys().next().value!);
    analyzedParagraphs.set(text, words);
  }
  return words;
}
