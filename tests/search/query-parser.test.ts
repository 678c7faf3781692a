import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { processTerm } from '../../src/search/analyzer.js';
import { IndexBuilder } from '../../src/search/index-builder.js';
import { QueryParser } from '../../src/search/query-parser.js';
import type { SpellingCorrector } from '../../src/search/spelling.js';
import { runAtOnce } from '../../src/time-slices.js';

/** The parser as the index makes it for the three reports: their terms and their words for spelling. */
let vocabulary: Set<string>;
let spelling: SpellingCorrector;
let parser: QueryParser;
beforeAll(async () => {
  const loaded = await loadCorpus('corpus');
  if (!loaded.ok) throw new Error('corpus failed to load');
  const builder = new IndexBuilder();
  for (const source of loaded.corpus.sources) for (const paragraph of source.paragraphs) builder.add(paragraph);
  vocabulary = runAtOnce(builder.vocabulary());
  spelling = runAtOnce(builder.spellingCorrector());
  parser = new QueryParser(vocabulary, spelling);
});

const term = (word: string) => processTerm(word)[0]!;
const weights = (query: string) => parser.parse(query).weights;

describe('QueryParser', () => {
  it('drops words that say nothing about which paragraph answers', () => {
    expect(weights('what is the')).toEqual(new Map());
    expect(weights('')).toEqual(new Map());
    expect([...weights('what did the report say about Kursk?').keys()]).toEqual([term('Kursk')]);
  });

  it('weighs a word by how unusual it is in English', () => {
    const parsed = weights('north korean troops in kursk');
    expect([...parsed.keys()]).toEqual(['north', 'korean', 'troops', 'kursk'].map(term));
    for (const weight of parsed.values()) expect(weight).toBeGreaterThan(0);
    expect(parsed.get(term('kursk'))).toBeGreaterThan(parsed.get(term('troops'))!);
    expect(parsed.get(term('troops'))).toBeGreaterThan(parsed.get(term('north'))!);
  });

  it('weighs chat shorthand as the word it stands for, and reads "the us" as the country', () => {
    expect(weights('what did the ppl say')).toEqual(weights('what did the people say'));
    expect([...weights('why did the us score so badly').keys()]).toContain('usa');
    expect([...weights('tell us about kursk').keys()]).toEqual([term('kursk')]);
  });

  it('spells a question out for the sentence encoder: typos corrected, shorthand expanded, the rest as typed', () => {
    expect(parser.spelledOut('wat did Zelenksy say abt the ppl in Kursk?')).toBe('what did zelensky say about the people in Kursk?');
    expect(parser.spelledOut('pizza')).toBe('pizza');
  });

  it("corrects a typo to the reports' word, leaving words they use and ordinary English alone", () => {
    expect(weights('zelenksy')).toEqual(weights('zelensky'));
    expect(weights('casulties')).toEqual(weights('casualties'));
    expect([...weights('pizza').keys()]).toEqual([term('pizza')]);
    expect(vocabulary.has(term('pizza'))).toBe(false);
  });

  it("finds the reports' own words for a word they lack, through WordNet", () => {
    expect(vocabulary.has(term('wounded'))).toBe(false);
    const { standsFor } = parser.parse('wounded');
    expect(standsFor.get(term('injured'))).toEqual([term('wounded')]);
    expect(parser.parse('injured').standsFor.size).toBe(0);
  });

  it('counts a name the reports never mention twice: the question is about something else', () => {
    const germany = term('Germany');
    expect(vocabulary.has(germany)).toBe(false);
    const knowing = new QueryParser(new Set([...vocabulary, germany]), spelling);
    expect(weights('Germany troops').get(germany)).toBeCloseTo(2 * knowing.parse('Germany troops').weights.get(germany)!, 10);
    expect(weights('Germany troops').get(term('troops'))).toBe(knowing.parse('Germany troops').weights.get(term('troops')));
  });

  it('searches figures however they are typed, and knows when a question asks for one', () => {
    for (const query of ['50,000 troops', '50k troops', '50 000 troops']) expect(weights(query).has('50000'), query).toBe(true);
    expect(weights('50,000').get('50000')).toBeGreaterThan(weights('troops').get(term('troops'))!);
    for (const query of ['How many troops?', 'how  much ammunition', 'the number of soldiers', 'size of the force'])
      expect(parser.parse(query).asksForFigure, query).toBe(true);
    for (const query of ['many troops', 'howmany troops', 'troops numbered']) expect(parser.parse(query).asksForFigure, query).toBe(false);
  });

  it('gives one typed word one unit of weight, however many terms it stands for', () => {
    const dprk = weights('DPRK');
    expect([...dprk.keys()]).toEqual(['north', term('korea')]);
    expect(dprk.get('north')).toBe(dprk.get(term('korea')));
  });

  it('searches at most 24 terms of a question, the first ones', () => {
    const words = [...new Set([...vocabulary].filter((candidate) => /^[a-z]{5,}$/.test(candidate) && term(candidate) === candidate))].slice(0, 40);
    expect(words).toHaveLength(40);
    expect([...weights(words.join(' ')).keys()]).toEqual(words.slice(0, 24));
  });

  it('takes only a word the reports lack, of four letters or more, for part of a longer one', () => {
    expect(parser.mayBePartial('infra')).toBe(true);
    expect(parser.mayBePartial(term('kursk'))).toBe(false);
    expect(parser.mayBePartial('inf')).toBe(false);
    expect(parser.mayBePartial('50000')).toBe(false);
  });
});
