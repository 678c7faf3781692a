import { analyzeWord, fold, forEachWord, tokenize, type Term } from './analyzer.js';
import { CHAT_SHORTHAND } from './chat-shorthand.js';
import { EnglishRarity } from './english-rarity.js';
import type { SpellingCorrector } from './spelling.js';
import { WordNet } from './wordnet.js';

/** Terms beyond this in one question are ignored: a question, not an essay, is what gets searched. */
const MAX_QUERY_TERMS = 24;
/** Weight of a figure such as "50000" in a query: as much as a word English uses once in a million. */
const FIGURE_WEIGHT = 14;
/**
 * A name the reports never mention ("Germany", "NATO", "South" of South Korea) says the question is
 * about something else, more than any other word they lack: it counts this many times its weight.
 */
const UNKNOWN_NAME_FACTOR = 2;

/** A question as searched: its weighted terms, and for terms the corpus lacks, corpus terms that mean the same. */
export interface ParsedQuery {
  readonly weights: ReadonlyMap<string, number>;
  /** Corpus term → the question terms it stands in for. */
  readonly standsFor: ReadonlyMap<string, readonly string[]>;
  /** The question asks for a quantity ("how many …?"): the answer holds a figure. */
  readonly asksForFigure: boolean;
  /**
   * The question writes with a capital a name the corpus never mentions, in any spelling or synonym
   * ("Germany"). In lower case a name may be a misspelt word ("abel" for "able").
   */
  readonly namesUnknown: boolean;
}

const ASKS_FOR_FIGURE = /\bhow\s+(?:many|much|large|big)\b|\bnumber\s+of\b|\bsize\s+of\b/i;

/**
 * Turns a question into what the index searches: terms weighted by how unusual their words are in
 * English, typos corrected to the corpus' words, and WordNet synonyms for words the corpus lacks.
 */
export class QueryParser {
  private readonly english = EnglishRarity.get();
  private readonly wordnet = WordNet.get();

  constructor(
    /** Every index term of the corpus. */
    private readonly vocabulary: ReadonlySet<string>,
    private readonly spelling: SpellingCorrector,
  ) {}

  /**
   * The query's weighted terms (see queryTerms), and for each term the corpus lacks, the corpus
   * terms WordNet gives as synonyms of its word.
   */
  parse(query: string): ParsedQuery {
    const weights = new Map<string, number>();
    const standsFor = new Map<string, string[]>();
    const asksForFigure = ASKS_FOR_FIGURE.test(query);
    let namesUnknown = false;
    let previous = '';
    for (const typed of tokenize(query)) {
      // "the us" typed in lower case is the country: the pronoun never follows "the".
      const raw = /^us$/i.test(typed) && previous.toLowerCase() === 'the' ? 'US' : typed;
      previous = typed;
      const terms = this.correctedTerms(raw);
      for (const { term, word } of terms) {
        if (!weights.has(term) && weights.size >= MAX_QUERY_TERMS) return { weights, standsFor, asksForFigure, namesUnknown };
        // One typed word is one unit of weight, even when a synonym expands it ("DPRK" → north korea).
        let weight = (/^\d+$/.test(term) ? FIGURE_WEIGHT : this.english.of(word)) / terms.length;
        const absent = !this.vocabulary.has(term) && /^[a-z]+$/.test(word);
        const synonyms = absent ? this.corpusSynonyms(word) : new Set<string>();
        const partial = this.mayBePartial(term) && this.spelling.hasWordStartingWith(term);
        if (absent && synonyms.size === 0 && !partial && this.wordnet.isName(word)) {
          weight *= UNKNOWN_NAME_FACTOR;
          if (/^\p{Lu}/u.test(typed)) namesUnknown = true;
        }
        weights.set(term, Math.max(weight, weights.get(term) ?? 0));
        for (const synonym of synonyms) {
          const terms = standsFor.get(synonym) ?? [];
          if (!terms.includes(term)) standsFor.set(synonym, [...terms, term]);
        }
      }
    }
    return { weights, standsFor, asksForFigure, namesUnknown };
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
    return analyzeWord(this.correction(raw) ?? raw);
  }

  /** The corpus word a misspelt word stands for ("zelenksy" → "zelensky"), if it looks misspelt. */
  private correction(raw: string): string | undefined {
    const terms = analyzeWord(raw);
    if (terms.length === 0 || terms.some(({ term }) => this.vocabulary.has(term))) return undefined;
    const folded = fold(raw);
    const looksMisspelt = /^\p{L}+$/u.test(folded) && !this.english.has(folded) && !this.spelling.has(folded);
    return looksMisspelt ? this.spelling.correct(folded) : undefined;
  }

  /**
   * The question with its typos corrected and chat shorthand spelt out ("wat is the god veiw" →
   * "what is the god view"), as the sentence encoder should read it: it knows neither.
   */
  spelledOut(query: string): string {
    let text = '';
    let from = 0;
    forEachWord(query, (raw, start, end) => {
      const word = CHAT_SHORTHAND.get(fold(raw)) ?? this.correction(raw);
      if (word === undefined) return;
      text += query.slice(from, start) + word;
      from = end;
    });
    return text + query.slice(from);
  }

  /** Only a word the corpus lacks, of four letters or more, is taken for part of a longer one ("infra"). */
  mayBePartial(term: string): boolean {
    return !this.vocabulary.has(term) && /^\p{L}{4,}$/u.test(term);
  }
}
