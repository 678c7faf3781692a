/**
 * `npm run bench`: build time, heap, query latency of our whole /ask path next to bare MiniSearch
 * (default options, same paragraphs), and reload time with the event loop's worst stall, for the
 * three reports and synthetic corpora of 1,000 / 10,000 / 100,000 paragraphs. Medians and p99 of one
 * run; compare the ratios, which hold better than absolute figures on a noisy machine.
 *   npm run bench -- --sizes 1000,10000   to run only some sizes
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { answerQuestion, buildReply } from '../../src/answer/reply.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { renderReply } from '../../src/discord/render-reply.js';
import { Library } from '../../src/library/library.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { SentenceEncoder } from '../../src/search/sentence-encoder.js';
import { loadQuestions } from '../../tests/eval/evaluate.js';
import { syntheticCorpus, writeCorpus } from '../../tests/helpers/synthetic-corpus.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

const loaded = await loadCorpus('corpus');
if (!loaded.ok) throw new Error('the corpus does not load');
const base = loaded.corpus;
const sizesArgument = process.argv.indexOf('--sizes');
const sizes = sizesArgument > 0 ? process.argv[sizesArgument + 1]!.split(',').map(Number) : [0, 1_000, 10_000, 100_000];
const questions = loadQuestions();
const queries = [...questions.answerable, ...questions.offTopic, ...questions.unanswered].map(({ question }) => question);

interface Row {
  size: string;
  buildMs: number;
  heapMb: number;
  oursP50: number;
  oursP99: number;
  bareBuildMs: number;
  bareHeapMb: number;
  bareP50: number;
  bareP99: number;
  reloadMs: number;
  reloadMaxStallMs: number;
}
const rows: Row[] = [];

for (const size of sizes) {
  const corpus = size === 0 ? base : syntheticCorpus(base, size);
  const paragraphs = corpus.sources.reduce((sum, source) => sum + source.paragraphs.length, 0);
  const rounds = paragraphs <= 1_000 ? 30 : paragraphs <= 10_000 ? 5 : 1;

  const ours = measureBuild(() => new PassageIndex(corpus));
  const oursTimes = timeQueries(rounds, (query) => renderReply(buildReply(ours.value, query)));

  const bare = measureBuild(() => bareMiniSearch(corpus));
  const bareTimes = timeQueries(rounds, (query) => bare.value.search(query));

  const reload = await measureReload(corpus);
  rows.push({
    size: size === 0 ? `${paragraphs} (reports)` : String(paragraphs),
    buildMs: ours.ms,
    heapMb: ours.heapMb,
    oursP50: percentile(oursTimes, 0.5),
    oursP99: percentile(oursTimes, 0.99),
    bareBuildMs: bare.ms,
    bareHeapMb: bare.heapMb,
    bareP50: percentile(bareTimes, 0.5),
    bareP99: percentile(bareTimes, 0.99),
    ...reload,
  });
  console.error(`measured ${paragraphs} paragraphs`);
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const table = [
  [
    'paragraphs',
    'build ms',
    'heap MB',
    '/ask p50 ms',
    '/ask p99 ms',
    'bare build ms',
    'bare heap MB',
    'bare p50 ms',
    'bare p99 ms',
    'p99 ours/bare',
    'reload ms',
    'reload max stall ms',
  ],
  ...rows.map((row) => [
    row.size,
    fixed(row.buildMs, 0),
    fixed(row.heapMb, 1),
    fixed(row.oursP50, 3),
    fixed(row.oursP99, 3),
    fixed(row.bareBuildMs, 0),
    fixed(row.bareHeapMb, 1),
    fixed(row.bareP50, 3),
    fixed(row.bareP99, 3),
    fixed(row.oursP99 / row.bareP99, 2),
    fixed(row.reloadMs, 0),
    fixed(row.reloadMaxStallMs, 1),
  ]),
];
const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
for (const line of table) console.log(line.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
console.log(
  `\n${queries.length} evaluation questions per round after one warm-up round; /ask = search + reply model + Discord embed; bare = MiniSearch defaults, text and heading fields.`,
);

/**
 * The cost of matching by meaning: the encoder's start and memory, embedding a question (on its
 * thread, waited for), embedding paragraphs and the answering thread's worst stall meanwhile, and
 * /ask with meaning at each size. At sizes too large to embed here the paragraph vectors are
 * stand-ins (deterministic unit vectors): a question's cost does not depend on what they hold.
 */
