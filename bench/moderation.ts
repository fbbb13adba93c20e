/**
 * `npx tsx bench/moderation.ts`: how moderation does on the two labelled sets in tests/safety/data
 * (hostile names and specs: refused or replaced; real children's book words: let through), and
 * how long one check takes.
 */
import { performance } from 'node:perf_hooks';
import { findConcerns } from '../src/safety/moderation.js';
import { loadBookWords, loadHostile, scoreSets } from '../tests/safety/moderation-sets.js';

const first = performance.now();
findConcerns('warm up');
const warm = performance.now() - first;

const s = scoreSets();
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
console.log(`hostile set: ${s.hostile} names and specs`);
console.log(
  `  handled ${s.handled}/${s.hostile} (${pct(s.handled, s.hostile)}): refused ${s.refused}, replaced ${s.replaced}`,
);
for (const m of s.missed) console.log(`  missed ${m}`);
console.log(`book words: ${s.books}`);
console.log(`  refused ${s.blocked.length}/${s.books} (${pct(s.blocked.length, s.books)})`);
for (const b of s.blocked) console.log(`  refused ${JSON.stringify(b)}: ${JSON.stringify(findConcerns(b))}`);

const texts = [...loadHostile().map((c) => c.text), ...loadBookWords()];
const times: number[] = [];
for (let rep = 0; rep < 5; rep++)
  for (const t of texts) {
    const at = performance.now();
    findConcerns(t);
    times.push(performance.now() - at);
  }
times.sort((a, b) => a - b);
const q = (p: number) => (times[Math.floor(p * (times.length - 1))] as number) * 1000;
const long = 'the dragon flew over the castle and ate a taco '.repeat(42);
const at = performance.now();
for (let i = 0; i < 20; i++) findConcerns(long);
console.log(`first call (lists loaded): ${warm.toFixed(1)} ms`);
console.log(
  `per check: median ${q(0.5).toFixed(1)} µs, p99 ${q(0.99).toFixed(1)} µs over ${times.length} checks`,
);
console.log(`a ${long.length}-character message: ${((performance.now() - at) / 20).toFixed(2)} ms`);
