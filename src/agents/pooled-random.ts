import { randomFillSync } from 'node:crypto';

/**
 * LangChain and LangSmith make UUIDs for every runnable a graph run passes through (run ids,
 * checkpoint ids: dozens a message, even with tracing off), each from `crypto.getRandomValues` on
 * 16 bytes. Node answers every such call with its own synchronous call into OpenSSL, about 4 µs
 * here: about 4% of the main thread's CPU per message (bench/profile.ts). Small requests are served
 * here from a pool refilled from the same generator 4 KB at a time, as Node's own
 * `crypto.randomUUID` does; every byte is handed out once and wiped from the pool as it goes.
 * Anything else (other array types, large or invalid requests) goes to Node's implementation.
 */
const POOL_BYTES = 4096;
const SMALL_BYTES = 256;

const pooled = new WeakSet<object>();

interface RandomSource {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

export function poolRandomValues(target: RandomSource = globalThis.crypto): void {
  if (pooled.has(target)) return;
  pooled.add(target);
  const original = target.getRandomValues.bind(target);
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  target.getRandomValues = <T extends ArrayBufferView>(array: T): T => {
    if (!(array instanceof Uint8Array) || array.byteLength > SMALL_BYTES) return original(array);
    const n = array.byteLength;
    if (used + n > POOL_BYTES) {
      randomFillSync(pool);
      used = 0;
    }
    array.set(pool.subarray(used, used + n));
    pool.fill(0, used, used + n);
    used += n;
    return array;
  };
}
