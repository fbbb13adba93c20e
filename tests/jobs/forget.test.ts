import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../support/child.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

/** "Forget our chat" with Redis: nothing of the conversation is left in Redis afterwards. */
const ok = await servicesAvailable({ postgres: true, redis: true });

describe.skipIf(!ok)('forgetting a session with generation on the queue', () => {
  let db: FreshDatabase;
  let t: TestApp;
  let redis: Redis;
  const prefix = `gmforget:${Date.now().toString(36)}:`;
  beforeAll(async () => {
    db = await createFreshDatabase();
    t = await startTestApp({ databaseUrl: db.url, redisUrl: SHARED_REDIS_URL, redisPrefix: prefix });
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await t?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.unlink(...keys);
    redis.disconnect();
    await db?.drop();
  });

  /** Every string Redis holds under our prefix: values, hash fields, list and stream entries. */
  async function everythingInRedis(): Promise<string> {
    const out: string[] = [];
    for (const key of await redis.keys(`${prefix}*`)) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    return out.join('\n');
  }

  it('leaves no job data, result or cache entry holding the child’s words', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const id = start.session_id as string;
    let asked = start.asked as Asked;
    let phase = 'identifying';
    // The child's own word for the hero ("glorptastic") travels into the state, the job and the game.
    let first = true;
    for (let n = 0; phase !== 'complete' && n < 25; n++) {
      const message = phase === 'designing' && first ? 'the glorptastic dragon' : childAnswer(script, asked);
      if (phase === 'designing') first = false;
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: id, message },
      });
      expect(r.statusCode).toBe(200);
      asked = r.json().asked;
      phase = r.json().phase;
    }
    expect(phase).toBe('complete');
    expect(t.shared.jobs.kind).toBe('queue');
    const before = await everythingInRedis();
    expect(before).toContain(id);
    expect(before.toLowerCase()).toContain('glorptastic');

    const del = await t.app.inject({ method: 'DELETE', url: `/api/session/${id}` });
    expect(del.statusCode).toBe(200);
    const after = await everythingInRedis();
    expect(after).not.toContain(id);
    expect(after.toLowerCase()).not.toContain('glorptastic');
  });
});
