/**
 * The paragraphs that hold a question's search terms, with their BM25 scores. Most terms are looked up
 * in MiniSearch; past some thousands of paragraphs, terms in very many of them ("common terms") are
 * scored from bitmaps instead of their long posting lists (the large-corpus path, see CommonTerms).
 */
import type MiniSearch from 'minisearch';
import type { CommonTerms } from './common-terms.js';
import type { IndexedParagraph } from './index-builder.js';

/**
 * A term in more paragraphs than this is scored from a bitmap instead of MiniSearch's posting list
 * (see CommonTerms). Below some thousands of paragraphs no term is, and MiniSearch scores everything.
 */
export function commonTermThreshold(paragraphCount: number): number {
  return Math.max(1_000, paragraphCount / 50);
}
/** At scale, how many paragraphs that hold only common terms are considered, best first. */
const COMMON_ONLY_CANDIDATES = 100;
/** BM25+ of a term present once in a paragraph of average length (k = 1.2, b = 0.7, d = 0.5): idf × this. */
const BM25_ONE_OCCURRENCE = 1.5;

/** A paragraph that matched some of the query's search terms, before coverage is weighed. */
export interface TermMatch {
  readonly position: number;
  /** BM25 summed over the matched terms (MiniSearch's score before it multiplies by their number). */
  rawScore: number;
  /** Search terms (question terms or their synonyms) the paragraph matched. */
  readonly queryTerms: string[];
  /** The paragraph's own terms that matched them (for highlighting). */
  readonly terms: string[];
}

/** How a match ranks before coverage is weighed: BM25 times the number of terms matched, as MiniSearch scores. */
export function rank(match: TermMatch): number {
  return match.rawScore * match.queryTerms.length;
}

export class TermMatcher {
  constructor(
    private readonly miniSearch: MiniSearch<IndexedParagraph>,
    private readonly common: CommonTerms,
    private readonly paragraphCount: number,
    /** Whether a term may be the start of a longer word (one the corpus lacks). */
    private readonly mayBePartial: (term: string) => boolean,
  ) {}

  /** The paragraphs holding any of `terms`, each weighed by `boost`. */
  match(terms: readonly string[], boost: (term: string) => number): TermMatch[] {
    const commonTerms = terms.filter((term) => this.common.has(term));
    const rareTerms = terms.filter((term) => !this.common.has(term));
    const matches = rareTerms.length > 0 ? this.searchRareTerms(rareTerms, boost) : [];
    if (commonTerms.length === 0) return matches;
    // At scale: common terms count for the paragraphs the rarer terms found, or, when those found
    // nothing, pick the paragraphs that hold the most of them.
    return matches.length > 0 ? this.addCommonTerms(matches, commonTerms, boost) : this.scanCommonTerms(commonTerms, boost);
  }

  private searchRareTerms(terms: readonly string[], boost: (term: string) => number): TermMatch[] {
    return this.miniSearch
      .search(terms.join(' '), {
        // The terms are already processed: hand them to MiniSearch as they are.
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
        boost: { text: 1, heading: 0.5 },
        boostTerm: boost,
        // Only a word the corpus lacks can be a partial word; known words match exactly.
        prefix: (term) => this.mayBePartial(term),
      })
      .map((result) => ({
        position: result.id as number,
        rawScore: result.score / result.queryTerms.length,
        queryTerms: result.queryTerms,
        terms: result.terms,
      }));
  }

  private addCommonTerms(matches: TermMatch[], terms: readonly string[], boost: (term: string) => number): TermMatch[] {
    for (const match of matches) {
      for (const term of terms) {
        if (!this.common.contains(term, match.position)) continue;
        match.rawScore += this.commonTermScore(term, boost);
        match.queryTerms.push(term);
        match.terms.push(term);
      }
    }
    return matches;
  }

  /** The paragraphs holding the most (and most telling) of the common terms. */
  private scanCommonTerms(terms: readonly string[], boost: (term: string) => number): TermMatch[] {
    const scores = terms.map((term) => this.commonTermScore(term, boost));
    const best: { position: number; rank: number }[] = [];
    for (let position = 0; position < this.paragraphCount; position++) {
      let rawScore = 0;
      let count = 0;
      for (let index = 0; index < terms.length; index++) {
        if (this.common.contains(terms[index]!, position)) {
          rawScore += scores[index]!;
          count++;
        }
      }
      const rank = rawScore * count;
      if (rank === 0 || (best.length === COMMON_ONLY_CANDIDATES && rank <= best[best.length - 1]!.rank)) continue;
      const at = best.findIndex((entry) => entry.rank < rank);
      best.splice(at === -1 ? best.length : at, 0, { position, rank });
      if (best.length > COMMON_ONLY_CANDIDATES) best.pop();
    }
    return best.map(({ position }) => {
      const present = terms.filter((term) => this.common.contains(term, position));
      const rawScore = present.reduce((sum, term) => sum + this.commonTermScore(term, boost), 0);
      return { position, rawScore, queryTerms: [...present], terms: [...present] };
    });
  }

  /** BM25 of a common term as if it occurred once in a paragraph of average length: its posting list is not read. */
  private commonTermScore(term: string, boost: (term: string) => number): number {
    const total = this.paragraphCount;
    const count = this.common.count(term);
    return boost(term) * Math.log(1 + (total - count + 0.5) / (count + 0.5)) * BM25_ONE_OCCURRENCE;
  }
}
