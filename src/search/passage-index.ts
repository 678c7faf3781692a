import MiniSearch, { type SearchResult } from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/model.js';
import { analyze, analyzeWord, fold, processTerm, scanWords, tokenize, type Term } from './analyzer.js';
import { EnglishRarity } from './english-rarity.js';
import { SpellingCorrector } from './spelling.js';
import { WordNet } from './wordnet.js';

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

/** Terms beyond this in one question are ignored: a question, not an essay, is what gets searched. */
const MAX_QUERY_TERMS = 24;
/** The quotes of an answer must together match at least this share of the question's weighted words. */
export const MIN_COVERAGE = 0.6;
/** A quote must match at least this share itself, so an answer is not padded with loosely related ones. */
const MIN_PASSAGE_COVERAGE = 0.35;
/** Hits ranking under this fraction of the best hit are noise next to it. */
const MIN_RELATIVE_RANK = 0.25;
const DEFAULT_LIMIT = 5;
/** Weight of a figure such as "50000" in a query: as much as a word English uses once in a million. */
const FIGURE_WEIGHT = 14;
/** A prefix match ("infra" for "infrastructure") is weaker evidence than the word itself. */
const PREFIX_CREDIT = 0.6;
/** A synonym the corpus uses for a question word it lacks ("injured" for "wounded") is good but not full evidence. */
const SYNONYM_CREDIT = 0.7;
/**
 * A name the reports never mention ("Germany", "NATO", "South" of South Korea) says the question is
 * about something else, more than any other word they lack: it counts this many times its weight.
 */
const UNKNOWN_NAME_FACTOR = 2;

