import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asked } from '../../src/agents/state.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

/**
 * A name the child gave once is scrubbed when it comes back alone, many messages later (issues
 * 27.6, 32.3), through the HTTP API of the real app: not in the transcript, the session state,
 * the game, nor anything the session keeps in clear.
 */

const SCRIPT = SCRIPTS[0] as (typeof SCRIPTS)[number];
const NAME = 'Zarabeth';
const SURNAME = 'Okonkwo';

interface Said {
  asked: Asked;
  phase: string;
}

describe('a scrubbed name is remembered for the conversation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the name said alone later is scrubbed everywhere, and only hashes are kept', async () => {
    const post = async (url: string, body: object) => {
      const res = await t.app.inject({ method: 'POST', url, payload: body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const start = await post('/api/start_session', {});
    const id = start.session_id as string;
    await post('/api/message', { session_id: id, message: `hi my name is ${NAME} ${SURNAME}` });
    // From the book's first question on, the name comes back alone wherever a child might say it.
    let last: Said = { asked: 'book', phase: 'identifying' };
    let saidAlone = 0;
    for (let n = 0; n < 40 && last.phase !== 'complete'; n++) {
      const answer = childAnswer(SCRIPT, last.asked);
      const message = last.asked === 'hero' || last.asked === 'favourite' ? `${NAME}!` : answer;
      if (message.includes(NAME)) saidAlone++;
      last = await post('/api/message', { session_id: id, message });
    }
    expect(last.phase).toBe('complete');
    expect(saidAlone).toBeGreaterThan(0);

    const kept = JSON.stringify({
      messages: await t.repo.listMessages(id),
      session: await t.repo.getSession(id),
      page: (await t.app.inject({ method: 'GET', url: `/api/game/${id}` })).body,
      summary: (await t.app.inject({ method: 'GET', url: `/api/session/${id}` })).body,
    });
    expect(kept).not.toMatch(new RegExp(NAME, 'i'));
    expect(kept).not.toMatch(new RegExp(SURNAME, 'i'));
    const state = (await t.repo.getSession(id))?.state as { scrubbed?: string[] } | undefined;
    expect(state?.scrubbed?.length).toBeGreaterThan(0);
    for (const h of state?.scrubbed ?? []) expect(h).toMatch(/^[0-9a-f]{16}$/);
  });
});
