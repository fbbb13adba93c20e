import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tuneHeapGrowth } from '../src/heap.js';

/**
 * A process that keeps each object long enough to be promoted, then drops it (as agent turns do):
 * its major GCs, counted for a given HEAP_GROWTH_PERCENT. Allocation decides when V8 collects, not
 * time, so the counts do not depend on how busy the machine is.
 */
const CHILD = `
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { tuneHeapGrowth } from './src/heap.ts';
tuneHeapGrowth(Number(process.argv[1]));
let majors = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
}).observe({ entryTypes: ['gc'] });
const ring = new Array(60_000);
for (let i = 0; i < 600_000; i++) ring[i % ring.length] = new Array(64).fill(i);
setTimeout(() => console.log(majors), 100);
`;

function majorGcs(percent: number): number {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CHILD, String(percent)],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

describe('tuneHeapGrowth', () => {
  it('makes major GCs rarer when the old generation may grow further', () => {
    const tight = majorGcs(10);
    const roomy = majorGcs(400);
    expect(tight).toBeGreaterThanOrEqual(4);
    expect(roomy * 2).toBeLessThanOrEqual(tight);
  });

  it('refuses a negative or fractional percentage and leaves V8 alone at 0', () => {
    expect(() => tuneHeapGrowth(-1)).toThrow(RangeError);
    expect(() => tuneHeapGrowth(2.5)).toThrow(RangeError);
    expect(() => tuneHeapGrowth(0)).not.toThrow();
  });
});
