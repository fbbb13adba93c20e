import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { createFreshDatabase, type FreshDatabase, sparePort } from '../support/postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ postgres: true, redis: true });

const cacheCount = async (t: TestApp, result: string) => {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const m = text.match(new RegExp(`gamemaker_session_cache_requests_total\\{result="${result}"\\} (\\d+)`));
  return Number(m?.[1] ?? 0);
};

describe.skipIf(!ok)('Redis stopped mid-conversation, then restarted (a private redis-server)', () => {
  let db: FreshDatabase;
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    db = await createFreshDatabase();
    redis = await startPrivateRedis(await sparePort());
    t = await startTestApp({ databaseUrl: db.url, redisUrl: redis.url });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('no request fails, and the cache refills when Redis is back', async () => {
    const script = SCRIPTS[2];
    if (!script) throw new Error('no script');
    const send = async (id: string, message: string) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: id, message },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { message: string; phase: string };
    };
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const id = start.session_id as string;
    let said = start.message as string;
    let phase = 'identifying';
    let n = 0;
    const step = async () => {
      const r = await send(id, childAnswer(script, phase, said));
      said = r.message;
      phase = r.phase;
      n++;
    };
    for (let i = 0; i < 3; i++) await step();
    expect(await cacheCount(t, 'hit')).toBeGreaterThan(0);

    await redis.stop();
    const errorsBefore = await cacheCount(t, 'error');
    for (let i = 0; i < 3; i++) await step();
    expect(await cacheCount(t, 'error')).toBeGreaterThan(errorsBefore);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/gamemaker_redis_up 0/);

    await redis.start();
    // The client reconnects by itself (backoff capped at 1 s); requests keep succeeding meanwhile.
    const hitsBefore = await cacheCount(t, 'hit');
    const deadline = Date.now() + 15_000;
    while (phase !== 'complete' && n < 25) await step();
    expect(phase).toBe('complete');
    // After the conversation, reads of the session come from the refilled cache again.
    while ((await cacheCount(t, 'hit')) === hitsBefore && Date.now() < deadline) {
      const r = await t.app.inject({ method: 'GET', url: `/api/session/${id}` });
      expect(r.statusCode).toBe(200);
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(await cacheCount(t, 'hit')).toBeGreaterThan(hitsBefore);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/gamemaker_redis_up 1/);
    const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
    expect(page.statusCode).toBe(200);
  }, 60_000);
});
