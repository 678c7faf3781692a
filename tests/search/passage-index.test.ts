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
    const hits = index.find('how many north korean troops are in kursk');
    expect(new Set(hits.map((hit) => hit.paragraph.sourceId))).toEqual(new Set(['000', '003', '004']));
    // 10,000 (000 ¶5, 003 ¶1) against 11,000 (004 ¶5), side by side.
    const texts = hits.map((hit) => hit.paragraph.text);
    expect(texts.some((text) => text.includes('11,000 North Korean troops'))).toBe(true);
    expect(texts.some((text) => text.includes('10,000 troops'))).toBe(true);
  });

  it('ranks paragraphs that give a figure higher when the question asks "how many"', () => {
    const withFigure = (query: string) => index.find(query).filter((hit) => /\d/.test(hit.paragraph.text)).length;
    expect(withFigure('how many north korean soldiers')).toBeGreaterThanOrEqual(withFigure('north korean soldiers'));
    expect(index.find('how many north korean soldiers').map((hit) => hit.paragraph.id)).toContain('004:5');
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
