import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Browser and database tests are heavy on a 2-core machine: run files two at a time.
    maxWorkers: 2,
    // Generous: a test waits on state, and a loaded machine must slow it down, not fail it.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
