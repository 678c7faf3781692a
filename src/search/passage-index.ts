import MiniSearch from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/model.js';
import { runAtOnce, runInSlices, type SlicedWork } from '../time-slices.js';
import { CommonTerms } from './common-terms.js';
import { IndexBuilder, type IndexedParagraph } from './index-builder.js';
import { ParagraphVectors } from './paragraph-vectors.js';
import { QueryParser, type ParsedQuery } from './query-parser.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import { spreadAcrossSources } from './source-spread.js';
import { commonTermThreshold, rank, TermMatcher, type TermMatch } from './term-matches.js';
import { topIndexes } from './top.js';

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
  /** Override the thresholds of the same names, MEANING_WEIGHT and FUSION_K: the evaluation tunes them. */
  readonly wordsClosestCoverage?: number;
  readonly closestCoverage?: number;
  readonly closestSimilarity?: number;
  readonly meaningClosestSimilarity?: number;
  readonly agreementMargin?: number;
  readonly meaningWeight?: number;
  readonly fusionK?: number;
  readonly similarityMargin?: number;
  /** Whether a name the corpus never mentions rules out "closest" (UNKNOWN_NAME_RULES_OUT): the evaluation compares both. */
  readonly unknownNameRulesOut?: boolean;
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
/**
 * …or if words and meaning point at the same paragraph, however low the cosine ("kick off" and
 * "commence"): one that matches enough of the words (a candidate, MIN_PASSAGE_COVERAGE) is within
 * this much of the best cosine…
 */
const AGREEMENT_MARGIN = 0.05;
/** …or if it is this close in meaning alone. */
const MEANING_CLOSEST_SIMILARITY = 0.5;
/** Paragraphs found by meaning alone are quoted only if this close to the best one's similarity. */
const SIMILARITY_MARGIN = 0.1;
/**
 * A question that names, with a capital, something the corpus never mentions in any spelling or
 * synonym ("how many troops does the US have in Germany?") is about that, not about the reports'
 * subject, however close its other words and meaning come: it gets the paragraphs that answer it,
 * or "not covered", never the closest passages.
 */
const UNKNOWN_NAME_RULES_OUT = true;
/**
 * Reciprocal rank fusion: a paragraph scores weight / (FUSION_K + place) in each ranking (place 0
 * first). Not the usual 60, made for deep lists of many systems: with it, first and second place
 * scored nearly alike, so the meaning ranking's order overruled the word ranking's clear best
 * ("Who is the Tunisian Prime Minister?" put his paragraph fifth). Chosen by `npm run eval:tune`.
 */
const FUSION_K = 1;
/** How deep each ranking counts, and the meaning ranking's weight against the words'. */
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
 * The search index over a corpus' paragraphs. Built once per corpus, then only read:
 * a reload builds a new one and swaps it in whole.
 */
export class PassageIndex {
  readonly corpus: Corpus;
  /** The paragraphs by their position in the index. */
  private readonly paragraphs: readonly Paragraph[];
  private readonly parser: QueryParser;
  private readonly terms: TermMatcher;
  /** The paragraphs' meaning, when a sentence encoder fills it (in the background: see `complete`). */
  readonly meaning: ParagraphVectors | undefined;

  /** Builds the index in one go, blocking the event loop until done; `build` yields while it works. */
  constructor(corpus: Corpus, parts: IndexParts = runAtOnce(buildParts(corpus)), encoder?: SentenceEncoder) {
    this.corpus = corpus;
    this.meaning = encoder && new ParagraphVectors(parts.paragraphs, encoder);
    this.paragraphs = parts.paragraphs;
    this.parser = parts.parser;
    this.terms = new TermMatcher(parts.miniSearch, parts.common, parts.paragraphs.length, (term) => parts.parser.mayBePartial(term));
  }

  /** Builds the index a slice at a time (time-slices.ts), so a reload of a large corpus never stalls the answers. */
  static async build(corpus: Corpus, encoder?: SentenceEncoder): Promise<PassageIndex> {
    return new PassageIndex(corpus, await runInSlices(buildParts(corpus)), encoder);
  }

