/**
 * Whether a function's time grows linearly with its input: the median time at ten times the size
 * over the median time at the size (about 10 when linear, about 100 when quadratic). Samples of the
 * two sizes alternate, so both see the same machine.
 */
import { excerpt } from '../../src/answer/excerpt.js';
import { parseParagraphReference } from '../../src/corpus/paragraph-id.js';
import { parseSourceFile } from '../../src/corpus/parse-file.js';
import { prepareReport } from '../../src/corpus/report-upload.js';
import { escapeMarkdown } from '../../src/discord/markdown.js';
import { tokenize } from '../../src/search/analyzer.js';
import type { Shape } from './adversarial-reports.js';

/** Above this, time grows faster than the size (the bound: 10 expected, 25 allowed). */
export const MAX_RATIO = 25;

const MIN_SAMPLE_MS = 5;

export interface Subject {
  readonly name: string;
  /** Which shapes it reads: report files, plain text uploads, or any text at all. */
  readonly reads: Shape['kind'] | 'any';
  run(text: string): unknown;
}

const EMPTY_CORPUS = { sources: [], version: 'empty' };
const encoder = new TextEncoder();

export const SUBJECTS: readonly Subject[] = [
  { name: 'parse a report file', reads: 'file', run: (text) => parseSourceFile('x.md', text) },
  { name: '/corpus add of plain text', reads: 'upload', run: (text) => prepareReport({ name: 'x.txt', bytes: encoder.encode(text) }, EMPTY_CORPUS) },
  { name: 'words (analyzer)', reads: 'any', run: (text) => tokenize(text) },
  { name: 'markdown escaping', reads: 'any', run: (text) => escapeMarkdown(text) },
  { name: 'excerpt', reads: 'any', run: (text) => excerpt({ sourceId: 'a', number: 1, id: 'a:1', line: 1, text }, text.length - 1) },
  { name: '/source reference', reads: 'any', run: (text) => parseParagraphReference(text) },
];

export interface Measured {
  /** Median milliseconds at the small and the large size. */
  readonly small: number;
  readonly large: number;
  readonly ratio: number;
}

async function time(run: () => unknown, times: number): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < times; index++) await run();
  return (performance.now() - start) / times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * Times `subject` on the shape at `size` and at ten times `size`, `samples` times each. Undefined
 * when one run at `size` alone takes over `giveUpMs`: then time is far from linear (a linear parser
 * reads a megabyte in milliseconds), and the larger size would run for hours.
 */
export async function measureRatio(subject: Subject, shape: Shape, size: number, samples: number, giveUpMs = Infinity): Promise<Measured | undefined> {
  const smallText = shape.make(size);
  const largeText = shape.make(size * 10);
  const small: number[] = [];
  const large: number[] = [];
  // Enough runs per sample to take a few milliseconds (this also warms the code up), so the
  // timer's resolution and the scheduler's noise stay small next to what is measured.
  let runs = 1;
  for (;;) {
    const each = await time(() => subject.run(smallText), runs);
    if (each > giveUpMs) return undefined;
    if (each * runs >= MIN_SAMPLE_MS || runs >= 100_000) break;
    runs *= 2;
  }
  for (let sample = 0; sample < samples; sample++) {
    small.push(await time(() => subject.run(smallText), runs));
    large.push(await time(() => subject.run(largeText), Math.max(1, Math.round(runs / 10))));
  }
  const smallMs = median(small);
  const largeMs = median(large);
  return { small: smallMs, large: largeMs, ratio: largeMs / smallMs };
}

export function subjectsFor(shape: Shape): Subject[] {
  return SUBJECTS.filter((subject) => subject.reads === 'any' || subject.reads === shape.kind);
}
