import { stemmer } from 'stemmer';
import { CHAT_SHORTHAND } from './chat-shorthand.js';
import { STOP_WORDS } from './stop-words.js';
import { SYNONYMS } from './synonyms.js';

const SCALE: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, million: 1e6 };

/**
 * One pass over the text, longest form first: figures with a scale ("50k", "1.2 million"),
 * figures with thousands separators ("50,000", "50 000"), dotted abbreviations ("U.S."),
 * then words, which keep inner apostrophes ("Russia’s") but split at hyphens.
 */
const WORD_PATTERN = new RegExp(
  [
    String.raw`(?<!\d)\d+(?:\.\d+)?\s?(?:k|thousand|million)\b`,
    String.raw`(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d])`,
    String.raw`\b(?:\p{L}\.){2,}`,
    String.raw`[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*`,
  ].join('|'),
  'giu',
);

/** Calls `visit` with each word of the text and its place, without collecting them. */
export function forEachWord(text: string, visit: (raw: string, start: number, end: number) => void): void {
  for (const match of text.matchAll(WORD_PATTERN)) visit(match[0], match.index, match.index + match[0].length);
}

/** MiniSearch's tokenizer: the raw words; `processTerm` turns each into index terms. */
export function tokenize(text: string): string[] {
  return text.match(WORD_PATTERN) ?? [];
}

/** An index term, with the word whose rarity it carries: the word as typed, folded (or "usa" for "US", "people" for "ppl"). */
export interface Term {
  readonly term: string;
  readonly word: string;
}

const termCache = new Map<string, readonly Term[]>();

/**
 * Turns one raw word into the terms it is indexed and searched under (none for a stop word).
 * The same function serves indexing and querying, so both sides always agree.
 */
export function analyzeWord(raw: string): readonly Term[] {
  let terms = termCache.get(raw);
  if (!terms) {
    terms = uncachedTerms(raw);
    // Bounded: a stream of made-up words must not grow it without end.
    if (termCache.size < 200_000) termCache.set(raw, terms);
  }
  return terms;
}

function uncachedTerms(raw: string): readonly Term[] {
  const figure = parseFigure(raw);
  if (figure !== undefined) return [{ term: figure, word: figure }];
  // "US" and "U.S." are the country; a lower-case "us" is the pronoun.
  if (/^(?:US|USA|U\.S\.(?:A\.)?)$/.test(raw)) return [{ term: 'usa', word: 'usa' }];
  const folded = fold(raw);
  const word = CHAT_SHORTHAND.get(folded) ?? folded;
  if (word === '' || STOP_WORDS.has(word)) return [];
  return canonicalTerms(word);
}

/** MiniSearch's processTerm. */
export function processTerm(raw: string): string[] {
  return analyzeWord(raw).map(({ term }) => term);
}

/** Whether a text has any word that is searched for (not only stop words, symbols or nothing). */
export function hasSearchableWords(text: string): boolean {
  return tokenize(text).some((raw) => analyzeWord(raw).length > 0);
}

/** Every distinct term of a text, in order of first appearance. */
export function analyze(text: string): string[] {
  return [...new Set(tokenize(text).flatMap(processTerm))];
}

/** Lower case, no diacritics, no apostrophes or possessive "'s", dots of abbreviations gone. */
export function fold(raw: string): string {
  return (
    raw
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/['’]s$/, '')
      .replace(/['’.]/g, '')
      // NFKD may spell one character as words ("ﷺ" → "صلى الله عليه وسلم"): a term never holds a space.
      .replace(/\s+/g, '')
  );
}

function parseFigure(raw: string): string | undefined {
  const scaled = /^(\d+(?:\.\d+)?)\s?(k|thousand|million)$/i.exec(raw);
  if (scaled) return String(Math.round(Number(scaled[1]) * SCALE[scaled[2]!.toLowerCase()]!));
  if (/^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$/.test(raw)) return raw.replace(/\D/g, '');
  return undefined;
}

function stem(word: string): string {
  return /^\p{L}{3,}$/u.test(word) && /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

const STEMMED_SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(SYNONYMS).map(([word, canonical]) => [stem(word), canonical.split(' ').map(stem)]),
);

function canonicalTerms(folded: string): readonly Term[] {
  const stemmed = stem(folded);
  const targets = STEMMED_SYNONYMS.get(folded) ?? STEMMED_SYNONYMS.get(stemmed) ?? [stemmed];
  return targets.map((term) => ({ term, word: folded }));
}
