/**
 * `npx tsx bench/moderation.ts`: how moderation does on the two labelled sets in tests/safety/data
 * (hostile names and specs: refused or replaced; real children's book words: let through), and
 * how long one check takes.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Brain } from '../src/agents/brain.js';
import { withModeration } from '../src/agents/layers/moderated.js';
import { initialState } from '../src/agents/state.js';
import type { GameSpec } from '../src/games/spec.js';
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

// The conversation layer's cost per agent turn: a brain answering with a whole game and notes.
const examples = JSON.parse(
  readFileSync(new URL('../src/games/examples.json', import.meta.url), 'utf8'),
) as Array<{ example: GameSpec }>;
const spec = (examples[0] as { example: GameSpec }).example;
const notes = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`note${i}`, `the little red dragon ${i}`]),
);
const stub: Brain = {
  name: 'stub',
  storyAnalyst: async () => ({ reply: '', notes }),
  gameDesigner: async () => ({ reply: '', notes }),
  codeGenerator: async () => ({
    reply: "Beep boop! I'm building Max's game now. It's going to be amazing! Tap the game to start.",
    spec,
    notes,
  }),
};
const layered = withModeration(stub);
const state = initialState();
const turns: number[] = [];
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  await layered.codeGenerator(state, 'yes build it with the little red dragon please');
  turns.push(performance.now() - t0);
}
turns.sort((a, b) => a - b);
const tq = (p: number) => (turns[Math.floor(p * (turns.length - 1))] as number).toFixed(2);
console.log(`moderation layer per turn (a whole game, 20 notes): median ${tq(0.5)} ms, p99 ${tq(0.99)} ms`);
