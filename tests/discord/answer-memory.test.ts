import { describe, expect, it } from 'vitest';
import { narrowReply, type Reply } from '../../src/answer/reply.js';
import type { Paragraph, Source } from '../../src/corpus/model.js';
import { AnswerMemory } from '../../src/discord/answer-memory.js';

const paragraph = (number: number): Paragraph => ({ sourceId: 's', number, id: `s:${number}`, text: `Paragraph ${number}.`, line: number });
const source: Source = { id: 's', file: 's.md', headings: [], paragraphs: [1, 2, 3].map(paragraph) };
const answer: Reply = {
  kind: 'answer',
  question: 'which paragraph',
  match: 'closest',
  quotes: source.paragraphs.map((p) => ({ source, paragraph: p, score: 1, highlights: [[0, 9]] })),
};

describe('AnswerMemory', () => {
  it('recalls replies by interaction id and forgets the oldest beyond its size', () => {
    const memory = new AnswerMemory(2);
    const notCovered: Reply = { kind: 'not-covered', question: 'x', nearby: [] };
    memory.remember('1', answer);
    memory.remember('2', notCovered);
    expect(memory.recall('1')).toBe(answer);
    expect(memory.recall('2')).toBe(notCovered);
    memory.remember('3', answer);
    expect(memory.recall('1')).toBeUndefined();
    expect(memory.recall('2')).toBe(notCovered);
    expect(memory.recall(undefined)).toBeUndefined();
  });
});

describe('narrowReply', () => {
  it('keeps the question, label and highlighting of the quotes asked for, in that order', () => {
    const narrowed = narrowReply(answer, ['s:3', 's:1']);
    expect(narrowed).toEqual({ ...answer, quotes: [answer.quotes[2], answer.quotes[0]] });
  });

  it('is undefined when a paragraph was not among the quotes, or none is asked for', () => {
    expect(narrowReply(answer, ['s:1', 's:9'])).toBeUndefined();
    expect(narrowReply(answer, [])).toBeUndefined();
  });
});
