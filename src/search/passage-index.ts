import MiniSearch from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/model.js';
import { runAtOnce, runInSlices, type SlicedWork } from '../time-slices.js';
import { CommonTerms } from './common-terms.js';
import { IndexBuilder, type IndexedParagraph } from './index-builder.js';
import { ParagraphVectors } from './paragraph-vectors.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import { QueryParser, type ParsedQuery } from './query-parser.js';

/** A paragraph that answers a query, with why: its score and the query terms it matched. */
export interface Hit {
  readonly paragraph: Paragraph;
  /** Its position in the index. */
  readonly position: number;
  readonly score: number;
  /** Share (0–1) of the query's words, weighted by how unusual they are, that the paragraph matches. */
  readonly coverage: number;
  /** Index terms of the paragraph that matched, for highlighting. */
  readonly matchedTerms: readonly string[];
}

/** The three outcomes of a search: the hits answer, they are only the closest passages, or nothing is close. */
export type Match = 'answer' | 'closest' | 'none';

export interface SearchResult {
  readonly match: Match;
  /** Best first; empty only for "none". */
  readonly hits: Hit[];
  /** For "none": the paragraphs that came closest by plain BM25, to point at, never to quote. */
  readonly nearby: Paragraph[];
  /** What the outcome was decided on: the best single paragraph's coverage and, with meaning, its best cosine similarity. */
  readonly evidence: { readonly coverage: number; readonly similarity?: number };
}

export interface SearchOptions {
  /** How many hits at most. */
  readonly limit?: number;
  /** Overrides MIN_COVERAGE; the evaluation sweeps it to show the trade-off. */
  readonly minCoverage?: number;
  /** Override the thresholds of the same names and MEANING_WEIGHT: the evaluation tunes them. */
  readonly wordsClosestCoverage?: number;
  readonly closestCoverage?: number;
  readonly closestSimilarity?: number;
  readonly meaningClosestSimilarity?: number;
  readonly answerSimilarity?: number;
  readonly meaningWeight?: number;
  readonly similarityMargin?: number;
}

/** The quotes of an answer must together match at least this share of the question's weighted words. */
export const MIN_COVERAGE = 0.6;
/** A quote must match at least this share itself, so an answer is not padded with loosely related ones. */
const MIN_PASSAGE_COVERAGE = 0.35;
/**
 * Without an answer, a paragraph matching at least this share of the question's weighted words is
 * clearly about its subject: shown as the closest passages rather than claiming "not covered"
 * (by words alone, before the paragraphs' meaning is known).
 */
const WORDS_CLOSEST_COVERAGE = 0.55;
/** With meaning: a paragraph is about the subject if it matches this share of the words and is this close in meaning (cosine of sentence vectors)… */
const CLOSEST_COVERAGE = 0.35;
const CLOSEST_SIMILARITY = 0.45;
/** …or if it is this close in meaning alone. */
const MEANING_CLOSEST_SIMILARITY = 0.5;
/** A paragraph this close in meaning answers the question even if its words do not cover it. */
const ANSWER_SIMILARITY = 0.7;
/** Paragraphs found by meaning alone are quoted only if this close to the best one's similarity. */
const SIMILARITY_MARGIN = 0.1;
/** Reciprocal rank fusion: the usual constant, how deep each ranking counts, and the meaning ranking's weight. */
const FUSION_K = 60;
const FUSION_DEPTH = 20;
const MEANING_WEIGHT = 0.5;
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
interface TermMatch {
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
  /** The paragraphs' meaning, when a sentence encoder fills it (in the background: see `complete`). */
  readonly meaning: ParagraphVectors | undefined;

  /** Builds the index in one go, blocking the event loop until done; `build` yields while it works. */
  constructor(corpus: Corpus, parts: IndexParts = runAtOnce(buildParts(corpus)), encoder?: SentenceEncoder) {
    this.corpus = corpus;
    this.meaning = encoder && new ParagraphVectors(parts.paragraphs, encoder);
    this.miniSearch = parts.miniSearch;
    this.paragraphs = parts.paragraphs;
    this.parser = parts.parser;
    this.common = parts.common;
  }

