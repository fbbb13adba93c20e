import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's old generation grow `percent` past what each major GC kept, instead of V8's own
 * factor (chosen from how fast the process allocates and collects).
 *
 * Why: every agent turn leaves some 30-50 KB of LangGraph's run objects that survive two scavenges
 * and are promoted, although nothing refers to them after the turn (bench/graph-gc.ts). At a
 * child's pace that filled the old generation every ~15 s, and each major GC (some 75 ms of
 * marking that takes both cores, then a pause) held a burst of answers for 100-140 ms: the
 * open loop's p99. With room to grow five-fold the major GCs are rarer; the cost is heap, not
 * CPU (measured in docs/scale.md). V8 reads the flag whenever it sets the next limit, so setting
 * it at start-up is enough. 0 leaves V8's choice.
 */
export function tuneHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth ${percent}%`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
