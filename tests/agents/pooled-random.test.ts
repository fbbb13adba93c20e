import { describe, expect, it } from 'vitest';
import { poolRandomValues } from '../../src/agents/pooled-random.js';

/** A crypto of its own per test, so the process's global one is not what is tested. */
function pooledCrypto() {
  const calls: number[] = [];
  const target = {
    getRandomValues: <T extends ArrayBufferView>(a: T): T => {
      calls.push(a.byteLength);
      return crypto.getRandomValues(a);
    },
  };
  poolRandomValues(target);
  return { target, calls };
}

describe('pooled random values (the UUIDs of LangChain runs)', () => {
  it('fills the array it is given, with bytes never handed out twice', () => {
    const { target, calls } = pooledCrypto();
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const a = new Uint8Array(16);
      expect(target.getRandomValues(a)).toBe(a);
      seen.add(Buffer.from(a).toString('hex'));
    }
    expect(seen.size).toBe(2_000);
    // Served from the pool: Node's implementation was not called once per array.
    expect(calls).toEqual([]);
  });

  it('gives bytes spread evenly over 0-255', () => {
    const { target } = pooledCrypto();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4_096; i++)
      for (const b of target.getRandomValues(new Uint8Array(16))) counts[b] = (counts[b] ?? 0) + 1;
    // 65,536 bytes: 256 expected per value; a stuck or repeating pool would be far off.
    expect(Math.min(...counts)).toBeGreaterThan(180);
    expect(Math.max(...counts)).toBeLessThan(340);
  });

  it("hands other arrays, large requests and invalid ones to Node's implementation", () => {
    const { target, calls } = pooledCrypto();
    target.getRandomValues(new Uint32Array(4));
    target.getRandomValues(new Uint8Array(1_024));
    expect(calls).toEqual([16, 1_024]);
    expect(() => target.getRandomValues(new Float64Array(2))).toThrow();
    expect(() => target.getRandomValues(new Uint8Array(70_000))).toThrow();
  });

  it('is installed once however often it is asked', () => {
    const { target } = pooledCrypto();
    const installed = target.getRandomValues;
    poolRandomValues(target);
    expect(target.getRandomValues).toBe(installed);
  });
});
