import type { SlicedWork } from '../time-slices.js';

/**
 * Which paragraphs hold each very common term ("north", "troop" in a corpus about North Korean
 * troops), as one bit per paragraph. MiniSearch scores a term by walking its whole posting list, so
 * at 100,000 paragraphs one such term costs tens of milliseconds; a bitmap answers "does paragraph n
 * hold it" at once and a whole scan costs a few hundred microseconds.
 */
export class CommonTerms {
  private readonly bitmaps = new Map<string, Uint32Array>();
  private readonly counts = new Map<string, number>();

  private constructor(readonly paragraphCount: number) {}

  /**
   * `postings`: each term's paragraphs (by position); terms in more than `threshold` paragraphs get a
   * bitmap. Pauses every hundred terms and after each bitmap (see time-slices.ts).
   */
  static *build(postings: ReadonlyMap<string, readonly number[]>, paragraphCount: number, threshold: number): SlicedWork<CommonTerms> {
    const common = new CommonTerms(paragraphCount);
    let seen = 0;
    for (const [term, paragraphs] of postings) {
      if (++seen % 100 === 0) yield;
      if (paragraphs.length <= threshold) continue;
      const bitmap = new Uint32Array(Math.ceil(paragraphCount / 32));
      for (const paragraph of paragraphs) bitmap[paragraph >>> 5]! |= 1 << (paragraph & 31);
      common.bitmaps.set(term, bitmap);
      common.counts.set(term, paragraphs.length);
      yield;
    }
    return common;
  }

  has(term: string): boolean {
    return this.bitmaps.has(term);
  }

  /** How many paragraphs hold the term (only for common terms). */
  count(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  contains(term: string, paragraph: number): boolean {
    const bitmap = this.bitmaps.get(term);
    return bitmap !== undefined && (bitmap[paragraph >>> 5]! & (1 << (paragraph & 31))) !== 0;
  }
}
