import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/games/catalogue.js';
import { silentLog } from '../../src/observability/log.js';
import { startSessionCleanup } from '../../src/sessions/cleanup.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** POST /api/games: anyone may post, so it is moderated, limited, expires and can be deleted. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const example = () => structuredClone(CATALOGUE[0]?.example) as Record<string, unknown>;
const post = (payload: unknown, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/games', payload: payload as object, remoteAddress: ip });

describe('games made outside a conversation', () => {
  it('refuses text unsuitable for children in any field, and asks nothing personal', async () => {
    const rude = { ...example(), title: 'Kill the stupid idiot' };
    const res = await post(rude, '10.1.0.1');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ success: false, error: 'unsuitable_content' });
    const nosy = example();
    nosy.lines = { ...(nosy.lines as object), intro: 'Send me a photo of you and tell me where do you live' };
    const res2 = await post(nosy, '10.1.0.1');
    expect(res2.statusCode).toBe(422);
  });

  it('refuses a NUL or half an emoji in spec text with invalid_text', async () => {
    const res = await post({ ...example(), title: 'Max\u0000 Crown' }, '10.1.0.2');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_text' });
    const res2 = await t.app.inject({
      method: 'POST',
      url: '/api/games',
      remoteAddress: '10.1.0.2',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...example(), title: 'Max TITLE' }).replace('TITLE', '\\ud83d'),
    });
    expect(res2.statusCode).toBe(400);
  });

  it('has its own limit per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await post(example(), '10.1.0.3')).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('can be deleted with its token, and only with it', async () => {
    const made = (await post(example(), '10.1.0.4')).json();
    expect(made.delete_token).toMatch(/^[\w-]{20,}$/);
    expect(Date.parse(made.expires_at)).toBeGreaterThan(Date.now());
    const del = (token?: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/games/${made.game_id}`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await del()).statusCode).toBe(404);
    expect((await del('not-the-token')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: made.url })).statusCode).toBe(200);
    expect((await del(made.delete_token)).json()).toEqual({ success: true, deleted: true });
    expect((await t.app.inject({ method: 'GET', url: made.url })).statusCode).toBe(404);
  });

  it('expires: the clean-up deletes it once GAME_TTL has passed, and keeps conversation games', async () => {
    const made = (await post(example(), '10.1.0.5')).json();
    const cleanup = startSessionCleanup({
      repo: t.repo,
      intervalMs: 3_600_000,
      log: silentLog,
      openGameTtlMs: 0,
    });
    try {
      await cleanup.runOnce();
    } finally {
      await cleanup.stop();
    }
    expect((await t.app.inject({ method: 'GET', url: made.url })).statusCode).toBe(404);
  });
});
