import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { excerpt } from '../../src/answer/excerpt.js';
import { buildReply, type Reply } from '../../src/answer/reply.js';
import { citation, sourceLabel } from '../../src/answer/source-label.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { loadQuestions } from '../eval/evaluate.js';

let corpus: Corpus;
let index: PassageIndex;
/** Each source's file as it is on disk (line endings normalised, as the loader reads them). */
const files = new Map<string, string>();
beforeAll(async () => {
  const loaded = await loadCorpus('corpus');
  if (!loaded.ok) throw new Error('corpus failed to load');
  corpus = loaded.corpus;
  index = new PassageIndex(corpus);
  for (const source of corpus.sources) {
    files.set(source.id, (await readFile(path.join('corpus', source.file), 'utf8')).replace(/\r\n?/g, '\n'));
  }
});

/** Every piece of text in a reply that is not a fixed label must stand verbatim in its source's file. */
function assertOnlyQuotes(reply: Reply): void {
  if (reply.kind !== 'answer') return;
  for (const quote of reply.quotes) {
    const file = files.get(quote.source.id)!;
    expect(file).toContain(quote.paragraph.text);
    if (quote.paragraph.heading) expect(file).toContain(quote.paragraph.heading);
    for (const [start, end] of quote.highlights) {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(quote.paragraph.text.length);
    }
    for (const length of [40, 200, 1000]) {
      const cut = excerpt(quote.paragraph, length);
      expect(quote.paragraph.text.startsWith(cut.text)).toBe(true);
      expect(cut.text.length).toBeLessThanOrEqual(length);
    }
    // The label is the title, the publisher or the opening words: text of the file, cut and marked.
    const label = sourceLabel(quote.source).replace(/^“|”$/g, '').replace(/…$/, '');
    expect(file).toContain(label);
    // Each bold run covers only words of the paragraph, never text of our own.
    for (const [start, end] of quote.highlights) expect(quote.paragraph.text.slice(start, end).trim()).not.toBe('');
    expect(citation(quote.source, quote.paragraph)).toMatch(new RegExp(`${quote.source.id} ¶${quote.paragraph.number}$`));
  }
}

const corpusWords = () =>
  fc.constantFrom(...corpus.sources.flatMap((source) => source.paragraphs.flatMap((paragraph) => paragraph.text.split(/\s+/))));

describe('no new claims: a reply quotes the corpus verbatim and adds nothing', () => {
  it('holds for every evaluation question', () => {
    const questions = loadQuestions();
    for (const { question } of [...questions.answerable, ...questions.offTopic, ...questions.unanswered]) {
      assertOnlyQuotes(buildReply(index, question));
    }
  });

  it('holds for generated questions mixing corpus words and arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(corpusWords(), fc.string(), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 12 }), (words) => {
        assertOnlyQuotes(buildReply(index, words.join(' ')));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('every quote is the very paragraph object of the corpus, not a copy', () => {
    const reply = buildReply(index, 'north korean troops in kursk');
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    for (const quote of reply.quotes) {
      expect(corpus.sources.some((source) => source.paragraphs.includes(quote.paragraph))).toBe(true);
    }
  });
});