  /** The question as the sentence encoder should read it: typos corrected to this corpus' words, chat shorthand spelt out. */
  spelledOut(query: string): string {
    return this.parser.spelledOut(query);
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
    const nearby = () =>
      [...lexical.matches]
        .sort((a, b) => rank(b) - rank(a))
        .slice(0, QUOTES_PER_PAGE)
        .map((match) => this.paragraphs[match.position]!);
    const bestCoverage = lexical.candidates[0] ? Math.max(...lexical.candidates.map((hit) => hit.coverage)) : 0;
    const mayBeClosest = !(lexical.namesUnknown && (options.unknownNameRulesOut ?? UNKNOWN_NAME_RULES_OUT));
    if (!vectors || !meaning) {
      const evidence = { coverage: bestCoverage };
      if (lexical.covered) return { match: 'answer', hits: lexical.chosen, nearby: [], evidence };
      const enough = options.wordsClosestCoverage ?? WORDS_CLOSEST_COVERAGE;
      if (mayBeClosest && bestCoverage >= enough)
        return {
          match: 'closest',
          hits: spreadAcrossSources(
            lexical.candidates.filter((hit) => hit.coverage >= enough),
            limit,
            QUOTES_PER_PAGE,
          ),
          nearby: [],
          evidence,
        };
      return { match: 'none', hits: [], nearby: nearby(), evidence };
    }

    const similarity = vectors.similarities(meaning);
    const bestSimilarity = similarity.reduce((best, value) => Math.max(best, value), -1);
    const aboutSubject =
      mayBeClosest &&
      ((bestCoverage >= (options.closestCoverage ?? CLOSEST_COVERAGE) && bestSimilarity >= (options.closestSimilarity ?? CLOSEST_SIMILARITY)) ||
        lexical.candidates.some((hit) => similarity[hit.position]! >= bestSimilarity - (options.agreementMargin ?? AGREEMENT_MARGIN)) ||
        bestSimilarity >= (options.meaningClosestSimilarity ?? MEANING_CLOSEST_SIMILARITY));
    // Only words that cover the question make an answer: a close meaning alone says the subject, not the answer.
    const match: Match = lexical.covered ? 'answer' : aboutSubject ? 'closest' : 'none';
    const evidence = { coverage: bestCoverage, similarity: bestSimilarity };
    if (match === 'none') return { match, hits: [], nearby: nearby(), evidence };

    // Reciprocal rank fusion: a paragraph's place in each ranking counts, not its score, which the
    // two rankings give on unrelated scales.
    const fused = new Map<number, number>();
    const add = (position: number, place: number, weight: number) =>
      fused.set(position, (fused.get(position) ?? 0) + weight / ((options.fusionK ?? FUSION_K) + place));
    const { candidates, matches } = lexical;
    const byRank = topIndexes(FUSION_DEPTH, matches.length, (at) => rank(matches[at]!)).map((at) => matches[at]!.position);
    const lexicalOrder = [...candidates.slice(0, FUSION_DEPTH).map((hit) => hit.position), ...byRank];
    [...new Set(lexicalOrder)].slice(0, FUSION_DEPTH).forEach((position, place) => add(position, place, 1));
    topIndexes(FUSION_DEPTH, similarity.length, (position) => similarity[position]!).forEach((position, place) =>
      add(position, place, options.meaningWeight ?? MEANING_WEIGHT),
    );
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
    return { match, hits: spreadAcrossSources(hits, limit, QUOTES_PER_PAGE), nearby: [], evidence };
  }

  /** The lexical search: matches, the candidates that cover enough of the question, and whether the chosen ones cover it. */
  private lexical(query: string, options: SearchOptions): { matches: TermMatch[]; candidates: Hit[]; chosen: Hit[]; covered: boolean; namesUnknown: boolean } {
    const parsed = this.parser.parse(query);
    const { weights, standsFor, namesUnknown } = parsed;
    if (weights.size === 0) return { matches: [], candidates: [], chosen: [], covered: false, namesUnknown };
    const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
    const coverage = (credit: ReadonlyMap<string, number>) => {
      let covered = 0;
      for (const [term, share] of credit) covered += share * weights.get(term)!;
      return covered / totalWeight;
    };
    // BM25's idf knows only the corpus, which says little about a word when it is small:
    // weigh each term by its rarity in English too, as coverage does (a synonym at its credit).
    const boost = (term: string) => weights.get(term) ?? SYNONYM_CREDIT * Math.max(...standsFor.get(term)!.map((questionTerm) => weights.get(questionTerm)!));

    const searchTerms = [...new Set([...weights.keys(), ...standsFor.keys()])];
    const matches = this.terms.match(searchTerms, boost);

    // Most matches of a large corpus hold one minor word of the question: rule them out by an upper
    // bound of their coverage before working out their exact credit.
    const mostFrom = new Map(
      searchTerms.map((term) => [
        term,
        (weights.get(term) ?? 0) + SYNONYM_CREDIT * (standsFor.get(term) ?? []).reduce((sum, questionTerm) => sum + weights.get(questionTerm)!, 0),
      ]),
    );
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
        return {
          paragraph,
          position: match.position,
          score: match.rawScore * match.queryTerms.length * share * figure,
          coverage: share,
          matchedTerms: match.terms,
        };
      })
      .filter((hit) => hit.coverage >= MIN_PASSAGE_COVERAGE)
      .sort((a, b) => b.score - a.score);
    const best = candidates[0]?.score ?? 0;
    const chosen = spreadAcrossSources(
      candidates.filter((hit) => hit.score >= best * MIN_RELATIVE_RANK),
      options.limit ?? QUOTES_PER_PAGE,
      QUOTES_PER_PAGE,
    );

    // The quotes together must cover the question: one may give 50,000 and another 40,000 + 10,000.
    const together = new Map<string, number>();
    for (const hit of chosen) {
      for (const [term, share] of credits.get(hit.paragraph)!) together.set(term, Math.max(share, together.get(term) ?? 0));
    }
    return {
      matches,
      candidates,
      chosen,
      covered: chosen.length > 0 && coverage(together) >= (options.minCoverage ?? MIN_COVERAGE),
      namesUnknown,
    };
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
