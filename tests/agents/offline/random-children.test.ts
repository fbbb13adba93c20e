import { describe, expect, it } from 'vitest';
import { buildAgentGraph, runTurn } from '../../../src/agents/graph.js';
import { createOfflineBrain } from '../../../src/agents/offline/index.js';
import { initialState } from '../../../src/agents/state.js';
import { GameSpecSchema } from '../../../src/games/spec.js';

/**
 * Children say anything. Whatever they say, in whatever order, the real graph with the offline
 * brain must never throw, never ask for personal data, never build a game right after a "no", and
 * reach a valid game: the safety valves, not luck, end every phase but the last question, which only
 * a yes (or something that is not a no nor a change) ends.
 *
 * Changed: the bound was 20 messages when the designer's turn limit built the game whatever the
 * child said. A "no" or a correction now never builds, so a random child who keeps correcting the
 * design takes a little longer; 25 holds for these seeds.
 */
const SAYINGS = [
  'yes',
  'no',
  'nope',
  'yeah!!',
  'I dont know',
  'you pick',
  'um',
  '🐉🌮',
  'a b c d e f g',
  'the gruffalo',
  'dragons love tacos',
  'no its the cat in the hat',
  'my dog is called Biscuit',
  'I like pizza and trains',
  'jumping',
  'a maze',
  'the big bad wolf',
  'stars and moons and rockets',
  'nothing',
  'can we play now',
  'why',
  '????',
  'lalalalalalalalala',
  'אני אוהב ספרים',
  '<script>alert(1)</script>',
  'Max\'s "Crown"',
  'x'.repeat(300),
];

/** A small seeded generator, so a failing case can be replayed by its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERSONAL = /\b(your name|how old|where do you live|what school|your school|your address)\b/i;

describe('the offline brain with random children', () => {
  const graph = buildAgentGraph(createOfflineBrain());

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))(
    'seed %i reaches a valid game in at most 25 messages, never right after a no',
    async (seed) => {
      const next = rng(seed);
      let state = initialState();
      let messages = 0;
      while (state.phase !== 'complete' && messages < 30) {
        const said = SAYINGS[Math.floor(next() * SAYINGS.length)] ?? 'yes';
        const before = state.phase;
        const out = await runTurn(graph, state, said);
        messages += 1;
        const built = before === 'designing' && out.session.phase !== 'designing';
        if (built) expect(said, `seed ${seed}: built after "${said}"`).not.toMatch(/^(?:no|nope)\b/i);
        for (const u of out.said) {
          expect(u.text.trim().length, `seed ${seed}`).toBeGreaterThan(0);
          expect(u.text, `seed ${seed}`).not.toMatch(PERSONAL);
          expect(u.text, `seed ${seed}`).not.toContain('*');
        }
        state = out.session;
      }
      expect(state.phase, `seed ${seed}`).toBe('complete');
      expect(messages, `seed ${seed}`).toBeLessThanOrEqual(25);
      expect(GameSpecSchema.safeParse(state.spec).success).toBe(true);
    },
  );
});