/** A question as searched: its weighted terms, and for terms the corpus lacks, corpus terms that mean the same. */
interface ParsedQuery {
  readonly weights: ReadonlyMap<string, number>;
  /** Corpus term → the question terms it stands in for. */
  readonly standsFor: ReadonlyMap<string, readonly string[]>;
}

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
  /** Every index term, so only words the corpus lacks get prefix matching. */
  private readonly vocabulary = new Set<string>();
  private readonly spelling = new SpellingCorrector();
  private readonly english = EnglishRarity.get();
  private readonly wordnet = WordNet.get();

  constructor(corpus: Corpus) {
    this.corpus = corpus;
    this.search = new MiniSearch<IndexedParagraph>({ fields: ['text', 'heading'], tokenize, processTerm });
    const documents: IndexedParagraph[] = [];
    for (const source of corpus.sources) {
      for (const paragraph of source.paragraphs) {
        this.paragraphs.set(paragraph.id, paragraph);
        const document = { id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' };
        documents.push(document);
        const text = `${document.text}\n${document.heading}`;
        for (const term of analyze(text)) this.vocabulary.add(term);
        for (const { raw } of scanWords(text)) {
          const folded = fold(raw);
          if (/^\p{L}{4,}$/u.test(folded)) this.spelling.add(folded);
        }
      }
    }
    this.search.addAll(documents);
  }

  get paragraphCount(): number {
    return this.paragraphs.size;
  }

  /**
   * The query's distinct terms, each weighted by how unusual its word is in English (a figure weighs
   * as a fairly rare word). A word that is neither English nor in the corpus is taken for a typo
   * and replaced by the nearest word of the corpus.
   */
  queryTerms(query: string): Map<string, number> {
    return new Map(this.parse(query).weights);
  }

  /**
   * The query's weighted terms (see queryTerms), and for each term the corpus lacks, the corpus
   * terms WordNet gives as synonyms of its word.
   */
  private parse(query: string): ParsedQuery {
    const weights = new Map<string, number>();
    const standsFor = new Map<string, string[]>();
    for (const raw of tokenize(query)) {
      const terms = this.correctedTerms(raw);
      for (const { term, word } of terms) {
        if (!weights.has(term) && weights.size >= MAX_QUERY_TERMS) return { weights, standsFor };
        // One typed word is one unit of weight, even when a synonym expands it ("DPRK" → north korea).
        let weight = (/^\d+$/.test(term) ? FIGURE_WEIGHT : this.english.of(word)) / terms.length;
        const absent = !this.vocabulary.has(term) && /^[a-z]+$/.test(word);
        const synonyms = absent ? this.corpusSynonyms(word) : new Set<string>();
        const partial = this.mayBePartial(term) && this.spelling.hasWordStartingWith(term);
        if (absent && synonyms.size === 0 && !partial && this.wordnet.isName(word)) {
          weight *= UNKNOWN_NAME_FACTOR;
        }
        weights.set(term, Math.max(weight, weights.get(term) ?? 0));
        for (const synonym of synonyms) {
          const terms = standsFor.get(synonym) ?? [];
          if (!terms.includes(term)) standsFor.set(synonym, [...terms, term]);
        }
      }
    }
    return { weights, standsFor };
  }

  /** Terms of the corpus that WordNet gives as synonyms of a word the corpus lacks. */
  private corpusSynonyms(word: string): Set<string> {
    const found = new Set<string>();
    for (const synonym of this.wordnet.synonyms(word)) {
      for (const { term } of analyzeWord(synonym)) if (this.vocabulary.has(term)) found.add(term);
    }
    return found;
  }

  private correctedTerms(raw: string): readonly Term[] {
    const terms = analyzeWord(raw);
    const folded = fold(raw);
    const looksMisspelt =
      terms.length > 0 &&
      terms.every(({ term }) => !this.vocabulary.has(term)) &&
      /^\p{L}+$/u.test(folded) &&
      !this.english.has(folded) &&
      !this.spelling.has(folded);
    const correction = looksMisspelt ? this.spelling.correct(folded) : undefined;
    return correction ? analyzeWord(correction) : terms;
  }

  /**
   * Ranked paragraphs that answer the query, best first; empty when they do not cover it.
   * Never throws on odd input: a query with no searchable words simply finds nothing.
   */
  find(query: string, options: SearchOptions = {}): Hit[] {
    const parsed = this.parse(query);
    const { weights, standsFor } = parsed;
    if (weights.size === 0) return [];
    const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
    const coverage = (credit: ReadonlyMap<string, number>) =>
      [...credit].reduce((sum, [term, share]) => sum + share * weights.get(term)!, 0) / totalWeight;

    const results = this.search.search([...new Set([...weights.keys(), ...standsFor.keys()])].join(' '), {
      // The terms are already processed: hand them to MiniSearch as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { text: 1, heading: 0.5 },
      // BM25's idf knows only the corpus, which says little about a word when it is small:
      // weigh each term by its rarity in English too, as coverage does (a synonym at its credit).
      boostTerm: (term) => weights.get(term) ?? SYNONYM_CREDIT * Math.max(...standsFor.get(term)!.map((questionTerm) => weights.get(questionTerm)!)),
      // Only a word the corpus lacks can be a partial word; known words match exactly.
      prefix: (term) => this.mayBePartial(term),
    });

    const credits = new Map<string, ReadonlyMap<string, number>>();
    const candidates = results
      .map((result): Hit => {
        const credit = this.credit(result, parsed);
        credits.set(String(result.id), credit);
        const share = coverage(credit);
        // BM25 sums over the terms a paragraph matches; weighing by coverage also counts those it
        // misses, so a paragraph that holds the whole question beats one that repeats part of it.
        return { paragraph: this.paragraphs.get(String(result.id))!, score: result.score * share, coverage: share, matchedTerms: result.terms };
      })
      .filter((hit) => hit.coverage >= MIN_PASSAGE_COVERAGE)
      .sort((a, b) => b.score - a.score);
    const best = candidates[0]?.score ?? 0;
    const chosen = diversifyBySource(
      candidates.filter((hit) => hit.score >= best * MIN_RELATIVE_RANK),
      options.limit ?? DEFAULT_LIMIT,
    );

    // The quotes together must cover the question: one may give 50,000 and another 40,000 + 10,000.
    const together = new Map<string, number>();
    for (const hit of chosen) {
      for (const [term, share] of credits.get(hit.paragraph.id)!) together.set(term, Math.max(share, together.get(term) ?? 0));
    }
    return coverage(together) >= (options.minCoverage ?? MIN_COVERAGE) ? chosen : [];
  }

  /** Only a word the corpus lacks, of four letters or more, is taken for part of a longer one ("infra"). */
  private mayBePartial(term: string): boolean {
    return !this.vocabulary.has(term) && /^\p{L}{4,}$/u.test(term);
  }

  /** How much each question term a result matched counts: fully, as a prefix, or through a synonym. */
  private credit(result: SearchResult, { weights, standsFor }: ParsedQuery): Map<string, number> {
    const credit = new Map<string, number>();
    const give = (term: string, share: number) => credit.set(term, Math.max(share, credit.get(term) ?? 0));
    for (const term of result.queryTerms) {
      if (weights.has(term)) give(term, result.terms.includes(term) ? 1 : PREFIX_CREDIT);
      for (const questionTerm of standsFor.get(term) ?? []) give(questionTerm, SYNONYM_CREDIT);
    }
    return credit;
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
