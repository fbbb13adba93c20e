/**
 * A small seeded random number generator. Every play has a seed: the same seed always builds the
 * same levels (a test, or a child who wants "that one again", can replay a layout exactly), and a
 * new play takes a new seed, so Play again is a new layout with the same rules.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  range(min: number, max: number): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
  /** An independent copy that goes on with the same sequence (for look-ahead without side effects). */
  clone(): Rng;
}

/** FNV-1a: a stable 32-bit hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A well-spread 32-bit seed from a seed and a number (a level's seed from the play's). */
export function mixSeed(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Seeds are shown and typed (URL, tests): positive 31-bit integers, kept as they are when they already are one. */
export function normaliseSeed(seed: number): number {
  const n = Math.floor(Math.abs(seed)) % 0x7fffffff;
  return n === 0 ? 1 : n;
}

/** mulberry32: tiny, fast and good enough for level generation. */
export function createRng(seed: number): Rng {
  return new Mulberry32(seed >>> 0);
}

/** A class rather than closures: copies for look-ahead are made often and must be cheap. */
class Mulberry32 implements Rng {
  constructor(private a: number) {}

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  clone(): Rng {
    return new Mulberry32(this.a);
  }
}
