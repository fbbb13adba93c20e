import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, type Handler, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import { storeReadySession } from './ready-session.js';

/**
 * A build that fails is the plan's GameGenerationError: its own code in the contract table
 * (game_generation_failed, 503, retry) instead of a 500, the child's words kept, and asking again
 * builds. Over HTTP against a fake Claude whose build_game fails every time, the offline fallback
 * off; in the request (no Redis) and on the queue with a worker (the failure crosses Redis).
 */

const redis = await servicesAvailable({ redis: true });

/** The scripted model, except that every build_game call is a server error. */
const failingBuild: Handler = (req) =>
  req.toolNames[0] === 'build_game'
    ? { kind: 'error', status: 500, type: 'api_error', message: 'internal server error' }
    : scriptedAgent(req);
const builds = (fake: FakeModelServer) => fake.requests.filter((r) => r.toolNames[0] === 'build_game').length;

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer(failingBuild);
});
afterAll(async () => {
  await fake?.close();
});
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  fake.reset();
  fake.setHandler(failingBuild);
});

const setups = [
  { name: 'in the request (no Redis)', redisUrl: undefined, skip: false },
  { name: 'on the queue, with a worker', redisUrl: SHARED_REDIS_URL, skip: !redis },
];

describe('a failed build', () => {
  for (const setup of setups) {
    it.skipIf(setup.skip)(
      `${setup.name}: game_generation_failed, words kept, a retry builds`,
      async () => {
        t = await startTestApp({
          ...(setup.redisUrl ? { redisUrl: setup.redisUrl } : {}),
          env: anthropicEnv(fake, { LLM_FALLBACK: 'false' }),
        });
        const app = t.app;
        const id = await storeReadySession(t);
        const send = async (message: string) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/message',
            payload: { session_id: id, message },
          });
          return {
            status: res.statusCode,
            body: res.json() as Record<string, unknown>,
            headers: res.headers,
          };
        };

        const failed = await send('yes, build my taco game');
        expect(failed.status, JSON.stringify(failed.body)).toBe(503);
        expect(failed.body).toMatchObject({ success: false, error: 'game_generation_failed', retry: true });
        expect(failed.headers['retry-after']).toBeDefined();
        // The brain's own retries (1 + LLM_MAX_RETRIES) and no more: a model outage is not retried
        // again by the job (BullMQ's attempts, the inline retry), which would only pay it again.
        expect(builds(fake)).toBe(3);
        // The child's words are in the transcript; the session is where it was.
        const lines = await t.repo.listMessages(id);
        expect(lines.at(-1)).toMatchObject({ role: 'child', content: 'yes, build my taco game' });
        expect((await t.repo.getSession(id))?.state.phase).toBe('generating');

        // The model is healthy again (and its breaker half-open): saying it again builds the game.
        fake.setHandler(scriptedAgent);
        let again = await send('yes, build my taco game');
        // A breaker opened by the failures answers at once until it lets a call through.
        for (let i = 0; i < 50 && again.status === 503; i++) {
          await new Promise((r) => setTimeout(r, 100));
          again = await send('yes, build my taco game');
        }
        expect(again.status, JSON.stringify(again.body)).toBe(200);
        expect(again.body.game_data).toMatchObject({ ready: true });
        expect(again.body.phase).toBe('complete');
      },
      120_000,
    );
  }
});
