import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import { type Instance, post, startInstance } from './instance.js';

const ok = await servicesAvailable({ postgres: true, redis: true });

describe.skipIf(!ok)('two app instances (separate processes) sharing PostgreSQL and Redis', () => {
  let db: FreshDatabase;
  let a: Instance;
  let b: Instance;
  const env = () => ({ DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix });
  const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    db = await createFreshDatabase();
    // Started together: migrations under the advisory lock.
    [a, b] = await Promise.all([startInstance(env()), startInstance(env())]);
  }, 90_000);
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await db?.drop();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('one conversation alternating between them reaches a game, visible from both', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    const start = await post(a.url, '/api/start_session', {});
    const id = start.body.session_id as string;
    let said = start.body.message as string;
    let phase = 'identifying';
    let n = 0;
    let gameData: unknown = null;
    while (phase !== 'complete' && n < 25) {
      const target = n % 2 === 0 ? b : a;
      const r = await post(target.url, '/api/message', {
        session_id: id,
        message: childAnswer(script, phase, said),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      said = r.body.message as string;
      phase = r.body.phase as string;
      gameData = r.body.game_data;
      n++;
    }
    expect(phase).toBe('complete');
    expect(gameData).toMatchObject({ ready: true });
    for (const inst of [a, b]) {
      const page = await fetch(`${inst.url}/api/game/${id}`);
      expect(page.status).toBe(200);
      expect((await page.text()).toLowerCase()).toContain('taco');
    }
  });

  it('50 concurrent messages on one session across both: each answered or refused (409), none lost', async () => {
    const start = await post(a.url, '/api/start_session', {});
    const id = start.body.session_id as string;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(i % 2 ? a.url : b.url, '/api/message', { session_id: id, message: 'dragons love tacos' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const answered = results.filter((r) => r.status === 200);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    // Every answered message is in the transcript with its replies; refused ones left no trace.
    const expected = 1 + answered.reduce((sum, r) => sum + 1 + (r.body.turns as unknown[]).length, 0);
    const info = await (await fetch(`${b.url}/api/session/${id}`)).json();
    expect(info.conversation_count).toBe(expected);
  });

  it('killing one instance mid-conversation loses nothing: the other carries on', async () => {
    const script = SCRIPTS[1];
    if (!script) throw new Error('no script');
    const start = await post(a.url, '/api/start_session', {});
    const id = start.body.session_id as string;
    let said = start.body.message as string;
    let phase = 'identifying';
    let sent = 0;
    let replies = 1;
    for (let i = 0; i < 3; i++) {
      const r = await post(a.url, '/api/message', {
        session_id: id,
        message: childAnswer(script, phase, said),
      });
      expect(r.status).toBe(200);
      said = r.body.message as string;
      phase = r.body.phase as string;
      sent++;
      replies += (r.body.turns as unknown[]).length;
    }
    const before = await (await fetch(`${a.url}/api/session/${id}`)).json();
    await a.kill();
    const after = await (await fetch(`${b.url}/api/session/${id}`)).json();
    expect(after).toEqual(before);
    expect(after.conversation_count).toBe(sent + replies);
    while (phase !== 'complete' && sent < 25) {
      const r = await post(b.url, '/api/message', {
        session_id: id,
        message: childAnswer(script, phase, said),
      });
      expect(r.status).toBe(200);
      said = r.body.message as string;
      phase = r.body.phase as string;
      sent++;
    }
    expect(phase).toBe('complete');
  });
});

describe.skipIf(!ok)('graceful shutdown', () => {
  it('on SIGTERM, requests already in flight are answered and the process exits 0', async () => {
    const db = await createFreshDatabase();
    const inst = await startInstance({ DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL });
    try {
      const sessions = await Promise.all(
        Array.from({ length: 10 }, () => post(inst.url, '/api/start_session', {})),
      );
      const inFlight = sessions.map((s) =>
        post(inst.url, '/api/message', { session_id: s.body.session_id, message: 'the gruffalo' }).catch(
          () => null,
        ),
      );
      // Let the requests reach the server before the signal.
      await new Promise((r) => setTimeout(r, 5));
      const code = await inst.stop();
      const answered = (await Promise.all(inFlight)).filter((r) => r !== null);
      expect(code, inst.output.join('').slice(-3000)).toBe(0);
      // Whatever reached the server got a real answer, never a 500.
      for (const r of answered) expect([200, 503]).toContain(r.status);
    } finally {
      await inst.kill();
      await db.drop();
    }
  }, 60_000);
});
