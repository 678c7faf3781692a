import { describe, expect, it } from 'vitest';
import { WordNet } from '../../src/search/wordnet.js';

describe('WordNet', () => {
  const wordnet = WordNet.get();

  it('finds synonyms of an inflected word through its base form and adjective cluster', () => {
    expect(wordnet.synonyms('wounded')).toContain('injured');
    expect(wordnet.synonyms('weapons')).toContain('weapon');
    expect(wordnet.synonyms('bombarding')).toContain('bombardment');
  });

  it('leaves out the word itself and phrases', () => {
    const synonyms = wordnet.synonyms('troops');
    expect(synonyms).not.toContain('troops');
    expect(synonyms.some((word) => word.includes('_'))).toBe(false);
  });

  it('finds nothing for a word WordNet lacks', () => {
    expect(wordnet.synonyms('zelensky')).toEqual([]);
    expect(wordnet.synonyms('')).toEqual([]);
    expect(wordnet.synonyms(' ')).toEqual([]);
  });
});

describe('WordNet names', () => {
  const wordnet = WordNet.get();

  it('tells a name from a word by how WordNet writes its commonest noun sense', () => {
    expect(wordnet.isName('germany')).toBe(true);
    expect(wordnet.isName('nato')).toBe(true);
    expect(wordnet.isName('south_korea')).toBe(true);
    expect(wordnet.isName('troop')).toBe(false);
    expect(wordnet.isName('east')).toBe(false);
    expect(wordnet.isName('zelensky')).toBe(false);
    expect(wordnet.isName('')).toBe(false);
  });
});
