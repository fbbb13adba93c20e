import { describe, expect, it } from 'vitest';
import { createOfflineBrain } from '../../../src/agents/offline/index.js';
import { initialState, type SessionState } from '../../../src/agents/state.js';
import { isStorableText } from '../../../src/text/well-formed.js';
import { type Asked, byTopic, questionOf, turn } from './driver.js';

/**
 * Text is cut by the offline brain in many places (an answer kept, a name, a title, a place). A cut
 * by UTF-16 code units can leave half an emoji, a lone surrogate that PostgreSQL refuses in the
 * session's JSON. Here emoji sit at every position of the child's words through whole
 * conversations, and no string anywhere in the state (or any reply) may hold a lone surrogate.
 */
const brain = createOfflineBrain();

// One code point of two code units, a ZWJ family, a flag, a skin tone, a combining accent.
const EMOJI = ['🐉', '👨‍👩‍👧‍👦', '🇬🇧', '👍🏽', '🧑‍🚀', 'e\u0301'];

const ANSWERS: Partial<Record<Asked, string>> = {
  book: 'the moonlight zebra who sang',
  describe: 'a zebra who sings to the moon and finds lost stars',
  confirm: 'yes',
  favourite: 'the zebra',
  happens: 'the zebra finds stars in the sky',
  where: 'in the night sky',
  trouble: 'a grumpy cloud hides the moon',
  things: 'lost stars and moon beams',
  type: 'jumping',
  hero: 'the singing zebra',
  collect: 'lost stars',
  avoid: 'grumpy clouds',
  'read-back': 'yes',
};

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings([k, x], out);
  return out;
}

function expectStorable(state: SessionState, replies: string[], label: string): void {
  const bad = [...strings(state), ...replies].filter((s) => !isStorableText(s));
  expect(bad, label).toEqual([]);
  // JSON.stringify writes a lone surrogate as a \ud83d escape, which JSONB refuses.
  expect(JSON.stringify(state), label).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
}

async function playWith(transform: (text: string) => string, label: string): Promise<SessionState> {
  let state = initialState();
  const replies = ['What book did you read?'];
  const answer = byTopic(ANSWERS);
  for (let i = 0; i < 25 && state.phase !== 'complete'; i++) {
    state = await turn(brain, state, transform(answer(state)), replies);
    expectStorable(state, replies, `${label}, message ${i + 1}`);
  }
  return state;
}

describe('emoji at every position never leave half a character in the state', () => {
  it.each(EMOJI.map((e) => [e]))('%s between every character of every message', async (emoji) => {
    const state = await playWith((text) => Array.from(text).join(emoji), `interleaved ${emoji}`);
    // An emoji inside a word is read past, so the child is understood; an accent between every
    // letter makes new words, so that child only has to be stored safely.
    if (emoji !== 'e\u0301') expect(state.phase).toBe('complete');
  });

  it.each([0, 1, 2, 3])(
    'long messages whose every cut point falls inside an emoji (offset %i)',
    async (offset) => {
      // 300, 400 and 40 are cut points: with the offset, each lands in the middle of a pair.
      const pad = 'x'.repeat(offset);
      const state = await playWith(
        (text) => `${pad}${'🦄'.repeat(220)} ${text} ${'🐉'.repeat(220)}`,
        `long +${offset}`,
      );
      expect(['designing', 'complete']).toContain(state.phase);
    },
  );

  it('an emoji at each position of the hero’s name, one by one', async () => {
    // Up to the hero question once; then every variant of the answer from that same state.
    let state = initialState();
    const replies = ['What book did you read?'];
    const answer = byTopic(ANSWERS);
    for (let i = 0; i < 20 && questionOf(state) !== 'hero'; i++) {
      state = await turn(brain, state, answer(state), replies);
    }
    expect(questionOf(state)).toBe('hero');
    const name = 'the little red dragon with a very long name indeed for a hero';
    const chars = Array.from(name);
    for (let i = 0; i <= chars.length; i++) {
      for (const e of ['🐉', '👨‍👩‍👧‍👦']) {
        const message = [...chars.slice(0, i), e, ...chars.slice(i)].join('');
        const out: string[] = [];
        const after = await turn(brain, state, message, out);
        expectStorable(after, out, `emoji at ${i}`);
        expect(after.design?.hero?.name.length ?? 0).toBeLessThanOrEqual(40);
      }
    }
  });
});
