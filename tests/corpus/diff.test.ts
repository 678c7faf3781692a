import { describe, expect, it } from 'vitest';
import { diffCorpus, isEmptyDiff } from '../../src/corpus/diff.js';
import { corpusFrom } from '../helpers/corpus.js';

describe('what a reload changed', () => {
  it('lists sources and paragraphs added, removed and changed', () => {
    const before = corpusFrom({ 'a.md': '---\nid: a\n---\n\nOne.\n\nTwo.\n\nThree.\n', 'b.md': '---\nid: b\n---\n\nB.\n' });
    const after = corpusFrom({ 'a.md': '---\nid: a\ntitle: New\n---\n\nOne.\n\nTwo, edited.\n', 'c.md': '---\nid: c\n---\n\nC.\n' });
    expect(diffCorpus(before, after)).toEqual({
      addedSources: ['c'],
      removedSources: ['b'],
      changedMetadata: ['a'],
      addedParagraphs: [],
      removedParagraphs: ['a:3'],
      changedParagraphs: ['a:2'],
    });
  });

  it('is empty when nothing changed', () => {
    const files = { 'a.md': '---\nid: a\n---\n\nOne.\n' };
    expect(isEmptyDiff(diffCorpus(corpusFrom(files), corpusFrom(files)))).toBe(true);
  });
});
