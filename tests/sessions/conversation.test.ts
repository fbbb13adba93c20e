import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../support/child.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function post(url: string, body: unknown) {
  const res = await t.app.inject({ method: 'POST', url, payload: body as object });
  return { status: res.statusCode, body: res.json() };
}

/** Plays a whole conversation the way a child would, and returns what it took. */
async function converse(script: (typeof SCRIPTS)[number]) {
  const start = await post('/api/start_session', {});
  expect(start.status).toBe(200);
  const id = start.body.session_id as string;
  let asked = start.body.asked as Asked;
  let phase = start.body.phase as string;
  let last: Record<string, unknown> = start.body;
  let messages = 0;
  while (phase !== 'complete' && messages < 25) {
    const answer = childAnswer(script, asked);
    const res = await post('/api/message', { session_id: id, message: answer });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    messages += 1;
    asked = res.body.asked;
    phase = res.body.phase;
    last = res.body;
  }
  return { id, messages, last };
}

describe('a whole conversation, from the book to a game', () => {
  for (const script of SCRIPTS) {
    it(`reaches a game for "${script.book}" in at most 20 messages`, async () => {
      const { id, messages, last } = await converse(script);
      expect(messages).toBeLessThanOrEqual(20);
      expect(last.is_complete).toBe(true);
      expect(last.agent).toBe('code_generator');
      const game = last.game_data as { game_id: string; url: string; game_type: string };
      expect(game).toMatchObject({ ready: true });

      const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['content-security-policy']).toBeTruthy();
      const spec = JSON.parse(
        page.body.match(/<script id="game-spec" type="application\/json">([\s\S]*?)<\/script>/)?.[1] ?? '{}',
      );
      // The child's own words are in the game.
      const words = JSON.stringify(spec).toLowerCase();
      expect(words).toContain(script.collect.toLowerCase().replace(/s$/, ''));
      expect(words).toContain(script.avoid.toLowerCase().replace(/^the /, '').replace(/s$/, ''));
      expect(spec.hero.name.toLowerCase().replace(/-/g, ' ')).toContain(
        script.hero.toLowerCase().replace(/^(the|a) /, ''),
      );

      const byId = await t.app.inject({ method: 'GET', url: game.url });
      expect(byId.statusCode).toBe(200);

      const info = await t.app.inject({ method: 'GET', url: `/api/session/${id}` });
      expect(info.json()).toMatchObject({ success: true, session_id: id, phase: 'complete' });
      expect(info.json().conversation_count).toBe(1 + messages * 2 + 2);
    });
  }
});

describe('the v1 contract', () => {
  it('starts a session with no body, as the v1 front end does', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/start_session',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, phase: 'identifying' });
    expect(body.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.message).toMatch(/book/i);
  });

  it('reports health in the v1 shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const body = res.json();
    expect(body).toMatchObject({ status: 'healthy', service: 'the-game-maker', ai_model: 'offline' });
    // The version is package.json's, and the timestamp is now.
    expect(body.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(Math.abs(Date.parse(body.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it('counts the greeting in conversation_count from the start', async () => {
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const info = (await t.app.inject({ method: 'GET', url: `/api/session/${start.session_id}` })).json();
    expect(info.conversation_count).toBe(1);
  });

  it('keeps v1’s user_id with the session, bounded, and refuses a longer one', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/start_session',
      payload: { user_id: 'family-42' },
    });
    expect(ok.statusCode).toBe(200);
    const stored = await t.repo.getSession(ok.json().session_id);
    expect(stored?.state.userId).toBe('family-42');
    const long = await t.app.inject({
      method: 'POST',
      url: '/api/start_session',
      payload: { user_id: 'x'.repeat(101) },
    });
    expect(long.statusCode).toBe(422);
  });

  it('serves OpenAPI docs and Prometheus metrics', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toEqual(
      expect.arrayContaining(['/api/start_session', '/api/message', '/api/session/{id}', '/api/game/{id}']),
    );
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('gamemaker_messages_total');
  });
});

describe('the child’s choices reach the game', () => {
  it('uses the game type the child asked for', async () => {
    const script = SCRIPTS.find((s) => s.book === 'the very hungry caterpiller');
    if (!script) throw new Error('no script');
    const { last } = await converse(script);
    expect((last.game_data as { game_type: string }).game_type).toBe('maze');
  });
});

describe('forgetting a session on request', () => {
  it('deletes the conversation, the transcript and the games, and says 404 afterwards', async () => {
    const script = SCRIPTS[5];
    if (!script) throw new Error('no script');
    const { id, last } = await converse(script);
    const game = last.game_data as { game_id: string; url: string };
    const del = await t.app.inject({ method: 'DELETE', url: `/api/session/${id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ success: true, deleted: true });
    for (const url of [`/api/session/${id}`, `/api/game/${id}`, game.url, `${game.url}/download`]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect(await t.repo.listMessages(id)).toEqual([]);
    expect(await t.repo.getGame(game.game_id)).toBeNull();
    const again = await t.app.inject({ method: 'DELETE', url: `/api/session/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: 'session_not_found' });
  });
});
