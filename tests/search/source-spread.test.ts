import { describe, expect, it } from 'vitest';
import { spreadAcrossSources } from '../../src/search/source-spread.js';

/** Hits named "<source><rank>", best first. */
const hits = (...names: string[]) => names.map((name) => ({ name, paragraph: { sourceId: name[0]! } }));
const names = (spread: readonly { name: string }[]) => spread.map((hit) => hit.name);

describe('spreadAcrossSources', () => {
  it('gives a source whose paragraph ranks below the first page a place on it, in score order', () => {
    expect(names(spreadAcrossSources(hits('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1'), 10, 5))).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'a5', 'a6']);
  });

  it('never pushes the best three off the first page for weaker paragraphs of other sources', () => {
    expect(names(spreadAcrossSources(hits('a1', 'a2', 'a3', 'b1', 'c1', 'd1', 'e1'), 10, 5))).toEqual(['a1', 'a2', 'a3', 'b1', 'c1', 'd1', 'e1']);
    expect(names(spreadAcrossSources(hits('a1', 'a2', 'a3', 'a4', 'b1', 'c1', 'd1'), 10, 5))).toEqual(['a1', 'a2', 'a3', 'b1', 'c1', 'a4', 'd1']);
  });

  it('stops at the limit', () => {
    expect(names(spreadAcrossSources(hits('a1', 'a2', 'b1'), 2, 5))).toEqual(['a1', 'a2']);
  });
});
