import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Brain } from '../../src/agents/brain.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { bootstrapWorker } from '../../src/bootstrap.js';
import { createCommandClient } from '../../src/cache/redis-connection.js';
import { loadConfig } from '../../src/config.js';
import { cachedValue } from '../../src/observability/cached-value.js';
import { silentLog } from '../../src/observability/log.js';
import { startMetricsServer } from '../../src/observability/metrics-server.js';
import { createQueueGauges } from '../../src/observability/queue-gauges.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { startFakeModelServer } from '../fake-model/server.js';
import { startTestApp } from '../support/app.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

/**
 * Issue 25, point 4's /metrics: behind METRICS_TOKEN when set, rate-limited, on METRICS_PORT when
 * set, never a database query per scrape; the queue's backlog and the model's time to first token
 * exported; a worker's own /metrics.
 */
const redisOk = await servicesAvailable({ redis: true });
const TOKEN = 'a-metrics-token-for-tests';

const value = (text: string, series: string) =>
  Number(new RegExp(`^${series.replace(/[{}"().]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

describe('cachedValue', () => {
  it('answers at once from the cache, reads at most once per max age, keeps the last value on failure', async () => {
    let clock = 0;
    let reads = 0;
    let answer: (n: number) => void = () => {};
    let fail = false;
    const v = cachedValue(
      () => {
        reads += 1;
        if (fail) return Promise.reject(new Error('database down'));
        return new Promise<number>((r) => {
          answer = r;
        });
      },
      { maxAgeMs: 1_000, initial: 0, now: () => clock },
    );
    // The first get starts a read and does not wait for it (this read never answers by itself).
    expect(v.get()).toBe(0);
    expect(reads).toBe(1);
    // Scrapes while it runs, and within the max age: no more reads.
    for (let i = 0; i < 50; i++) expect(v.get()).toBe(0);
    clock = 999;
    v.get();
    expect(reads).toBe(1);
    answer(7);
    await v.refresh().catch(() => {});
    expect(v.get()).toBe(7);
    // Stale: one read, started by the scrape, the cached value answered meanwhile.
    clock = 2_500;
    fail = true;
    const before = reads;
    expect(v.get()).toBe(7);
    expect(reads).toBe(before + 1);
    await v.refresh();
    expect(v.get()).toBe(7);
  });
});

describe('GET /metrics on the app', () => {
  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
    try {
      const get = (authorization?: string) =>
        t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect((await get()).statusCode).toBe(401);
      expect((await get('Bearer not-the-token')).statusCode).toBe(401);
      expect((await get(TOKEN)).statusCode).toBe(401);
      const ok = await get(`Bearer ${TOKEN}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('gamemaker_sessions_total');
    } finally {
      await t.close();
    }
  });

  it('is open without METRICS_TOKEN, and rate-limited like the API', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });

  it('runs no database query per scrape: active sessions come from a cache', async () => {
    const t = await startTestApp();
    try {
      // Counted from here on: the one COUNT made at start-up is before this.
      await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
      let queries = 0;
      const count = t.repo.countActiveSessions.bind(t.repo);
      t.repo.countActiveSessions = (since) => {
        queries += 1;
        return count(since);
      };
      for (let i = 0; i < 25; i++) {
        const r = await t.app.inject({ method: 'GET', url: '/metrics' });
        expect(r.statusCode).toBe(200);
        expect(r.body).toMatch(/^gamemaker_active_sessions \d+$/m);
      }
      expect(queries).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('moves off the app’s port with METRICS_PORT (served by a server of its own)', async () => {
    const t = await startTestApp({ env: { METRICS_PORT: '9999' } });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      // What main.ts starts on METRICS_PORT (port 0 here: any free one).
      const server = await startMetricsServer({
        registry: t.shared.metrics.registry,
        host: '127.0.0.1',
        port: 0,
        token: TOKEN,
        log: silentLog,
        setting: 'METRICS_PORT',
      });
      try {
        const url = `http://127.0.0.1:${server.port}`;
        expect((await fetch(`${url}/metrics`)).status).toBe(401);
        const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(ok.status).toBe(200);
        expect(await ok.text()).toContain('gamemaker_active_sessions');
        expect((await fetch(`${url}/other`)).status).toBe(404);
      } finally {
        await server.close();
      }
    } finally {
      await t.close();
    }
  });
});

