import SearchableMap from 'minisearch/SearchableMap';

/**
 * Corrects a misspelt word to the closest word of the corpus ("zelenksy" → "zelensky",
 * "restrictons" → "restrictions"). Works on words as written, before stemming, because a typo
 * stems badly ("soliders" → "solid"). Ties go to the word the corpus uses most.
 */
export class SpellingCorrector {
  private readonly words = new SearchableMap<number>();

  add(word: string, count = 1): void {
    this.words.update(word, (previous = 0) => previous + count);
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Whether the corpus has a word this one begins ("europe" of "european"), itself included. */
  hasWordStartingWith(prefix: string): boolean {
    // The first key will do: counting them all could walk much of a large vocabulary.
    for (const _ of this.words.atPrefix(prefix).keys()) return true;
    return false;
  }

  correct(word: string): string | undefined {
    const maxDistance = word.length >= 5 ? 2 : word.length === 4 ? 1 : 0;
    if (maxDistance === 0) return undefined;
    let best: { word: string; distance: number; count: number } | undefined;
    const consider = (candidate: string, count: number, distance: number) => {
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: candidate, distance, count };
    };
    for (const [candidate, [count, distance]] of this.words.fuzzyGet(word, maxDistance)) consider(candidate, count, distance);
    // Two letters swapped ("veiw") is one slip of the fingers, though two edits to Levenshtein.
    for (let at = 0; at + 1 < word.length; at++) {
      const swapped = word.slice(0, at) + word[at + 1]! + word[at]! + word.slice(at + 2);
      const count = swapped === word ? undefined : this.words.get(swapped);
      if (count !== undefined) consider(swapped, count, 1);
    }
    return best?.word;
  }
}
