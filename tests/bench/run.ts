/**
 * `npm run bench`: build time, heap, query latency of our whole /ask path next to bare MiniSearch
 * (default options, same paragraphs), and reload time with the event loop's worst stall, for the
 * three reports and synthetic corpora of 1,000 / 10,000 / 100,000 paragraphs. Medians and p99 of one
 * run; compare the ratios, which hold better than absolute figures on a noisy machine.
 *   npm run bench -- --sizes 1000,10000   to run only some sizes
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { rm } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { buildReply } from '../../src/answer/reply.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Corpus } from '../../src/corpus/model.js';
import { renderReply } from '../../src/discord/render-reply.js';
import { LiveIndex } from '../../src/search/live-index.js';
import { PassageIndex } from '../../src/search/passage-index.js';
import { loadQuestions } from '../eval/evaluate.js';
import { syntheticCorpus, writeCorpus } from './synthetic-corpus.js';

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
  ['paragraphs', 'build ms', 'heap MB', '/ask p50 ms', '/ask p99 ms', 'bare build ms', 'bare heap MB', 'bare p50 ms', 'bare p99 ms', 'p99 ours/bare', 'reload ms', 'reload max stall ms'],
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
console.log(`\n${queries.length} evaluation questions per round after one warm-up round; /ask = search + reply model + Discord embed; bare = MiniSearch defaults, text and heading fields.`);

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
  const opened = await LiveIndex.open(dir);
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors.slice(0, 3)));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const outcome = await opened.live.reload();
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
  search.addAll(corpus.sources.flatMap((source) => source.paragraphs.map((paragraph) => ({ id: paragraph.id, text: paragraph.text, heading: paragraph.heading ?? '' }))));
  return search;
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
