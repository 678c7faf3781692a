import MiniSearch from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/model.js';
import { runAtOnce, runInSlices, type SlicedWork } from '../time-slices.js';
import { CommonTerms } from './common-terms.js';
import { IndexBuilder, type IndexedParagraph } from './index-builder.js';
import { QueryParser, type ParsedQuery } from './query-parser.js';

/** A paragraph that answers a query, with why: its score and the query terms it matched. */
export interface Hit {
  readonly paragraph: Paragraph;
  readonly score: number;
  /** Share (0–1) of the query's words, weighted by how unusual they are, that the paragraph matches. */
  readonly coverage: number;
  /** Index terms of the paragraph that matched, for highlighting. */
  readonly matchedTerms: readonly string[];
}

export interface SearchOptions {
  /** How many hits at most. */
  readonly limit?: number;
  /** Overrides MIN_COVERAGE; the evaluation sweeps it to show the trade-off. */
  readonly minCoverage?: number;
}

/** The quotes of an answer must together match at least this share of the question's weighted words. */
export const MIN_COVERAGE = 0.6;
/** A quote must match at least this share itself, so an answer is not padded with loosely related ones. */
const MIN_PASSAGE_COVERAGE = 0.35;
/** Hits ranking under this fraction of the best hit are noise next to it. */
const MIN_RELATIVE_RANK = 0.25;
/** Quotes a reply shows at once: the first page, which every relevant source gets a place in. */
export const QUOTES_PER_PAGE = 5;
/** For a "how many …?" question, a paragraph that gives a figure ranks this much higher. */
const FIGURE_ANSWER_BOOST = 1.5;
/** A prefix match ("infra" for "infrastructure") is weaker evidence than the word itself. */
const PREFIX_CREDIT = 0.6;
/** A synonym the corpus uses for a question word it lacks ("injured" for "wounded") is good but not full evidence. */
const SYNONYM_CREDIT = 0.7;


/**
 * A term in more paragraphs than this is scored from a bitmap instead of MiniSearch's posting list
 * (see CommonTerms). Below some thousands of paragraphs no term is, and MiniSearch scores everything.
 */
function commonTermThreshold(paragraphCount: number): number {
  return Math.max(1_000, paragraphCount / 50);
}
/** At scale, how many paragraphs that hold only common terms are considered, best first. */
const COMMON_ONLY_CANDIDATES = 100;
/** BM25+ of a term present once in a paragraph of average length (k = 1.2, b = 0.7, d = 0.5): idf × this. */
const BM25_ONE_OCCURRENCE = 1.5;


/** A paragraph that matched some of the query's search terms, before coverage is weighed. */
interface Match {
  readonly position: number;
  /** BM25 summed over the matched terms (MiniSearch's score before it multiplies by their number). */
  rawScore: number;
  /** Search terms (question terms or their synonyms) the paragraph matched. */
  readonly queryTerms: string[];
  /** The paragraph's own terms that matched them (for highlighting). */
  readonly terms: string[];
}

/**
 * The search index over a corpus' paragraphs. Built once per corpus, then only read:
 * a reload builds a new one and swaps it in whole.
 */
export class PassageIndex {
  readonly corpus: Corpus;
  private readonly miniSearch: MiniSearch<IndexedParagraph>;
  /** The paragraphs by their position in the index. */
  private readonly paragraphs: readonly Paragraph[];
  private readonly parser: QueryParser;
  private readonly common: CommonTerms;

  /** Builds the index in one go, blocking the event loop until done; `build` yields while it works. */
  constructor(corpus: Corpus, parts: IndexParts = runAtOnce(buildParts(corpus))) {
    this.corpus = corpus;
    this.miniSearch = parts.miniSearch;
    this.paragraphs = parts.paragraphs;
    this.parser = parts.parser;
    this.common = parts.common;
  }

  /** Builds the index a slice at a time (time-slices.ts), so a reload of a large corpus never stalls the answers. */
  static async build(corpus: Corpus): Promise<PassageIndex> {
    return new PassageIndex(corpus, await runInSlices(buildParts(corpus)));
  }

