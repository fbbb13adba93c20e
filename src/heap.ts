import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's old generation grow `percent` past what each major GC kept, instead of V8's own
 * factor (chosen from how fast the process allocates and collects).
 *
 * Why: on Node 20 every agent turn promotes some 26 KB to the old generation although nothing
 * refers to it after the turn: V8 11.3 gives each `{ ...config, key }` object LangChain builds a
 * hidden class of its own, ~100 a turn (Node 22: none, ~12 KB; bench/graph-gc.ts). At a
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
