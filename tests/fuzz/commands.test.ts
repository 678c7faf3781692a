/**
 * Fuzzing every command and interaction end to end (properties.ts): a few hundred generated cases
 * through the emulator and the real bot (/corpus on a bot of its own). `FUZZ_SEED=<n>` replays a
 * run; `npm run fuzz` runs 10,000+ cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NPM_TEST_PLAN, PROPERTY_LABELS, PROPERTY_NAMES, runProperty, startFuzzBots, type FuzzBots } from './properties.js';

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Date.now() % 2 ** 31;
const CONCURRENCY = 4;

let bots: FuzzBots | undefined;
beforeAll(async () => {
  bots = await startFuzzBots();
}, 20_000);
afterAll(async () => {
  await bots?.stop();
}, 20_000);

describe(`fuzzing every command through the emulator (FUZZ_SEED=${SEED})`, () => {
  for (const name of PROPERTY_NAMES) {
    it(`${PROPERTY_LABELS[name]}: ${NPM_TEST_PLAN[name]} generated cases hold every property`, async () => {
      const results = await runProperty(bots!.botFor(name), name, { runs: NPM_TEST_PLAN[name], seed: SEED, concurrency: CONCURRENCY });
      const failures = results.filter((result) => result.failed);
      if (failures.length > 0) throw new Error(failures.map((failure) => `seed ${failure.seed}:\n${String(failure.report)}`).join('\n\n'));
      expect(results.reduce((sum, result) => sum + result.cases, 0)).toBe(NPM_TEST_PLAN[name]);
    }, 60_000);
  }

  it('no request was refused or out of limits, and nothing logged an error', () => {
    expect(bots!.finalProblems()).toEqual([]);
  });
});
