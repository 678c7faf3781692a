import { describe, expect, it } from 'vitest';
import { CommonTerms } from '../../src/search/common-terms.js';
import { runAtOnce } from '../../src/time-slices.js';

const PARAGRAPHS = 100;
/** Terms in more than THRESHOLD paragraphs are common. */
const THRESHOLD = 40;
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, at) => from + at * step);

describe('CommonTerms', () => {
  const postings = new Map<string, number[]>([
    ['everywhere', range(0, PARAGRAPHS)],
    ['even', range(0, PARAGRAPHS, 2)],
    ['edges', [0, 1, 30, 31, 32, 33, 63, 64, 65, 95, 96, 97, 98, 99, ...range(2, 29)]],
    ['at-threshold', range(0, THRESHOLD)],
    ['rare', [5, 17]],
  ]);
  const common = runAtOnce(CommonTerms.build(postings, PARAGRAPHS, THRESHOLD));

  it('keeps a bitmap only for terms in more paragraphs than the threshold', () => {
    expect(['everywhere', 'even', 'edges', 'at-threshold', 'rare', 'absent'].filter((term) => common.has(term))).toEqual(['everywhere', 'even', 'edges']);
    expect(common.count('everywhere')).toBe(PARAGRAPHS);
    expect(common.count('even')).toBe(50);
    expect(common.count('edges')).toBe(41);
    expect(common.count('at-threshold')).toBe(0);
    expect(common.count('absent')).toBe(0);
    expect(common.paragraphCount).toBe(PARAGRAPHS);
  });

  it('says which paragraphs hold a common term, exactly, across 32-bit words and at the last paragraph', () => {
    for (const term of ['everywhere', 'even', 'edges']) {
      const holding = new Set(postings.get(term));
      expect(
        range(0, PARAGRAPHS).filter((paragraph) => common.contains(term, paragraph)),
        term,
      ).toEqual(range(0, PARAGRAPHS).filter((paragraph) => holding.has(paragraph)));
    }
  });

  it('holds no paragraph for a term that is not common', () => {
    expect(
      range(0, PARAGRAPHS).some(
        (paragraph) => common.contains('rare', paragraph) || common.contains('at-threshold', paragraph) || common.contains('absent', paragraph),
      ),
    ).toBe(false);
  });

  it('pauses every hundred terms and after each bitmap', () => {
    const many = new Map<string, number[]>(range(0, 250).map((at) => [`term${at}`, at < 3 ? range(0, PARAGRAPHS) : [at % PARAGRAPHS]]));
    const work = CommonTerms.build(many, PARAGRAPHS, THRESHOLD);
    let pauses = 0;
    while (!work.next().done) pauses += 1;
    // Two pauses for terms 100 and 200, three for the bitmaps of the first three terms.
    expect(pauses).toBe(5);
  });
});
