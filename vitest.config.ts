import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The stress tests (`*.stress.test.ts`: a burst of questions, a stop during one) measure whether the
 * bot keeps Discord's 3 s on this machine, so they run after the rest, alone (vitest.stress.config.ts),
 * not beside other test files competing for the same two cores.
 */
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, '**/*.stress.test.ts'],
  },
});
