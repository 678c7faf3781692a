import { defineConfig } from 'vitest/config';

/** The stress tests, one file at a time, with the machine to themselves (see vitest.config.ts). */
export default defineConfig({
  test: {
    include: ['**/*.stress.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    fileParallelism: false,
  },
});
