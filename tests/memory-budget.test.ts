import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { heapCapMb, heapCapWarning } from '../src/memory-budget.js';

/** MEMORY_BUDGET_MB: the heap cap that fits a budget, and the warning when a process lacks it. */

/** V8's heap limit in a real Node process started with these flags. */
const heapLimitWith = (...flags: string[]) =>
  Number(
    execFileSync(process.execPath, [...flags, '-p', "require('v8').getHeapStatistics().heap_size_limit"], {
      env: { ...process.env, NODE_OPTIONS: '' },
    })
      .toString()
      .trim(),
  );

describe('memory budget', () => {
  it('leaves 45% of the budget to the old generation, never less than 96 MB', () => {
    expect(heapCapMb(350)).toBe(157);
    expect(heapCapMb(300)).toBe(135);
    expect(heapCapMb(512)).toBe(230);
    expect(heapCapMb(128)).toBe(96);
  });

  it('is quiet for a process started with the cap (as the Dockerfile starts it)', () => {
    expect(heapCapWarning(350, heapLimitWith('--max-old-space-size=157'))).toBeNull();
    expect(heapCapWarning(300, heapLimitWith('--max-old-space-size=135'))).toBeNull();
    expect(heapCapWarning(undefined, heapLimitWith())).toBeNull();
  });

  it('warns, with the flag to set, when the heap may outgrow the budget', () => {
    const uncapped = heapLimitWith('--max-old-space-size=2048');
    expect(heapCapWarning(350, uncapped)).toMatch(
      /^MEMORY_BUDGET_MB=350: .* set NODE_OPTIONS=--max-old-space-size=157$/,
    );
    // The worker's budget under the web instance's cap: too much heap for 300 MB.
    expect(heapCapWarning(300, heapLimitWith('--max-old-space-size=230'))).toMatch(/=135$/);
  });

  it('is a setting: a wrong value stops the process with its name, an empty one is unset', () => {
    expect(() => loadConfig({ MEMORY_BUDGET_MB: '64' })).toThrow(/MEMORY_BUDGET_MB/);
    expect(() => loadConfig({ MEMORY_BUDGET_MB: 'lots' })).toThrow(/MEMORY_BUDGET_MB/);
    expect(loadConfig({ MEMORY_BUDGET_MB: '' }).memoryBudgetMb).toBeUndefined();
    expect(loadConfig({ MEMORY_BUDGET_MB: '350' }).memoryBudgetMb).toBe(350);
  });
});
