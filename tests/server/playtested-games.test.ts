import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

/**
 * Every game the agents build is played by bots before the child sees it (issue 14): through the
 * API, a whole conversation ends in a stored game whose spec carries the playtest's outcome: a
 * child-like bot reaches the end in 2 to 6 minutes of game time, and the child's choices stand.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('games are playtested before they are stored', () => {
  it.each(SCRIPTS.slice(0, 3).map((s, i) => [i, s] as const))('conversation %i', async (_i, script) => {
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const id = start.session_id as string;
    let said = start.message as string;
    let phase = 'identifying';
    for (let n = 0; phase !== 'complete' && n < 25; n++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: id, message: childAnswer(script, phase, said) },
      });
      expect(r.statusCode).toBe(200);
      said = r.json().message;
      phase = r.json().phase;
    }
    expect(phase).toBe('complete');
    const game = await t.repo.latestGameForSession(id);
    const record = game?.spec.playtest;
    expect(record, 'the playtest outcome is stored with the game').toBeDefined();
    expect(record?.ok, record?.reasons.join('; ')).toBe(true);
    expect(record?.childMs).toBeGreaterThanOrEqual(120_000);
    expect(record?.childMs).toBeLessThanOrEqual(360_000);
    // The design the child agreed is what was built.
    const design = (await t.repo.getSession(id))?.state.design;
    expect(game?.spec.type).toBe(design?.gameType);
    if (design?.hero?.name) expect(game?.spec.hero.name).toBe(design.hero.name);
  });
});
