import { describe, expect, it } from 'vitest';
import type { Paragraph } from '../../src/corpus/model.js';
import { processTerm } from '../../src/search/analyzer.js';
import { IndexBuilder } from '../../src/search/index-builder.js';
import { runAtOnce } from '../../src/time-slices.js';

const paragraph = (number: number, text: string, heading?: string): Paragraph => ({
  sourceId: 'x',
  number,
  id: `x:${number}`,
  text,
  line: number,
  ...(heading ? { heading } : {}),
});
const PARAGRAPHS = [
  paragraph(1, 'Troops massed near Kursk. The troops waited.'),
  paragraph(2, 'Zelensky spoke in Kyiv about the war.', 'Kursk offensive'),
  paragraph(3, 'Zelensky and Zelensky again: 50,000 troops.'),
];
const term = (word: string) => processTerm(word)[0]!;

function built(): IndexBuilder {
  const builder = new IndexBuilder();
  for (const each of PARAGRAPHS) builder.add(each);
  return builder;
}

describe('IndexBuilder', () => {
  it("keeps the paragraphs in the order added: a paragraph's position is its id in MiniSearch", () => {
    const builder = built();
    expect(builder.paragraphs).toEqual(PARAGRAPHS);
    expect(builder.miniSearch.search(term('Kyiv'), { tokenize: (text) => [text], processTerm: (text) => text }).map((result) => result.id as number)).toEqual([
      1,
    ]);
  });

  it("lists each term's paragraphs once each, in order, headings included, stop words left out", () => {
    const { postings } = built();
    expect(postings.get(term('troops'))).toEqual([0, 2]);
    expect(postings.get(term('Kursk'))).toEqual([0, 1]);
    expect(postings.get(term('Zelensky'))).toEqual([1, 2]);
    expect(postings.get('50000')).toEqual([2]);
    expect(postings.has('the')).toBe(false);
    expect(postings.has('and')).toBe(false);
  });

  it('gives every index term as the vocabulary', () => {
    const builder = built();
    expect(runAtOnce(builder.vocabulary())).toEqual(new Set(builder.postings.keys()));
    expect(runAtOnce(builder.vocabulary()).has(term('offensive'))).toBe(true);
  });

  it('teaches spelling the words as written, of four letters or more, counted', () => {
    const spelling = runAtOnce(built().spellingCorrector());
    expect(spelling.has('zelensky')).toBe(true);
    expect(spelling.has('troops')).toBe(true);
    expect(spelling.has('kursk')).toBe(true);
    // Index terms (stems), short words and figures are not words to correct to.
    expect(term('Zelensky')).not.toBe('zelensky');
    expect(spelling.has(term('Zelensky'))).toBe(false);
    expect(spelling.has('war')).toBe(false);
    expect(spelling.has('50000')).toBe(false);
    expect(spelling.correct('zelenksy')).toBe('zelensky');
  });

  it('pauses every hundred terms while listing the vocabulary', () => {
    const builder = new IndexBuilder();
    builder.add(
      paragraph(
        1,
        Array.from({ length: 250 }, (_, at) => `word${String.fromCharCode(97 + (at % 26))}${String.fromCharCode(97 + Math.floor(at / 26))}`).join(' '),
      ),
    );
    const work = builder.vocabulary();
    let pauses = 0;
    for (let step = work.next(); !step.done; step = work.next()) pauses += 1;
    expect(builder.postings.size).toBe(250);
    expect(pauses).toBe(2);
  });
});
