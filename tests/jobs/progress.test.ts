import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../support/child.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ postgres: true, redis: true });

describe.skipIf(!ok)('a conversation with generation on the queue', () => {
  let db: FreshDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createFreshDatabase();
    t = await startTestApp({ databaseUrl: db.url, redisUrl: SHARED_REDIS_URL });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers /api/message with game_data, and the job’s progress reaches the session’s channel', async () => {
    expect(t.shared.jobs.kind).toBe('queue');
    const script = SCRIPTS[5];
    if (!script) throw new Error('no script');
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const id = start.session_id as string;
    const events: unknown[] = [];
    const off = t.shared.bus.subscribe(`session:${id}`, (e) => events.push(e));
    let asked = start.asked as Asked;
    let phase = 'identifying';
    let body: Record<string, unknown> = {};
    for (let n = 0; phase !== 'complete' && n < 25; n++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: id, message: childAnswer(script, asked) },
      });
      expect(r.statusCode).toBe(200);
      body = r.json();
      asked = body.asked as Asked;
      phase = body.phase as string;
    }
    off();
    expect(phase).toBe('complete');
    expect(body.game_data).toMatchObject({ ready: true });
    const stages = events.map((e) => (e as { stage?: string }).stage);
    expect(stages).toEqual(expect.arrayContaining(['queued', 'building', 'checking', 'ready']));
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/gamemaker_generation_jobs_total\{outcome="completed"\} 1/);
  });
});
