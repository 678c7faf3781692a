import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { PassageIndex } from '../../src/search/passage-index.js';

let index: PassageIndex;
beforeAll(async () => {
  const loaded = await loadCorpus('corpus');
  if (!loaded.ok) throw new Error('corpus failed to load');
  index = new PassageIndex(loaded.corpus);
});
const ids = (query: string) => index.find(query).map((hit) => hit.paragraph.id);

describe('finding passages', () => {
  it('ranks the paragraph that answers first', () => {
    expect(ids('What did Jake Sullivan say about the nuclear program?')[0]).toBe('004:6');
    expect(ids('pornography')[0]).toBe('003:6');
  });

  it('finds figures however they are typed', () => {
    for (const query of ['50,000 troops', '50k troops', '50 000 troops']) expect(ids(query)).toContain('004:1');
    expect(ids('11,000')).toEqual(['004:5']);
  });

  it('finds a passage through a typo or a synonym', () => {
    expect(ids('zelenksy')).toContain('004:5');
    expect(ids('casulties per day')[0]).toBe('000:11');
    expect(ids('DPRK internet')).toContain('003:6');
  });

  it('shows every report when they give different figures', () => {
    const sources = new Set(index.find('how many north korean troops are in kursk').map((hit) => hit.paragraph.sourceId));
    expect(sources).toEqual(new Set(['000', '003', '004']));
  });

  it('returns at most the limit, best first', () => {
    const hits = index.find('north korean troops russia', { limit: 3 });
    expect(hits).toHaveLength(3);
    expect([...hits].sort((a, b) => b.score - a.score)).toEqual(hits);
  });
});

describe('saying nothing rather than quoting noise', () => {
  it.each(['who won the world cup?', 'best pizza in Rome', 'how do I reverse a list in python'])('%s', (query) => {
    expect(index.find(query)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \t\n '],
    ['stop words only', 'what is the'],
    ['emoji', '🎉🔥💀'],
    ['other scripts', '북한군은 몇 명인가요? Сколько войск?'],
    ['markdown', '**bold** _x_ `y` > quote [link](http://x)'],
    ['control characters', '\u0000\u0007\u001b[31m\u200b\u202e'],
    ['a thousand characters', 'troops '.repeat(143)],
    ['a lone surrogate', '\ud800 kursk'],
  ])('answers %s input without throwing', (_name, query) => {
    expect(() => index.find(query)).not.toThrow();
  });
});
