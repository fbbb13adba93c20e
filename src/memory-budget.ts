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