  get paragraphCount(): number {
    return this.paragraphs.length;
  }

  /**
   * Ranked paragraphs that answer the query, best first; empty when they do not cover it.
   * Never throws on odd input: a query with no searchable words simply finds nothing.
   */
  find(query: string, options: SearchOptions = {}): Hit[] {
    return this.search(query, options).hits;
  }

  /**
   * As `find`, and when nothing answers, the paragraphs that came closest by plain BM25, best first:
   * something to point at ("see this section"), never to quote as an answer.
   */
  search(query: string, options: SearchOptions = {}): { hits: Hit[]; closest: Paragraph[] } {
    const parsed = this.parser.parse(query);
    const { weights, standsFor } = parsed;
    if (weights.size === 0) return { hits: [], closest: [] };
    const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
    const coverage = (credit: ReadonlyMap<string, number>) => {
      let covered = 0;
      for (const [term, share] of credit) covered += share * weights.get(term)!;
      return covered / totalWeight;
    };
    // BM25's idf knows only the corpus, which says little about a word when it is small:
    // weigh each term by its rarity in English too, as coverage does (a synonym at its credit).
    const boost = (term: string) =>
      weights.get(term) ?? SYNONYM_CREDIT * Math.max(...standsFor.get(term)!.map((questionTerm) => weights.get(questionTerm)!));

    const searchTerms = [...new Set([...weights.keys(), ...standsFor.keys()])];
    const commonTerms = searchTerms.filter((term) => this.common.has(term));
    const rareTerms = searchTerms.filter((term) => !this.common.has(term));
    let matches = rareTerms.length > 0 ? this.searchRareTerms(rareTerms, boost) : [];
    if (commonTerms.length > 0) {
      // At scale: common terms count for the paragraphs the rarer terms found, or, when those found
      // nothing, pick the paragraphs that hold the most of them.
      matches = matches.length > 0 ? this.addCommonTerms(matches, commonTerms, boost) : this.scanCommonTerms(commonTerms, boost);
    }

    // Most matches of a large corpus hold one minor word of the question: rule them out by an upper
    // bound of their coverage before working out their exact credit.
    const mostFrom = new Map(searchTerms.map((term) => [term, (weights.get(term) ?? 0) + SYNONYM_CREDIT * (standsFor.get(term) ?? []).reduce((sum, questionTerm) => sum + weights.get(questionTerm)!, 0)]));
    const mayCover = (match: Match) => match.queryTerms.reduce((sum, term) => sum + mostFrom.get(term)!, 0) >= MIN_PASSAGE_COVERAGE * totalWeight;
    const credits = new Map<Paragraph, ReadonlyMap<string, number>>();
    const candidates = matches
      .filter(mayCover)
      .map((match): Hit => {
        const paragraph = this.paragraphs[match.position]!;
        const credit = this.credit(match, parsed);
        credits.set(paragraph, credit);
        const share = coverage(credit);
        // MiniSearch's score (BM25 times the number of terms matched), weighed by coverage, which also
        // counts the terms a paragraph misses: one that holds the whole question beats one that repeats part of it.
        const figure = parsed.asksForFigure && /\d/.test(paragraph.text) ? FIGURE_ANSWER_BOOST : 1;
        return { paragraph, score: match.rawScore * match.queryTerms.length * share * figure, coverage: share, matchedTerms: match.terms };
      })
      .filter((hit) => hit.coverage >= MIN_PASSAGE_COVERAGE)
      .sort((a, b) => b.score - a.score);
    const best = candidates[0]?.score ?? 0;
    const chosen = diversifyBySource(
      candidates.filter((hit) => hit.score >= best * MIN_RELATIVE_RANK),
      options.limit ?? QUOTES_PER_PAGE,
    );

    // The quotes together must cover the question: one may give 50,000 and another 40,000 + 10,000.
    const together = new Map<string, number>();
    for (const hit of chosen) {
      for (const [term, share] of credits.get(hit.paragraph)!) together.set(term, Math.max(share, together.get(term) ?? 0));
    }
    if (coverage(together) >= (options.minCoverage ?? MIN_COVERAGE)) return { hits: chosen, closest: [] };
    const closest = [...matches].sort((a, b) => b.rawScore * b.queryTerms.length - a.rawScore * a.queryTerms.length).slice(0, QUOTES_PER_PAGE);
    return { hits: [], closest: closest.map((match) => this.paragraphs[match.position]!) };
  }

