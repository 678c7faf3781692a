import { describe, expect, it } from 'vitest';
import { SpellingCorrector } from '../../src/search/spelling.js';

function corrector(words: Record<string, number>): SpellingCorrector {
  const spelling = new SpellingCorrector();
  for (const [word, count] of Object.entries(words)) spelling.add(word, count);
  return spelling;
}

describe('SpellingCorrector', () => {
  it('corrects a misspelt word to the closest word of the corpus', () => {
    const spelling = corrector({ zelensky: 1, restrictions: 1, soldiers: 1, kursk: 1 });
    expect(spelling.correct('zelenksy')).toBe('zelensky');
    expect(spelling.correct('restrictons')).toBe('restrictions');
    expect(spelling.correct('soliders')).toBe('soldiers');
    expect(spelling.correct('kursk')).toBe('kursk');
  });

  it('allows two edits from five letters, one at four, none below', () => {
    const spelling = corrector({ troops: 1, kyiv: 1, war: 1 });
    expect(spelling.correct('trxxps')).toBe('troops');
    expect(spelling.correct('txxxps')).toBeUndefined();
    expect(spelling.correct('kyev')).toBe('kyiv');
    expect(spelling.correct('kxev')).toBeUndefined();
    expect(spelling.correct('wor')).toBeUndefined();
  });

  it('takes two letters swapped for one slip, so a four-letter word is corrected too', () => {
    const spelling = corrector({ view: 1, kyiv: 1 });
    expect(spelling.correct('veiw')).toBe('view');
    expect(spelling.correct('kyvi')).toBe('kyiv');
    expect(spelling.correct('vwei')).toBeUndefined();
  });

  it('prefers the closer word, then the word the corpus uses most', () => {
    const spelling = corrector({ troops: 1, tropes: 50 });
    // "troopes": one edit from "troops", one from "tropes": the more used wins the tie.
    expect(spelling.correct('troopes')).toBe('tropes');
    spelling.add('troops', 60);
    expect(spelling.correct('troopes')).toBe('troops');
    // "troops" is one edit from "troopx", "tropes" two: closeness beats use.
    expect(corrector({ troops: 1, tropes: 100 }).correct('troopx')).toBe('troops');
  });

  it('adds up the counts of a word added again', () => {
    const spelling = corrector({ border: 3, borden: 4 });
    expect(spelling.correct('bordeq')).toBe('borden');
    spelling.add('border');
    spelling.add('border');
    expect(spelling.correct('bordeq')).toBe('border');
  });

  it('knows its words and the words they begin', () => {
    const spelling = corrector({ european: 1 });
    expect(spelling.has('european')).toBe(true);
    expect(spelling.has('europe')).toBe(false);
    expect(spelling.hasWordStartingWith('europe')).toBe(true);
    expect(spelling.hasWordStartingWith('european')).toBe(true);
    expect(spelling.hasWordStartingWith('europeans')).toBe(false);
    expect(spelling.hasWordStartingWith('asia')).toBe(false);
    expect(new SpellingCorrector().correct('anything')).toBeUndefined();
  });
});
