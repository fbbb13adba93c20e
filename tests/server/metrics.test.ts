import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';

/** The upgrade plan's metric names, and an active-sessions gauge that two instances agree on. */
const ok = await servicesAvailable({ postgres: true });

const metric = (text: string, name: string) =>
  Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

describe.skipIf(!ok)('metrics', () => {
  let db: FreshDatabase;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    db = await createFreshDatabase();
    // Active sessions are counted at most once a second here (METRICS_REFRESH_SECONDS), never per scrape.
    a = await startTestApp({ databaseUrl: db.url, env: { METRICS_REFRESH_SECONDS: '1' } });
    b = await startTestApp({ databaseUrl: db.url, env: { METRICS_REFRESH_SECONDS: '1' } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('use the plan’s names and labels, and count sessions active on any instance', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    // Three children on instance A, one of them all the way to a game; one on instance B.
    const ids: string[] = [];
    for (const app of [a, a, a, b]) {
      ids.push(
        (await app.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json().session_id,
      );
    }
    let said = '';
    let phase = 'identifying';
    for (let n = 0; phase !== 'complete' && n < 25; n++) {
      const r = await a.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: ids[0], message: childAnswer(script, phase, said) },
      });
      said = r.json().message;
      phase = r.json().phase;
    }
    await a.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: 'nope', message: 'hi' },
    });

    const scrape = async (t: TestApp) => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    // The cached count catches up within a refresh (a scrape starts it and never waits for it).
    const settled = async (t: TestApp) => {
      for (;;) {
        const text = await scrape(t);
        if (metric(text, 'gamemaker_active_sessions') === 4) return text;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const textA = await settled(a);
    const textB = await settled(b);
    expect(metric(textA, 'gamemaker_sessions_total')).toBe(3);
    expect(textA).toMatch(/^gamemaker_messages_total\{phase="complete",agent="code_generator"\} 1$/m);
    expect(textA).toMatch(/^gamemaker_games_generated_total\{game_type="[a-z]+"\} 1$/m);
    expect(metric(textA, 'gamemaker_errors_total{error_type="session_not_found"}')).toBe(1);
    expect(textA).toMatch(
      /^gamemaker_message_latency_seconds_count\{phase="identifying",brain="offline"\} [1-9]/m,
    );
    // Active sessions: the four sessions, seen the same from both instances.
    expect(metric(textA, 'gamemaker_active_sessions')).toBe(4);
    expect(metric(textB, 'gamemaker_active_sessions')).toBe(4);
  });
});