  /** Builds the index a slice at a time (time-slices.ts), so a reload of a large corpus never stalls the answers. */
  static async build(corpus: Corpus, encoder?: SentenceEncoder): Promise<PassageIndex> {
    return new PassageIndex(corpus, await runInSlices(buildParts(corpus)), encoder);
  }

  get paragraphCount(): number {
    return this.paragraphs.length;
  }

  /**
   * Ranked paragraphs that answer the query, best first; empty when they do not cover it.
   * Never throws on odd input: a query with no searchable words simply finds nothing.
   */
  find(query: string, options: SearchOptions = {}): Hit[] {
    const result = this.search(query, options);
    return result.match === 'answer' ? result.hits : [];
  }

  /**
   * The three honest outcomes: paragraphs that answer ("answer"), paragraphs clearly about the
   * question's subject that may not answer it ("closest"), or nothing close ("none", with the
   * paragraphs that came closest by plain BM25: something to point at, never to quote).
   * With the question's meaning (its sentence vector) and the paragraphs', the lexical ranking is
   * fused with the ranking by meaning, and a close meaning can lift "none" to "closest" or "answer".
   */
  search(query: string, options: SearchOptions = {}, meaning?: Float32Array): SearchResult {
    const lexical = this.lexical(query, options);
    const limit = options.limit ?? QUOTES_PER_PAGE;
    const vectors = meaning && this.meaning?.complete ? this.meaning : undefined;
    const nearby = () => [...lexical.matches].sort((a, b) => rank(b) - rank(a)).slice(0, QUOTES_PER_PAGE).map((match) => this.paragraphs[match.position]!);
    const bestCoverage = lexical.candidates[0] ? Math.max(...lexical.candidates.map((hit) => hit.coverage)) : 0;
    if (!vectors || !meaning) {
      const evidence = { coverage: bestCoverage };
      if (lexical.covered) return { match: 'answer', hits: lexical.chosen, nearby: [], evidence };
      const enough = options.wordsClosestCoverage ?? WORDS_CLOSEST_COVERAGE;
      if (bestCoverage >= enough) return { match: 'closest', hits: diversifyBySource(lexical.candidates.filter((hit) => hit.coverage >= enough), limit), nearby: [], evidence };
      return { match: 'none', hits: [], nearby: nearby(), evidence };
    }

    const similarity = vectors.similarities(meaning);
    const bestSimilarity = similarity.reduce((best, value) => Math.max(best, value), -1);
    const aboutSubject =
      (bestCoverage >= (options.closestCoverage ?? CLOSEST_COVERAGE) && bestSimilarity >= (options.closestSimilarity ?? CLOSEST_SIMILARITY)) ||
      bestSimilarity >= (options.meaningClosestSimilarity ?? MEANING_CLOSEST_SIMILARITY);
    const match: Match = lexical.covered || bestSimilarity >= (options.answerSimilarity ?? ANSWER_SIMILARITY) ? 'answer' : aboutSubject ? 'closest' : 'none';
    const evidence = { coverage: bestCoverage, similarity: bestSimilarity };
    if (match === 'none') return { match, hits: [], nearby: nearby(), evidence };

    // Reciprocal rank fusion: a paragraph's place in each ranking counts, not its score, which the
    // two rankings give on unrelated scales.
    const fused = new Map<number, number>();
    const add = (position: number, place: number, weight: number) => fused.set(position, (fused.get(position) ?? 0) + weight / (FUSION_K + place));
    const lexicalOrder = [...lexical.candidates.map((hit) => hit.position), ...lexical.matches.sort((a, b) => rank(b) - rank(a)).map((m) => m.position)];
    [...new Set(lexicalOrder)].slice(0, FUSION_DEPTH).forEach((position, place) => add(position, place, 1));
    const byMeaning = [...similarity.keys()].sort((a, b) => similarity[b]! - similarity[a]!);
    byMeaning.slice(0, FUSION_DEPTH).forEach((position, place) => add(position, place, options.meaningWeight ?? MEANING_WEIGHT));
    // Quoted: what either ranking finds close to its best, not merely its next places (in a corpus of
    // unrelated reports, those would give every report a place on the first page).
    const lexicalBest = lexical.candidates[0]?.score ?? 0;
    const lexicalHit = new Map(lexical.candidates.filter((hit) => hit.score >= lexicalBest * MIN_RELATIVE_RANK).map((hit) => [hit.position, hit]));
    const closeInMeaning = (position: number) => similarity[position]! >= bestSimilarity - (options.similarityMargin ?? SIMILARITY_MARGIN);
    const hits = [...fused]
      .filter(([position]) => lexicalHit.has(position) || closeInMeaning(position))
      .sort((a, b) => b[1] - a[1])
      .map(([position, score]): Hit => {
        const known = lexicalHit.get(position);
        return { paragraph: this.paragraphs[position]!, position, score, coverage: known?.coverage ?? 0, matchedTerms: known?.matchedTerms ?? [] };
      });
    return { match, hits: diversifyBySource(hits, limit), nearby: [], evidence };
  }

