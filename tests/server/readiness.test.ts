import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { databaseProbe } from '../../src/server/routes/health.js';
import { warmUp } from '../../src/server/warm-up.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * GET /api/ready is what a load balancer health-checks (deploy/haproxy.cfg): 200 only when the
 * instance is warm and not draining, so a restarted instance gets children only once it is ready
 * and a stopping one is taken out before its listener closes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('readiness through an instance life', () => {
  it('starting (503) until marked ready, ready (200), draining (503) from SIGTERM on', async () => {
    const app = await buildApp(t.shared, { logger: false, startNotReady: true });
    try {
      const starting = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(starting.statusCode).toBe(503);
      expect(starting.json()).toEqual({ status: 'starting', database: 'unchecked' });
      // Liveness is not readiness: a starting instance is alive.
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

      app.markReady();
      const ready = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok' });

      app.drain();
      const draining = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json()).toEqual({ status: 'draining', database: 'unchecked' });
      // Everything else is refused before any work, so a balancer may retry it elsewhere.
      const msg = await app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
      expect(msg.statusCode).toBe(503);
      expect(msg.json()).toMatchObject({ error: 'shutting_down' });
      // Draining is final: marking ready again does not bring the instance back.
      app.markReady();
      expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('an app built without startNotReady is ready at once (tests, embedded use)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(r.statusCode).toBe(200);
  });
});

describe('warm-up', () => {
  it('plays whole conversations to a game in memory and leaves nothing stored', async () => {
    const before = await t.repo.countActiveSessions(new Date(0));
    const report = await warmUp(t.shared, { minConversations: 2, budgetMs: 0 });
    expect(report.conversations).toBe(2);
    expect(report.games).toBe(2);
    // A conversation to a game is at least identify, confirm, discuss, design, build.
    expect(report.turns).toBeGreaterThanOrEqual(2 * 5);
    expect(report.turns).toBeLessThan(2 * 30);
    expect(await t.repo.countActiveSessions(new Date(0))).toBe(before);
  });
});

describe('the database probe behind readiness', () => {
  /** A ping the test settles by hand. */
  const pings = () => {
    const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
    const ping = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    return { ping, pending };
  };

  it('waits for the first ping; a busy pool does not make a ready instance unready; an error does', async () => {
    const { ping, pending } = pings();
    const probe = databaseProbe(ping, 0, 60_000);
    // No verdict yet: the check waits for the ping.
    const first = probe();
    expect(pending).toHaveLength(1);
    pending[0]?.resolve();
    expect(await first).toBe(true);
    // The next ping is slow (a busy pool): the last verdict answers at once, one ping at a time.
    expect(await probe()).toBe(true);
    expect(await probe()).toBe(true);
    expect(pending).toHaveLength(2);
    // It fails: from then on the instance is not ready, and checks wait for a ping again.
    pending[1]?.reject(new Error('connection refused'));
    await new Promise((r) => setImmediate(r));
    const down = probe();
    expect(pending).toHaveLength(3);
    pending[2]?.reject(new Error('connection refused'));
    expect(await down).toBe(false);
  });

  it('a ping unanswered for too long counts as down', async () => {
    const { ping, pending } = pings();
    const probe = databaseProbe(ping, 0, 0);
    const first = probe();
    pending[0]?.resolve();
    expect(await first).toBe(true);
    // hungMs 0: a ping that has not answered at all is already too old.
    await new Promise((r) => setTimeout(r, 2));
    expect(await probe()).toBe(false);
  });
});
