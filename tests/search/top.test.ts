import { describe, expect, it } from 'vitest';
import { topIndexes } from '../../src/search/top.js';

describe('topIndexes', () => {
  it('gives what a stable sort by score, highest first, gives for its first places, ties included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      // Few distinct scores, so ties are common.
      const scores = Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 8));
      const count = 1 + Math.floor(random() * 25);
      const sorted = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, count);
      expect(topIndexes(count, scores.length, (index) => scores[index]!)).toEqual(sorted);
    }
  });

  it('gives nothing for nothing', () => {
    expect(topIndexes(20, 0, () => 1)).toEqual([]);
  });
});