  /** The lexical search: matches, the candidates that cover enough of the question, and whether the chosen ones cover it. */
  private lexical(query: string, options: SearchOptions): { matches: TermMatch[]; candidates: Hit[]; chosen: Hit[]; covered: boolean } {
    const parsed = this.parser.parse(query);
    const { weights, standsFor } = parsed;
    if (weights.size === 0) return { matches: [], candidates: [], chosen: [], covered: false };
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
    const mayCover = (match: TermMatch) => match.queryTerms.reduce((sum, term) => sum + mostFrom.get(term)!, 0) >= MIN_PASSAGE_COVERAGE * totalWeight;
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
        return { paragraph, position: match.position, score: match.rawScore * match.queryTerms.length * share * figure, coverage: share, matchedTerms: match.terms };
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
    return { matches, candidates, chosen, covered: chosen.length > 0 && coverage(together) >= (options.minCoverage ?? MIN_COVERAGE) };
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
        prefix: (term) => this.parser.mayBePartial(term),
      })
      .map((result) => ({ position: result.id as number, rawScore: result.score / result.queryTerms.length, queryTerms: result.queryTerms, terms: result.terms }));
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
  private credit(match: TermMatch, { weights, standsFor }: ParsedQuery): Map<string, number> {
    const credit = new Map<string, number>();
    const give = (term: string, share: number) => credit.set(term, Math.max(share, credit.get(term) ?? 0));
    for (const term of match.queryTerms) {
      if (weights.has(term)) give(term, match.terms.includes(term) ? 1 : PREFIX_CREDIT);
      for (const questionTerm of standsFor.get(term) ?? []) give(questionTerm, SYNONYM_CREDIT);
    }
    return credit;
  }
}

export interface IndexParts {
  readonly miniSearch: MiniSearch<IndexedParagraph>;
  readonly paragraphs: readonly Paragraph[];
  readonly parser: QueryParser;
  readonly common: CommonTerms;
}

/**
 * What a PassageIndex is made of, with a point where the work may pause after each paragraph and every so many terms.
 * `commonThreshold` overrides commonTermThreshold: Infinity gives the plain path at any size, which tests compare the large-corpus path with.
 */
export function* buildParts(corpus: Corpus, commonThreshold?: number): SlicedWork<IndexParts> {
  const builder = new IndexBuilder();
  for (const source of corpus.sources) {
    for (const paragraph of source.paragraphs) {
      builder.add(paragraph);
      yield;
    }
  }
  const parser = new QueryParser(yield* builder.vocabulary(), yield* builder.spellingCorrector());
  const count = builder.paragraphs.length;
  const common = yield* CommonTerms.build(builder.postings, count, commonThreshold ?? commonTermThreshold(count));
  return { miniSearch: builder.miniSearch, paragraphs: builder.paragraphs, parser, common };
}

/**
 * Keeps the best hits, but gives every source with a relevant paragraph a place among the first
 * QUOTES_PER_PAGE (what a reply shows first), so where reports differ (50,000 vs. 40,000 + 10,000)
 * the user sees each side. Within that first page and after it, order stays by score.
 */
function rank(match: TermMatch): number {
  return match.rawScore * match.queryTerms.length;
}

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
