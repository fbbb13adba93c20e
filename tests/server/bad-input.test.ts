import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let sessionId: string;

beforeAll(async () => {
  t = await startTestApp();
  const start = await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
  sessionId = start.json().session_id;
  // Move the session on a little, so "unchanged" means something.
  await t.app.inject({
    method: 'POST',
    url: '/api/message',
    payload: { session_id: sessionId, message: 'the gruffalo' },
  });
});
afterAll(async () => {
  await t?.close();
});

const snapshot = async () => {
  const s = await t.repo.getSession(sessionId);
  const m = await t.repo.listMessages(sessionId);
  return { version: s?.version, state: s?.state, messages: m.length };
};

const json = { 'content-type': 'application/json' };

const cases: Array<{
  name: string;
  payload: string;
  headers?: Record<string, string>;
  status: number;
  error: string;
}> = [
  {
    name: 'a missing message',
    payload: JSON.stringify({ session_id: 'S' }),
    status: 400,
    error: 'message_required',
  },
  {
    name: 'an empty message',
    payload: JSON.stringify({ session_id: 'S', message: '' }),
    status: 400,
    error: 'message_required',
  },
  {
    name: 'a message of spaces',
    payload: JSON.stringify({ session_id: 'S', message: '   \n ' }),
    status: 400,
    error: 'message_required',
  },
  {
    name: 'a message that is a number',
    payload: JSON.stringify({ session_id: 'S', message: 42 }),
    status: 400,
    error: 'message_required',
  },
  {
    name: 'a message over 2,000 characters',
    payload: JSON.stringify({ session_id: 'S', message: 'taco '.repeat(401) }),
    status: 413,
    error: 'message_too_long',
  },
  {
    name: 'malformed JSON',
    payload: '{"session_id": "S", "message": "hi"',
    status: 400,
    error: 'invalid_json',
  },
  { name: 'a JSON array', payload: '["hi"]', status: 400, error: 'invalid_body' },
  {
    name: 'a missing session id',
    payload: JSON.stringify({ message: 'hi' }),
    status: 400,
    error: 'session_id_required',
  },
  {
    name: 'a message with a NUL character',
    payload: JSON.stringify({ session_id: 'S', message: 'the gruffalo\u0000' }),
    status: 400,
    error: 'invalid_text',
  },
  {
    name: 'a message with half an emoji (a lone surrogate)',
    payload: '{"session_id": "S", "message": "dragons \\ud83d love tacos"}',
    status: 400,
    error: 'invalid_text',
  },
  {
    name: 'a session id with a NUL character',
    payload: JSON.stringify({ session_id: 'a\u0000b', message: 'hello' }),
    status: 400,
    error: 'invalid_text',
  },
  {
    name: 'a wrong content type',
    payload: 'message=hi',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    error: 'unsupported_media_type',
  },
];

describe('bad input to /api/message', () => {
  for (const c of cases) {
    it(`answers ${c.name} with ${c.status} ${c.error} and changes nothing`, async () => {
      const before = await snapshot();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        headers: c.headers ?? json,
        payload: c.payload.replaceAll('"S"', JSON.stringify(sessionId)),
      });
      expect(res.statusCode).toBe(c.status);
      const body = res.json();
      expect(body).toMatchObject({ success: false, error: c.error });
      expect(typeof body.message).toBe('string');
      expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|stack/i);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('answers an unknown session with 404 and a way forward', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: 'no-such-session', message: 'hello' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      success: false,
      error: 'session_not_found',
      action: 'please_start_new_session',
    });
    for (const url of ['/api/session/no-such-session', '/api/game/no-such-session', '/api/games/nope']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().success).toBe(false);
    }
  });

  it('answers the game page of a session without a game with 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/game/${sessionId}` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'game_not_found' });
  });

  it('answers ids with a NUL or a lone surrogate in the path with 400 invalid_text', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      for (const id of ['a%00b', '%ED%A0%BD']) {
        const res = await t.app.inject({ method, url: `/api/session/${id}` });
        expect(res.statusCode, `${method} ${id}`).toBeLessThan(500);
      }
      const res = await t.app.inject({ method, url: '/api/session/a%00b' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ success: false, error: 'invalid_text' });
    }
    const game = await t.app.inject({ method: 'GET', url: '/api/game/a%00b' });
    expect(game.statusCode).toBe(400);
  });

  it('answers an unknown route with JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
  });
});