async function benchMeaning(): Promise<void> {
  gc!();
  const rssBefore = process.memoryUsage().rss;
  const encoder = new SentenceEncoder();
  let started = performance.now();
  await encoder.embedQuestion('warm up');
  const startMs = performance.now() - started;
  const questionTimes: number[] = [];
  for (const query of queries) {
    started = performance.now();
    await encoder.embedQuestion(query);
    questionTimes.push(performance.now() - started);
  }
  const texts = base.sources.flatMap((source) => source.paragraphs.map((paragraph) => paragraph.text));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  started = performance.now();
  for (let start = 0; start < texts.length; start += 4) await encoder.embedParagraphs(texts.slice(start, start + 4));
  const perParagraphMs = (performance.now() - started) / texts.length;
  delay.disable();
  const rssMb = (process.memoryUsage().rss - rssBefore) / 1e6;
  console.log(
    `\nmeaning (Universal Sentence Encoder lite, worker thread): start ${fixed(startMs, 0)} ms; question embedding p50 ${fixed(percentile(questionTimes, 0.5), 1)} ms, p99 ${fixed(percentile(questionTimes, 0.99), 1)} ms; ` +
      `${fixed(perParagraphMs, 0)} ms per paragraph (${fixed((perParagraphMs * 1000) / 1000, 0)} s per 1,000), answering thread's max stall meanwhile ${fixed(delay.max / 1e6, 1)} ms; process memory +${fixed(rssMb, 0)} MB`,
  );
  const stand = new StandInEncoder();
  const meaningRows = [['paragraphs', 'vectors MB', '/ask+meaning p50 ms', '/ask+meaning p99 ms', 'of which search p99 ms']];
  for (const size of sizes) {
    const corpus = size === 0 ? base : syntheticCorpus(base, size);
    const index = new PassageIndex(corpus, undefined, size === 0 ? encoder : stand);
    await index.meaning!.fill();
    const vectors = new Map<string, Float32Array>();
    for (const query of queries) vectors.set(query, await encoder.embedQuestion(query));
    const searchTimes = timeQueries(size <= 1_000 ? 10 : 2, (query) => renderReply(buildReply(index, query, undefined, vectors.get(query))));
    const totalTimes: number[] = [];
    for (const query of queries) {
      started = performance.now();
      renderReply(await answerQuestion(index, encoder, query));
      totalTimes.push(performance.now() - started);
    }
    meaningRows.push([
      String(index.paragraphCount),
      fixed((index.paragraphCount * 512 * 4) / 1e6, 1),
      fixed(percentile(totalTimes, 0.5), 1),
      fixed(percentile(totalTimes, 0.99), 1),
      fixed(percentile(searchTimes, 0.99), 2),
    ]);
  }
  const meaningWidths = meaningRows[0]!.map((_, column) => Math.max(...meaningRows.map((line) => line[column]!.length)));
  for (const line of meaningRows) console.log(line.map((cell, column) => cell.padStart(meaningWidths[column]!)).join('  '));
  await encoder.close();
}

/** Paragraph vectors for a benchmark: deterministic unit vectors instead of the encoder's (see benchMeaning). */
class StandInEncoder extends SentenceEncoder {
  private seed = 1;
  override embedParagraphs(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(
      texts.map(() => {
        const vector = new Float32Array(512).map(() => (this.seed = (this.seed * 16807) % 2147483647) / 2147483647 - 0.5);
        const norm = Math.hypot(...vector);
        return vector.map((value) => value / norm);
      }),
    );
  }
}

function measureBuild<T>(build: () => T): { value: T; ms: number; heapMb: number } {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const value = build();
  const ms = performance.now() - started;
  gc!();
  return { value, ms, heapMb: (process.memoryUsage().heapUsed - before) / 1e6 };
}

function timeQueries(rounds: number, run: (query: string) => unknown): number[] {
  for (const query of queries) run(query); // one pass first: the steady state of a running bot (JIT, word caches)
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const started = performance.now();
      run(query);
      times.push(performance.now() - started);
    }
  }
  return times;
}

async function measureReload(corpus: Corpus): Promise<{ reloadMs: number; reloadMaxStallMs: number }> {
  const dir = path.join(tmpdir(), `bench-corpus-${process.pid}`);
  await writeCorpus(corpus, dir);
  const opened = await Library.open(dir);
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors.slice(0, 3)));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const outcome = await opened.library.reload();
  const reloadMs = performance.now() - started;
  // A stall is recorded when the next timer fires late: let one fire before reading the histogram.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  await rm(dir, { recursive: true, force: true });
  if (outcome.kind !== 'reloaded') throw new Error(`reload: ${outcome.kind}`);
  return { reloadMs, reloadMaxStallMs: delay.max / 1e6 };
}

function bareMiniSearch(corpus: Corpus): MiniSearch {
  const search = new MiniSearch({ fields: ['text', 'heading'] });
  search.addAll(
    corpus.sources.flatMap((source) => source.paragraphs.map((paragraph) => ({ id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' }))),
  );
  return search;
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

await benchMeaning();
