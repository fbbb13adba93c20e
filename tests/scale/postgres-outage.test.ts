import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { type PrivateCluster, sparePort, startPrivateCluster } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ postgres: true });

describe.skipIf(!ok)('PostgreSQL restarted mid-conversation (a private cluster)', () => {
  let cluster: PrivateCluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await startPrivateCluster(await sparePort());
    t = await startTestApp({ databaseUrl: cluster.url });
  }, 90_000);
  afterAll(async () => {
    await t?.close();
    await cluster?.destroy();
  });

  it('answers 503 with a retry hint during the outage, loses nothing, and recovers without a restart', async () => {
    const script = SCRIPTS[3];
    if (!script) throw new Error('no script');
    const message = (id: string, text: string) =>
      t.app.inject({ method: 'POST', url: '/api/message', payload: { session_id: id, message: text } });
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const id = start.session_id as string;
    let said = start.message as string;
    let phase = 'identifying';
    let sent = 0;
    let lines = 1;
    for (let i = 0; i < 3; i++) {
      const r = await message(id, childAnswer(script, phase, said));
      expect(r.statusCode).toBe(200);
      said = r.json().message;
      phase = r.json().phase;
      sent++;
      lines += 1 + r.json().turns.length;
    }
    const before = (await t.app.inject({ method: 'GET', url: `/api/session/${id}` })).json();

    await cluster.stop();
    for (const r of [
      await message(id, childAnswer(script, phase, said)),
      await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} }),
      await t.app.inject({ method: 'GET', url: `/api/session/${id}` }),
    ]) {
      expect(r.statusCode, r.body).toBe(503);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.json()).toMatchObject({ success: false, error: 'service_unavailable', action: 'retry' });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    await cluster.start();
    // Same app, same pool: the first requests after the restart may still meet dead connections.
    const deadline = Date.now() + 20_000;
    let after = await t.app.inject({ method: 'GET', url: `/api/session/${id}` });
    while (after.statusCode !== 200 && Date.now() < deadline) {
      expect(after.statusCode).toBe(503);
      await new Promise((r) => setTimeout(r, 250));
      after = await t.app.inject({ method: 'GET', url: `/api/session/${id}` });
    }
    expect(after.statusCode).toBe(200);
    // Everything acknowledged before the outage is there; the refused message left no trace.
    expect(after.json()).toEqual(before);
    expect(after.json().conversation_count).toBe(lines);
    while (phase !== 'complete' && sent < 25) {
      const r = await message(id, childAnswer(script, phase, said));
      expect(r.statusCode, r.body).toBe(200);
      said = r.json().message;
      phase = r.json().phase;
      sent++;
    }
    expect(phase).toBe('complete');
  }, 90_000);
});
