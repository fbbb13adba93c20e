/**
 * The `fast` test project (vitest.config.ts) promises no service. A test that reaches for one there
 * fails at once, naming the fix, rather than skipping or waiting on a server that may be absent.
 */
export function failInFastProject(what: string): void {
  if (process.env.TEST_PROJECT === 'fast') {
    throw new Error(`this test needs ${what}: add its file to SERVICE_TESTS in vitest.config.ts`);
  }
}
