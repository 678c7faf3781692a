/**
 * The long fuzz run: 10,000+ generated cases of every command and interaction through the emulator
 * and the real bot (properties.ts), run as several fast-check runners side by side (/corpus one case
 * at a time, on a bot of its own). Prints cases and failures per property and exits non-zero on any
 * failure.
 *
 *   npx tsx tools/fuzz/run.ts [--cases 10000] [--seed N] [--concurrency 4] [--max-seconds 900]
 */
import { parseArgs } from 'node:util';
import {
  ISOLATED,
  PROPERTY_LABELS,
  PROPERTY_NAMES,
  runProperty,
  scaledPlan,
  startFuzzBots,
  type PropertyName,
  type RunnerResult,
} from '../../tests/fuzz/properties.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    'max-seconds': { type: 'string', default: '900' },
  },
});
const total = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const concurrency = Number(values.concurrency);
const maxSeconds = Number(values['max-seconds']);
if (![total, seed, concurrency, maxSeconds].every(Number.isFinite) || total < 1 || concurrency < 1) {
  console.error('usage: tsx tools/fuzz/run.ts [--cases N] [--seed N] [--concurrency N] [--max-seconds N]');
  process.exit(2);
}

const processErrors: string[] = [];
process.on('unhandledRejection', (reason) => processErrors.push(`unhandled rejection: ${String((reason as Error | null | undefined)?.stack ?? reason)}`));
process.on('uncaughtException', (error) => processErrors.push(`uncaught exception: ${error.stack ?? String(error)}`));

const watchdog = setTimeout(() => {
  console.error(`fuzz: still running after ${maxSeconds} s; giving up`);
  process.exit(3);
}, maxSeconds * 1000);

const plan = scaledPlan(total);
console.log(
  `fuzz: ${total} cases (${PROPERTY_NAMES.map((name) => `${PROPERTY_LABELS[name]} ${plan[name]}`).join(', ')}), seed ${seed}, ${concurrency} runners per property (${[...ISOLATED].map((name) => PROPERTY_LABELS[name]).join(', ')}: 1)`,
);
const started = performance.now();
const bots = await startFuzzBots();
let results: { name: PropertyName; runners: RunnerResult[]; ms: number }[];
let problems: string[];
try {
  results = await Promise.all(
    PROPERTY_NAMES.map(async (name, index) => {
      const from = performance.now();
      const runners = await runProperty(bots.botFor(name), name, { runs: plan[name], seed: seed + 1000 * index, concurrency });
      return { name, runners, ms: performance.now() - from };
    }),
  );
} finally {
  problems = [...bots.finalProblems(), ...processErrors];
  await bots.stop();
}
const seconds = (performance.now() - started) / 1000;

const rows = results.map(({ name, runners, ms }) => ({
  property: PROPERTY_LABELS[name],
  cases: runners.reduce((sum, runner) => sum + runner.cases, 0),
  'runs incl. shrinking': bots.stats(name).executions,
  'failing runs': bots.stats(name).failures,
  'failed runners': runners.filter((runner) => runner.failed).length,
  seconds: Number((ms / 1000).toFixed(1)),
}));
console.table(rows);
console.log(
  `outcomes: ${[...bots.outcomes()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(' · ')}`,
);
const cases = rows.reduce((sum, row) => sum + row.cases, 0);
const failures = rows.reduce((sum, row) => sum + row['failed runners'], 0);
for (const { runners } of results)
  for (const runner of runners) if (runner.failed) console.error(`\n--- ${PROPERTY_LABELS[runner.name]}, seed ${runner.seed}\n${String(runner.report)}`);
for (const problem of problems) console.error(`\n--- outside any case: ${problem}`);
const heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
console.log(
  `fuzz: ${cases} cases, ${failures} failures (${failures} shrunk counterexamples), ${problems.length} other problems, ${seconds.toFixed(1)} s, ${(cases / seconds).toFixed(0)} cases/s, heap ${heapMb} MB, seed ${seed}`,
);
clearTimeout(watchdog);
process.exit(failures > 0 || problems.length > 0 ? 1 : 0);
