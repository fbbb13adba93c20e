import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, type Handler, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import { storeReadySession } from './ready-session.js';

/**
 * One build per game, on Redis with a generation worker, against a fake Claude whose build_game
 * answer is slow. The old API gave up on the job after JOB_TIMEOUT_MS and built the game itself
 * while the worker still did: two build_game calls, the model paid twice.
 */

const ok = await servicesAvailable({ redis: true });

const BUILD_MS = 1_500;
/** The scripted model, except that build_game takes BUILD_MS before its first token. */
const slowBuild: Handler = (req) => {
  const step = scriptedAgent(req);
  return req.toolNames[0] === 'build_game' ? { ...step, firstTokenDelayMs: BUILD_MS } : step;
};
const builds = (fake: FakeModelServer) => fake.requests.filter((r) => r.toolNames[0] === 'build_game').length;

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer(slowBuild);
});
afterAll(async () => {
  await fake?.close();
});

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  fake.reset();
  fake.setHandler(slowBuild);
});

async function post(app: TestApp, body: Record<string, unknown>) {
  const res = await app.app.inject({ method: 'POST', url: '/api/message', payload: body });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe.skipIf(!ok)('one build per game (Redis, a worker, a slow model)', () => {
  it('a wait shorter than the build: no second build beside the worker; the retry gets its game', async () => {
    // JOB_TIMEOUT_MS far below the build: the old API built the game itself at 300 ms.
    t = await startTestApp({
      redisUrl: SHARED_REDIS_URL,
      env: anthropicEnv(fake, { JOB_TIMEOUT_MS: '300', LLM_STREAM_IDLE_MS: '5000', LLM_FALLBACK: 'false' }),
    });
    const id = await storeReadySession(t);
    const message = 'yes, build it!';
    const res = await post(t, { session_id: id, message });
    // The request stopped waiting: a retryable error of its own, the child's words kept.
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body).toMatchObject({ error: 'game_generation_failed', retry: true });
    const transcript = await t.repo.listMessages(id);
    expect(transcript.at(-1)).toMatchObject({ role: 'child', content: message });
    // Asking again (as the page does, and a child would) joins the build, or takes the game it left.
    let again = await post(t, { session_id: id, message });
    for (let i = 0; i < 400 && again.status === 503; i++) again = await post(t, { session_id: id, message });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.game_data).toMatchObject({ ready: true });
    expect(builds(fake)).toBe(1);
    const jobs = (await t.shared.metrics.registry.getSingleMetric('gamemaker_generation_jobs_total')?.get())
      ?.values;
    expect(jobs?.find((v) => v.labels.outcome === 'inline')).toBeUndefined();
    // The game came from the one build: joined while it ran, or kept for the retry when it was done.
    expect(jobs?.some((v) => ['joined', 'kept'].includes(String(v.labels.outcome)))).toBe(true);
  }, 120_000);

  it('by default the wait follows the model settings: the slow build is waited for, once', async () => {
    // No JOB_TIMEOUT_MS: the bound is the model's worst case (here 2 × (3 × 3 s + 2 × 0.3 s) + 15 s).
    t = await startTestApp({
      redisUrl: SHARED_REDIS_URL,
      env: anthropicEnv(fake, { LLM_STREAM_IDLE_MS: '5000' }),
    });
    const id = await storeReadySession(t);
    const res = await post(t, { session_id: id, message: 'yes' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.game_data).toMatchObject({ ready: true });
    expect(builds(fake)).toBe(1);
  }, 120_000);
});
