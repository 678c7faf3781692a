import { describe, expect, it } from 'vitest';
import { analyze, forEachWord } from '../../src/search/analyzer.js';

describe('the analyzer', () => {
  it('keeps figures whole, so 50,000, 10,000 and 100,000 are three terms', () => {
    expect(analyze('50,000 troops, 10,000 soldiers and up to 100,000')).toEqual(['50000', 'troop', '10000', '100000']);
  });

  it('reads "50k", "50 000", "50 thousand" and "1.2 million" as the figures they are', () => {
    expect(analyze('50k')).toEqual(['50000']);
    expect(analyze('50 000')).toEqual(['50000']);
    expect(analyze('50\u00a0000')).toEqual(['50000']);
    expect(analyze('50 thousand')).toEqual(['50000']);
    expect(analyze('1.2 million')).toEqual(['1200000']);
    expect(analyze('in 2016 28 websites')).toEqual(['2016', '28', 'websit']);
  });

  it('folds case and diacritics, drops stop words and stems', () => {
    expect(analyze('The TROOPS were deployed')).toEqual(analyze('troop deploying'));
    expect(analyze('Zelénsky')).toEqual(analyze('zelensky'));
    expect(analyze('what is the')).toEqual([]);
  });

  it('maps what people type onto the reports’ words', () => {
    expect(analyze('DPRK')).toEqual(['north', 'korea']);
    expect(analyze('Pyongyang')).toEqual(analyze('North Korea'));
    expect(analyze('North Koreans')).toEqual(analyze('North Korea'));
    expect(analyze('Zelenskyy')).toEqual(analyze('Zelensky'));
    expect(analyze('Pentagon')).toEqual(analyze('Department of Defense'));
    expect(analyze('defence')).toEqual(analyze('defense'));
    expect(analyze('soldiers')).toEqual(analyze('troops'));
    expect(analyze('died')).toEqual(analyze('killed'));
  });

  it('tells the country "US" / "U.S." from the pronoun "us"', () => {
    expect(analyze('U.S. officials')).toEqual(analyze('US officials'));
    expect(analyze('U.S.')).toEqual(analyze('American'));
    expect(analyze('tell us')).toEqual([]);
  });

  it('reads chat shorthand as the word it stands for, and chat filler as a stop word', () => {
    expect(analyze('ppl govt orgs')).toEqual(analyze('people government organizations'));
    expect(analyze('u rn tbh idk lol')).toEqual([]);
    // Words that are also names of Object.prototype's members are words like any other.
    expect(analyze('constructor valueOf')).toEqual(['constructor', 'valueof']);
  });

  it('strips possessives and keeps word offsets into the original text', () => {
    const text = 'Russia’s Kursk';
    expect(analyze(text)).toEqual(['russia', 'kursk']);
    const words: string[] = [];
    forEachWord(text, (raw, start, end) => words.push(`${raw}@${start}-${end}:${text.slice(start, end)}`));
    expect(words).toEqual(['Russia’s@0-8:Russia’s', 'Kursk@9-14:Kursk']);
  });

  it('keeps scripts without spaces as one term and ignores emoji and markup', () => {
    expect(analyze('北朝鮮 🎉 **bold** `code` @everyone')).toEqual(['北朝鮮', 'bold', 'code', 'everyon']);
  });
});
