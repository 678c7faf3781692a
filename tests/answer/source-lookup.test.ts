import { beforeAll, describe, expect, it } from 'vitest';
import { lookUpSource } from '../../src/answer/source-lookup.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { parseParagraphReference } from '../../src/corpus/paragraph-id.js';

let corpus: Corpus;
beforeAll(async () => {
  const loaded = await loadCorpus('corpus');
  if (!loaded.ok) throw new Error('corpus failed to load');
  corpus = loaded.corpus;
});

describe('source lookups', () => {
  it('reads references as people write them', () => {
    expect(parseParagraphReference('004')).toEqual({ sourceId: '004' });
    expect(parseParagraphReference('004:3')).toEqual({ sourceId: '004', paragraph: 3 });
    expect(parseParagraphReference(' 004 ¶3 ')).toEqual({ sourceId: '004', paragraph: 3 });
    expect(parseParagraphReference('004:-1')).toEqual({ sourceId: '004', paragraph: -1 });
  });

  it('gives a paragraph with its neighbours, the first and last with one neighbour', () => {
    const middle = lookUpSource(corpus, '003', 4);
    expect(middle.kind === 'paragraph' && [middle.previous?.id, middle.paragraph.id, middle.next?.id]).toEqual(['003:3', '003:4', '003:5']);
    const first = lookUpSource(corpus, '003', 1);
    expect(first.kind === 'paragraph' && first.previous).toBeUndefined();
    const last = lookUpSource(corpus, '003', 7);
    expect(last.kind === 'paragraph' && last.next).toBeUndefined();
  });

  it.each([0, -1, 8, 1e12, 1.5, Number.NaN])('refuses paragraph %s clearly', (number) => {
    expect(lookUpSource(corpus, '003', number)).toMatchObject({ kind: 'unknown-paragraph', number });
  });

  it('names the known sources for an unknown one', () => {
    expect(lookUpSource(corpus, '999')).toEqual({ kind: 'unknown-source', sourceId: '999', known: ['000', '003', '004'] });
  });
});
