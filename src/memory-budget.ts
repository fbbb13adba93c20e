import { getHeapStatistics } from 'node:v8';

/**
 * MEMORY_BUDGET_MB: the resident memory an operator gives one process (the instance's size, or
 * its share of it), and the V8 heap cap that keeps the process inside it.
 *
 * V8 alone decides how far the JavaScript heap grows (by default up to a quarter or so of the
 * machine's memory, and HEAP_GROWTH_PERCENT lets it grow five-fold between major GCs), and it
 * does not know the container's limit: a process on a 512 MB instance could grow until the
 * kernel killed it. The cap can only be set when Node starts (`--max-old-space-size`, in
 * NODE_OPTIONS: the Dockerfile sets it for the default budget), so the process checks at start that
 * it got a cap that fits its budget, and warns with the flag to set when it did not.
 *
 * What is not heap: Node and V8 themselves, code, the storage worker's PGlite (WebAssembly memory,
 * embedded only), the playtest thread, sockets and buffers: measured at 120-200 MB
 * (docs/memory.md). Hence the rule: 45% of the budget for the old generation, at least 96 MB.
 */

export const HEAP_SHARE = 0.45;
export const MIN_HEAP_MB = 96;

/** The `--max-old-space-size` (MB) for a budget: 350 → 157, 300 → 135, 512 → 230. */
export function heapCapMb(budgetMb: number): number {
  return Math.max(MIN_HEAP_MB, Math.floor(budgetMb * HEAP_SHARE));
}

/**
 * `--max-semi-space-size` (MB) for a budgeted process. V8 otherwise lets the young generation's
 * two semi-spaces grow to 16 MB each (and a thread's as well): with three isolates in an embedded
 * instance that was some 40 MB of young generation held between scavenges. 4 MB halves the main
 * thread's unused heap (105 → 80 MB total for 66 MB live at start) at the cost of more frequent,
 * shorter scavenges (docs/measurements/2026-12-08-memory-embedded.md).
 */
export const SEMI_SPACE_MB = 4;

/**
 * The Node flags a process with this budget is started with (the Dockerfile's NODE_OPTIONS).
 * glibc's MALLOC_ARENA_MAX=2 goes with them in the environment: one malloc arena per thread
 * (main, storage, playtest, libuv's and V8's helpers) kept 15-20 MB of freed memory resident.
 */
export function budgetNodeFlags(budgetMb: number): string[] {
  return [`--max-old-space-size=${heapCapMb(budgetMb)}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}

/**
 * A warning when this process's heap may grow past what the budget allows (started without the
 * cap), or null. `heapLimitBytes` is V8's limit for the whole heap, a little above the old
 * generation's cap (the young generation and code come on top), so a margin is allowed.
 */
export function heapCapWarning(
  budgetMb: number | undefined,
  heapLimitBytes = getHeapStatistics().heap_size_limit,
): string | null {
  if (budgetMb === undefined) return null;
  const cap = heapCapMb(budgetMb);
  const limitMb = Math.round(heapLimitBytes / 2 ** 20);
  // Young generation (up to 3 × 16 MB semi-spaces with V8's defaults) and slack on top of the cap.
  if (limitMb <= cap + 64) return null;
  return `MEMORY_BUDGET_MB=${budgetMb}: the JavaScript heap may grow to ${limitMb} MB, more than the ${cap} MB the budget leaves it; set NODE_OPTIONS=--max-old-space-size=${cap}`;
}