describe('a streamed turn that fails after its 200', () => {
  it('is counted as a failure for the error-rate alerts (its HTTP status says 200)', async () => {
    const offline = createOfflineBrain();
    const brain: Brain = {
      name: 'failing',
      storyAnalyst: async () => {
        throw new Error('the agent broke');
      },
      gameDesigner: (s, m, c) => offline.gameDesigner(s, m, c),
      codeGenerator: (s, m, c) => offline.codeGenerator(s, m, c),
    };
    const t = await startTestApp({ brain });
    try {
      const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message/stream',
        payload: { session_id: start.session_id, message: 'hello' },
      });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('event: error');
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(value(text, 'gamemaker_stream_turns_failed_total{error_type="internal_error"}')).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('model time to first token', () => {
  it('is observed per agent from the stream', async () => {
    const fake = await startFakeModelServer((req) => {
      const step = scriptedAgent(req);
      return step.kind === 'reply' ? { ...step, firstTokenDelayMs: 150 } : step;
    });
    const t = await startTestApp({ env: anthropicEnv(fake, { LLM_STREAM_IDLE_MS: '2000' }) });
    try {
      const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: start.session_id, message: 'Dragons Love Tacos' },
      });
      expect(r.statusCode).toBe(200);
      const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      const n = value(text, 'gamemaker_llm_first_token_seconds_count{agent="story_analyst"}');
      expect(n).toBeGreaterThanOrEqual(1);
      // At least the delay the fake model waited before its first token, for every call.
      expect(
        value(text, 'gamemaker_llm_first_token_seconds_sum{agent="story_analyst"}'),
      ).toBeGreaterThanOrEqual(0.15 * n);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});

describe.skipIf(!redisOk)('the generation queue’s backlog', () => {
  const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
  afterAll(() => deleteKeys(SHARED_REDIS_URL, prefix));

  it('exports jobs by state and the oldest waiting job’s age, read in the background', async () => {
    const conn = createCommandClient(SHARED_REDIS_URL, 2_000);
    const queue = new Queue('generation', { connection: conn, prefix: `${prefix}bull` });
    try {
      const first = await queue.add('generate', { n: 1 });
      await queue.add('generate', { n: 2 });
      await queue.add('generate', { n: 3 }, { delay: 60_000 });
      let clock = (first.timestamp ?? 0) + 42_000;
      const gauges = createQueueGauges(queue, { maxAgeMs: 10_000, now: () => clock });
      const registry = new Registry();
      for (const m of gauges.metrics) registry.registerMetric(m);
      await gauges.refresh();
      let text = await registry.metrics();
      expect(value(text, 'gamemaker_generation_queue_jobs{state="waiting"}')).toBe(2);
      expect(value(text, 'gamemaker_generation_queue_jobs{state="delayed"}')).toBe(1);
      expect(value(text, 'gamemaker_generation_queue_jobs{state="active"}')).toBe(0);
      expect(value(text, 'gamemaker_generation_queue_oldest_waiting_seconds')).toBeCloseTo(42, 3);
      // The age grows between reads (from the cached time the job was added).
      clock += 5_000;
      text = await registry.metrics();
      expect(value(text, 'gamemaker_generation_queue_oldest_waiting_seconds')).toBeCloseTo(47, 3);
    } finally {
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      conn.disconnect();
    }
  });
});

describe.skipIf(!redisOk)('a generation worker’s /metrics', () => {
  it('serves the Code Generator’s metrics and the queue’s on WORKER_METRICS_PORT, behind the token', async () => {
    const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: SHARED_REDIS_URL,
      WORKER_METRICS_PORT: '0',
      METRICS_TOKEN: TOKEN,
    });
    const w = await bootstrapWorker(config, { log: silentLog, redisPrefix: prefix });
    try {
      const url = `http://127.0.0.1:${w.metricsPort}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const r = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(200);
      const text = await r.text();
      for (const name of [
        'gamemaker_llm_latency_seconds',
        'gamemaker_llm_first_token_seconds',
        'gamemaker_llm_tokens_total',
        'gamemaker_model_circuit_open',
        'gamemaker_generation_queue_jobs',
        'gamemaker_generation_queue_oldest_waiting_seconds',
        'gamemaker_redis_up',
      ]) {
        expect(text, name).toContain(`# TYPE ${name} `);
      }
    } finally {
      await w.close();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    }
  });

  it('still builds games when WORKER_METRICS_PORT is taken, and says so naming it', async () => {
    const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
    const first = loadConfig({ NODE_ENV: 'test', REDIS_URL: SHARED_REDIS_URL, WORKER_METRICS_PORT: '0' });
    const a = await bootstrapWorker(first, { log: silentLog, redisPrefix: prefix });
    const warnings: string[] = [];
    const log = { ...silentLog, warn: (_: object, msg: string) => void warnings.push(msg) };
    const second = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: SHARED_REDIS_URL,
      WORKER_METRICS_PORT: String(a.metricsPort),
    });
    const b = await bootstrapWorker(second, { log, redisPrefix: prefix });
    try {
      expect(b.metricsPort).toBeUndefined();
      expect(warnings.join('\n')).toMatch(/WORKER_METRICS_PORT: cannot serve \/metrics on .*EADDRINUSE/);
      expect(b.worker.isRunning()).toBe(true);
    } finally {
      await b.close();
      await a.close();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    }
  });
});