  private searchRareTerms(terms: readonly string[], boost: (term: string) => number): Match[] {
    return this.miniSearch
      .search(terms.join(' '), {
        // The terms are already processed: hand them to MiniSearch as they are.
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
        boost: { text: 1, heading: 0.5 },
        boostTerm: boost,
        // Only a word the corpus lacks can be a partial word; known words match exactly.
        prefix: (term) => this.parser.mayBePartial(term),
      })
      .map((result) => ({ position: result.id as number, rawScore: result.score / result.queryTerms.length, queryTerms: result.queryTerms, terms: result.terms }));
  }

  private addCommonTerms(matches: Match[], terms: readonly string[], boost: (term: string) => number): Match[] {
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
  private scanCommonTerms(terms: readonly string[], boost: (term: string) => number): Match[] {
    const scores = terms.map((term) => this.commonTermScore(term, boost));
    const best: { position: number; rank: number }[] = [];
    for (let position = 0; position < this.paragraphs.length; position++) {
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
    const total = this.paragraphs.length;
    const count = this.common.count(term);
    return boost(term) * Math.log(1 + (total - count + 0.5) / (count + 0.5)) * BM25_ONE_OCCURRENCE;
  }

  /** How much each question term a match counts: fully, as a prefix, or through a synonym. */
  private credit(match: Match, { weights, standsFor }: ParsedQuery): Map<string, number> {
    const credit = new Map<string, number>();
    const give = (term: string, share: number) => credit.set(term, Math.max(share, credit.get(term) ?? 0));
    for (const term of match.queryTerms) {
      if (weights.has(term)) give(term, match.terms.includes(term) ? 1 : PREFIX_CREDIT);
      for (const questionTerm of standsFor.get(term) ?? []) give(questionTerm, SYNONYM_CREDIT);
    }
    return credit;
  }
}

interface IndexParts {
  readonly miniSearch: MiniSearch<IndexedParagraph>;
  readonly paragraphs: readonly Paragraph[];
  readonly parser: QueryParser;
  readonly common: CommonTerms;
}

/** What a PassageIndex is made of, with a point where the work may pause after each paragraph and every so many terms. */
function* buildParts(corpus: Corpus): SlicedWork<IndexParts> {
  const builder = new IndexBuilder();
  for (const source of corpus.sources) {
    for (const paragraph of source.paragraphs) {
      builder.add(paragraph);
      yield;
    }
  }
  const parser = new QueryParser(yield* builder.vocabulary(), yield* builder.spellingCorrector());
  const count = builder.paragraphs.length;
  const common = yield* CommonTerms.build(builder.postings, count, commonTermThreshold(count));
  return { miniSearch: builder.miniSearch, paragraphs: builder.paragraphs, parser, common };
}

/**
 * Keeps the best hits, but gives every source with a relevant paragraph a place among the first
 * QUOTES_PER_PAGE (what a reply shows first), so where reports differ (50,000 vs. 40,000 + 10,000)
 * the user sees each side. Within that first page and after it, order stays by score.
 */
function diversifyBySource(hits: Hit[], limit: number): Hit[] {
  const firstPage = new Set<Hit>();
  const seenSources = new Set<string>();
  const pageSize = Math.min(limit, QUOTES_PER_PAGE);
  for (const hit of hits) {
    if (firstPage.size >= pageSize) break;
    if (!seenSources.has(hit.paragraph.sourceId)) {
      seenSources.add(hit.paragraph.sourceId);
      firstPage.add(hit);
    }
  }
  for (const hit of hits) {
    if (firstPage.size >= pageSize) break;
    firstPage.add(hit);
  }
  return [...hits.filter((hit) => firstPage.has(hit)), ...hits.filter((hit) => !firstPage.has(hit))].slice(0, limit);
}
