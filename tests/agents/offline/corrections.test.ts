import { describe, expect, it } from 'vitest';
import { createOfflineBrain } from '../../../src/agents/offline/index.js';
import { initialState, type SessionState } from '../../../src/agents/state.js';
import { byTopic, questionOf, turn } from './driver.js';

/**
 * Issue 13: a "no", "not that", "wait" or a correction after the read-back never builds. The
 * correction is applied and the design read back again; only a yes builds.
 */
const brain = createOfflineBrain();

const GRUFFALO = {
  book: 'the gruffalo',
  confirm: 'yes',
  favourite: 'the mouse',
  happens: 'he walks in the wood',
  where: 'the deep dark wood',
  trouble: 'the owl',
  type: 'a maze',
  hero: 'the mouse',
  collect: 'nuts',
  avoid: 'the owl',
} as const;

/** Plays up to the first read-back and returns the state there, with the replies so far. */
async function atReadBack(): Promise<{ state: SessionState; replies: string[] }> {
  let state = initialState();
  const replies = ['What book did you read?'];
  const answer = byTopic(GRUFFALO);
  for (let i = 0; i < 20; i++) {
    if (questionOf(state) === 'read-back') return { state, replies };
    state = await turn(brain, state, answer(state), replies);
  }
  throw new Error('never reached a read-back');
}

async function say(state: SessionState, message: string, replies: string[]) {
  return turn(brain, state, message, replies);
}

const hazardNames = (s: SessionState) => (s.design?.hazards ?? []).map((h) => h.name.toLowerCase());

describe('a "no" or a correction after the read-back', () => {
  it('plays the issue-13 conversation: the correction is applied, and only "yes" builds', async () => {
    const { state: s0, replies } = await atReadBack();
    expect(s0.phase).toBe('designing');
    // "no wait the gruffalo too": the Gruffalo joins the baddies; read back, not built.
    const s1 = await say(s0, 'no wait the gruffalo too', replies);
    expect(s1.phase).toBe('designing');
    expect(hazardNames(s1)).toEqual(['owl', 'gruffalo']);
    expect(questionOf(s1)).toBe('read-back');
    expect(replies.at(-1)).toMatch(/dodge the owl and the gruffalo/i);
    // "dodge" alone: what should you dodge? (never "dodge the dodge")
    const s2 = await say(s1, 'dodge', replies);
    expect(s2.phase).toBe('designing');
    expect(questionOf(s2)).toBe('avoid');
    expect(replies.at(-1)).not.toMatch(/the dodge/i);
    // "no! the gruffalo": the answer to that question, read back again.
    const s3 = await say(s2, 'no! the gruffalo', replies);
    expect(s3.phase).toBe('designing');
    expect(hazardNames(s3)).toEqual(['gruffalo']);
    expect(questionOf(s3)).toBe('read-back');
    const s4 = await say(s3, 'yes', replies);
    expect(s4.phase).toBe('complete');
    expect(s4.spec?.hazards.map((h) => h.name)).toEqual(['Gruffalo']);
    for (const r of replies) expect(r).not.toMatch(/dodge the dodge|Let's build it/i);
  });

  it.each([
    ['no'],
    ['nope'],
    ['no!'],
    ['not that'],
    ['wait'],
    ['hang on'],
    ['no thanks'],
    ['nah'],
    ['no way'],
    ['not yet'],
  ])('%j never builds', async (no) => {
    const { state } = await atReadBack();
    const replies: string[] = [];
    const after = await say(state, no, replies);
    expect(after.phase).toBe('designing');
    expect(after.spec).toBeNull();
    expect(replies.at(-1)).toMatch(/change|shall i build|should i make|sound good|ready for me/i);
  });

  it.each([
    ['no, the snake is the baddie', (s: SessionState) => expect(hazardNames(s)).toEqual(['snake'])],
    ['the fox is the bad guy', (s: SessionState) => expect(hazardNames(s)).toEqual(['fox'])],
    ['not the owl', (s: SessionState) => expect(hazardNames(s)).not.toContain('owl')],
    ['no owl', (s: SessionState) => expect(hazardNames(s)).not.toContain('owl')],
    ['no, make it a jumping game', (s: SessionState) => expect(s.design?.gameType).toBe('platformer')],
    ['a running game instead', (s: SessionState) => expect(s.design?.gameType).toBe('runner')],
    ['no I want to be the gruffalo', (s: SessionState) => expect(s.design?.hero?.name).toBe('Gruffalo')],
    ['I want to be a robot', (s: SessionState) => expect(s.design?.hero?.name.toLowerCase()).toBe('robot')],
    [
      'collect mushrooms too',
      (s: SessionState) =>
        expect(s.design?.collectibles?.map((c) => c.name.toLowerCase())).toEqual(['nuts', 'mushrooms']),
    ],
    ['no baddies', (s: SessionState) => expect(hazardNames(s)).toEqual([])],
    ['the snake too', (s: SessionState) => expect(hazardNames(s)).toEqual(['owl', 'snake'])],
  ])('%j is applied and read back, never built', async (message, check) => {
    const { state } = await atReadBack();
    const replies: string[] = [];
    const after = await say(state, message, replies);
    expect(after.phase).toBe('designing');
    expect(after.spec).toBeNull();
    expect(questionOf(after)).toBe('read-back');
    check(after);
  });

  it('never builds while the child keeps correcting, even past the turn limit', async () => {
    let { state } = await atReadBack();
    const replies: string[] = [];
    const corrections = [
      'no the snake is the baddie',
      'wait the fox too',
      'no',
      'the game',
      'a maze',
      'not the fox',
      'no wait',
      'dodge',
      'the owl',
      'nope',
      'nothing',
    ];
    for (const c of corrections) {
      state = await say(state, c, replies);
      expect(state.phase, c).toBe('designing');
    }
    expect(questionOf(state)).toBe('read-back');
    // The last answer to "what should you dodge?" was the owl.
    expect(hazardNames(state)).toEqual(['owl']);
    state = await say(state, 'yes', replies);
    expect(state.phase).toBe('complete');
  });

  it('a name that could be either asks which: "Should you be the unicorn, or dodge it?"', async () => {
    const { state } = await atReadBack();
    const replies: string[] = [];
    const asked = await say(state, 'no, the unicorn', replies);
    expect(questionOf(asked)).toBe('place');
    const placed = await say(asked, 'dodge it', replies);
    expect(hazardNames(placed)).toContain('unicorn');
    expect(placed.phase).toBe('designing');
  });
});
