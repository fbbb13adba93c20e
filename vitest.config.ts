import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need something the machine provides: PostgreSQL or Redis (tests/support/services.ts),
 * Chromium (tests/support/browser.ts) or the deploy tools (docker-compose, promtool, haproxy).
 * Every other test file is in the `fast` project (`npm run test:fast`): no service, a quick loop while
 * editing. A file listed in neither way that reaches for a service fails in `fast` (the support helpers
 * throw when TEST_PROJECT=fast), so a misfiled test is caught, never silently skipped.
 */
export const SERVICE_TESTS = [
  'tests/books/book-search.test.ts',
  'tests/cache/**/*.test.ts',
  'tests/deploy/**/*.test.ts',
  'tests/docs/**/*.test.ts',
  'tests/jobs/forget.test.ts',
  'tests/jobs/generation-failed.test.ts',
  'tests/jobs/generation-queue.test.ts',
  'tests/jobs/one-build.test.ts',
  'tests/jobs/progress.test.ts',
  'tests/observability/metrics-endpoint.test.ts',
  'tests/observability/worker-langsmith.test.ts',
  'tests/observability/worker-trace.test.ts',
  'tests/runtime/game-types.test.ts',
  'tests/runtime/levels-page.test.ts',
  'tests/runtime/page-safety.test.ts',
  'tests/scale/postgres-outage.test.ts',
  'tests/scale/redis-outage.test.ts',
  'tests/scale/redis-timeout.test.ts',
  'tests/scale/rolling*.test.ts',
  'tests/scale/two-instances.test.ts',
  'tests/server/error-logs.test.ts',
  'tests/server/metrics.test.ts',
  'tests/store/db-clock.test.ts',
  'tests/store/postgres-repository.test.ts',
  'tests/web/!(units).test.ts',
];

export default defineConfig({
  test: {
    // Browser and database tests are heavy on a 2-core machine: run files two at a time.
    maxWorkers: 2,
    // Generous: a test waits on state, and a loaded machine must slow it down, not fail it.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    // `npm run test:coverage`. Browser code (src/web, src/admin, the Phaser scenes) runs in Chromium,
    // out of V8's sight here, so those lines count as uncovered although the browser tests drive them.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'test-artifacts/coverage',
      // A failing test must not hide the coverage of the rest.
      reportOnFailure: true,
    },
    // `vitest run` runs both projects (the whole suite); `--project fast` only the service-free one.
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SERVICE_TESTS],
          env: { TEST_PROJECT: 'fast' },
        },
      },
      { extends: true, test: { name: 'services', include: SERVICE_TESTS } },
    ],
  },
});
