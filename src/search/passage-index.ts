import MiniSearch, { type SearchResult } from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/model.js';
import { analyze, processTerm, tokenize } from './analyzer.js';

/** A paragraph that answers a query, with why: its score and the query terms it matched. */
export interface Hit {
  readonly paragraph: Paragraph;
  readonly score: number;
  /** Share (0–1) of the query's content, weighted by rarity, that the paragraph matches. */
  readonly coverage: number;
  /** Index terms of the paragraph that matched, for highlighting. */
  readonly matchedTerms: readonly string[];
}

export interface SearchOptions {
  /** How many hits at most. */
  readonly limit?: number;
}

/** Terms beyond this in one question are ignored: a question, not an essay, is what gets searched. */
const MAX_QUERY_TERMS = 24;
/** A paragraph must match at least this share of the question's weighted content words. */
export const MIN_COVERAGE = 0.6;
/** Hits scoring under this fraction of the best hit are noise next to it. */
const MIN_RELATIVE_SCORE = 0.25;
const DEFAULT_LIMIT = 5;

interface IndexedParagraph {
  readonly id: string;
  readonly text: string;
  readonly heading: string;
}

/**
 * The search index over a corpus' paragraphs. Built once per corpus, then only read:
 * a reload builds a new one and swaps it in whole.
 */
export class PassageIndex {
  readonly corpus: Corpus;
  private readonly search: MiniSearch<IndexedParagraph>;
  private readonly paragraphs = new Map<string, Paragraph>();
  /** How many paragraphs hold each term: the rarity weights for coverage, and the vocabulary. */
  private readonly documentFrequency = new Map<string, number>();

  constructor(corpus: Corpus) {
    this.corpus = corpus;
    this.search = new MiniSearch<IndexedParagraph>({
      fields: ['text', 'heading'],
      tokenize,
      processTerm,
    });
    const documents: IndexedParagraph[] = [];
    for (const source of corpus.sources) {
      for (const paragraph of source.paragraphs) {
        this.paragraphs.set(paragraph.id, paragraph);
        const document = { id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' };
        documents.push(document);
        for (const term of analyze(`${document.text}\n${document.heading}`)) {
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        }
      }
    }
    this.search.addAll(documents);
  }

  get paragraphCount(): number {
    return this.paragraphs.size;
  }

  /** The query's distinct content terms, as the index knows them. */
  queryTerms(query: string): string[] {
    return analyze(query).slice(0, MAX_QUERY_TERMS);
  }

  /**
   * Ranked paragraphs that answer the query, best first; empty when none covers enough of it.
   * Never throws on odd input: a query with no searchable words simply finds nothing.
   */
  find(query: string, options: SearchOptions = {}): Hit[] {
    const terms = this.queryTerms(query);
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((term) => [term, this.rarity(term)]));
    const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);

    const results = this.search.search(terms.join(' '), {
      // The terms are already processed: hand them to MiniSearch as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { text: 1, heading: 0.5 },
      // Only a word the corpus lacks can be a typo or a partial word: known words match exactly,
      // which keeps "say" from matching "day" and keeps queries fast.
      fuzzy: (term) => (this.isUnknownWord(term) && term.length >= 5 ? 0.2 : false),
      prefix: (term) => this.isUnknownWord(term) && term.length >= 4,
      maxFuzzy: 2,
    });

    const hits = results
      .map((result) => this.toHit(result, weights, totalWeight))
      .filter((hit) => hit.coverage >= MIN_COVERAGE);
    const best = hits[0]?.score ?? 0;
    const relevant = hits.filter((hit) => hit.score >= best * MIN_RELATIVE_SCORE);
    return diversifyBySource(relevant, options.limit ?? DEFAULT_LIMIT);
  }

  private toHit(result: SearchResult, weights: Map<string, number>, totalWeight: number): Hit {
    const matchedQueryTerms = new Set(result.queryTerms);
    let covered = 0;
    for (const [term, weight] of weights) {
      if (!matchedQueryTerms.has(term)) continue;
      // A typo or prefix match is weaker evidence than the word itself.
      covered += result.terms.includes(term) ? weight : weight * 0.6;
    }
    return {
      paragraph: this.paragraphs.get(String(result.id))!,
      score: result.score,
      coverage: totalWeight > 0 ? covered / totalWeight : 0,
      matchedTerms: result.terms,
    };
  }

  /** Inverse document frequency; a word no paragraph holds weighs the most. */
  private rarity(term: string): number {
    const count = this.documentFrequency.get(term) ?? 0;
    const total = this.paragraphs.size;
    return Math.log(1 + (total - count + 0.5) / (count + 0.5));
  }

  private isUnknownWord(term: string): boolean {
    return !this.documentFrequency.has(term) && /^\p{L}+$/u.test(term);
  }
}

/**
 * Keeps the best hits, but gives every source with a relevant paragraph a place in them,
 * so where reports differ (50,000 vs. 40,000 + 10,000) the user sees each side. Order stays by score.
 */
function diversifyBySource(hits: Hit[], limit: number): Hit[] {
  if (hits.length <= limit) return hits;
  const chosen = new Set<Hit>();
  const seenSources = new Set<string>();
  for (const hit of hits) {
    if (chosen.size >= limit) break;
    if (!seenSources.has(hit.paragraph.sourceId)) {
      seenSources.add(hit.paragraph.sourceId);
      chosen.add(hit);
    }
  }
  for (const hit of hits) {
    if (chosen.size >= limit) break;
    chosen.add(hit);
  }
  return hits.filter((hit) => chosen.has(hit));
}
