import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventBus, type EventBus } from '../../src/cache/event-bus.js';
import { createScaleMetrics } from '../../src/cache/metrics.js';
import { createBlockingClient, createCommandClient, readyWithin } from '../../src/cache/redis-connection.js';
import { RedisHealth } from '../../src/cache/redis-health.js';
import { createRedisSessionLock } from '../../src/cache/session-lock.js';
import { silentLog } from '../../src/observability/log.js';
import { startTestApp } from '../support/app.js';
import { createFreshDatabase } from '../support/postgres.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ redis: true, postgres: true });

/** Two "instances": each with its own connections, as separate processes would have. */
describe.skipIf(!ok)('Redis shared by instances (the machine’s Redis, a private key prefix)', () => {
  const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];
  const buses: EventBus[] = [];
  const instance = async () => {
    const health = new RedisHealth(silentLog, createScaleMetrics());
    const cmd = createCommandClient(SHARED_REDIS_URL, 500);
    const sub = createBlockingClient(SHARED_REDIS_URL);
    clients.push(cmd, sub);
    await readyWithin(cmd, 3_000);
    const bus = createRedisEventBus(cmd, sub, health, prefix);
    buses.push(bus);
    return { bus, lock: createRedisSessionLock(cmd, health, { prefix, leaseMs: 600 }), cmd };
  };
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;

  beforeAll(async () => {
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    for (const c of clients) c.disconnect();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('delivers an event published on one instance to a subscriber on the other', async () => {
    const got: unknown[] = [];
    const off = b.bus.subscribe('session:abc', (e) => got.push(e));
    await new Promise((r) => setTimeout(r, 100));
    await a.bus.publish('session:abc', { type: 'token', text: 'Hi' });
    await a.bus.publish('session:other', { type: 'token', text: 'not for us' });
    await a.bus.publish('session:abc', { type: 'done' });
    const deadline = Date.now() + 3_000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([{ type: 'token', text: 'Hi' }, { type: 'done' }]);
    off();
    await a.bus.publish('session:abc', { type: 'late' });
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(2);
  });

  it('lets one instance at a time hold a session, and frees a crashed holder’s lock after its lease', async () => {
    const release = await a.lock.acquire('s1');
    expect(release).not.toBeNull();
    expect(await b.lock.acquire('s1')).toBeNull();
    // The lease is renewed while held: still locked well after one lease.
    await new Promise((r) => setTimeout(r, 900));
    expect(await b.lock.acquire('s1')).toBeNull();
    await release?.();
    const rb = await b.lock.acquire('s1');
    expect(rb).not.toBeNull();
    await rb?.();

    // A holder that dies without releasing (simulated: the key set with no renewal).
    await a.cmd.set(`${prefix}lock:s2`, 'dead-instance', 'PX', 600);
    expect(await b.lock.acquire('s2')).toBeNull();
    await new Promise((r) => setTimeout(r, 700));
    const after = await b.lock.acquire('s2');
    expect(after).not.toBeNull();
    await after?.();
  });

  it('counts rate limits across instances and answers 429 with a retry hint', async () => {
    const rlPrefix = `gmtest:${randomBytes(4).toString('hex')}:`;
    const env = { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' };
    const db = await createFreshDatabase();
    const both = { databaseUrl: db.url, redisUrl: SHARED_REDIS_URL, redisPrefix: rlPrefix, env };
    const one = await startTestApp(both);
    const two = await startTestApp(both);
    try {
      const codes: number[] = [];
      for (const t of [one, two, one, two]) {
        codes.push(
          (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).statusCode,
        );
      }
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await two.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json()).toMatchObject({ success: false, error: 'rate_limited', action: 'retry' });
      // Health stays reachable for the load balancer.
      expect((await two.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await one.close();
      await two.close();
      await db.drop();
      await deleteKeys(SHARED_REDIS_URL, rlPrefix);
    }
  });
});
