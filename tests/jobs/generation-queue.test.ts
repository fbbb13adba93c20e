import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { initialState, type SessionState } from '../../src/agents/state.js';
import { createRedisEventBus } from '../../src/cache/event-bus.js';
import { createScaleMetrics } from '../../src/cache/metrics.js';
import { createBlockingClient, createCommandClient, readyWithin } from '../../src/cache/redis-connection.js';
import { RedisHealth } from '../../src/cache/redis-health.js';
import { createInlineJobs } from '../../src/jobs/inline.js';
import { createQueueJobs } from '../../src/jobs/queue.js';
import { silentLog } from '../../src/observability/log.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ redis: true });

/** A state the Code Generator can build from: a confirmed design. */
function readyToBuild(): SessionState {
  return {
    ...initialState(),
    phase: 'generating',
    book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' },
    bookConfirmed: true,
    design: {
      gameType: 'catcher',
      hero: { name: 'little red dragon', emoji: '🐉' },
      collectibles: [{ name: 'tacos', emoji: '🌮' }],
      hazards: [{ name: 'spicy salsa', emoji: '🌶️' }],
      confirmed: true,
    },
  };
}

const procs: ChildProcess[] = [];
/** `quiet`: its output is not read (no events in this process for every job it runs). */
function startWorker(prefix: string, slowMs: number, quiet = false) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/jobs/worker-process.ts'], {
    env: { ...process.env, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix, SLOW_MS: String(slowMs) },
    stdio: ['ignore', quiet ? 'ignore' : 'pipe', 'inherit'],
  });
  procs.push(child);
  const lines: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  const waitFor = async (re: RegExp, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`worker never printed ${re}`);
  };
  return { child, lines, waitFor };
}

/** The producer side on the shared Redis, wired as the app wires it, under a key prefix of its own. */
async function queueOnSharedRedis(opts: { commandTimeoutMs: number; timeoutMs: number }) {
  const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
  const metrics = createScaleMetrics();
  const health = new RedisHealth(silentLog, metrics);
  const cmd = createCommandClient(SHARED_REDIS_URL, opts.commandTimeoutMs);
  const sub = createBlockingClient(SHARED_REDIS_URL);
  await readyWithin(cmd, 3_000);
  const bus = createRedisEventBus(cmd, sub, health, prefix);
  const inline = createInlineJobs(createOfflineBrain(), bus);
  const jobs = createQueueJobs({
    redisUrl: SHARED_REDIS_URL,
    bus,
    health,
    metrics,
    log: silentLog,
    inline,
    timeoutMs: opts.timeoutMs,
    prefix: `${prefix}bull`,
  });
  return {
    prefix,
    metrics,
    bus,
    inline,
    jobs,
    async close() {
      await jobs.close();
      await bus.close();
      cmd.disconnect();
      sub.disconnect();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    },
  };
}

/** Blocks this process's event loop most of the time, as an app's is under load. */
function keepBusy() {
  const timer = setInterval(() => {
    const until = performance.now() + 15;
    while (performance.now() < until) {
      // spin: CPU work that keeps replies waiting in the socket
    }
  }, 20);
  return () => clearInterval(timer);
}

afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
});

describe.skipIf(!ok)('generation jobs on BullMQ', () => {
  it('a worker killed during a job: the job completes on another worker, with progress on the bus', async () => {
    const { prefix, metrics, bus, inline, jobs, close } = await queueOnSharedRedis({
      commandTimeoutMs: 500,
      timeoutMs: 40_000,
    });
    const progress: unknown[] = [];
    const off = bus.subscribe('session:job-test', (e) => progress.push(e));
    try {
      // The first worker is slow: it will be running the job when it is killed.
      const doomed = startWorker(prefix, 60_000);
      await doomed.waitFor(/^ready/);
      const result = jobs.run({ sessionId: 'job-test', state: readyToBuild(), message: null });
      const active = await doomed.waitFor(/^active /);
      const jobId = active.split(' ')[1];
      doomed.child.kill('SIGKILL');

      const rescuer = startWorker(prefix, 0);
      const out = await result;
      expect(out.spec?.type).toBe('catcher');
      expect(JSON.stringify(out.spec).toLowerCase()).toContain('taco');
      await rescuer.waitFor(new RegExp(`^completed ${jobId}$`));
      expect(inline.kind).toBe('inline');
      // It was the queue, not the inline fallback, that produced the result.
      const outcomes = (await metrics.jobs.get()).values;
      expect(outcomes.find((v) => v.labels.outcome === 'completed')?.value).toBe(1);
      expect(outcomes.find((v) => v.labels.outcome === 'inline')).toBeUndefined();
      const stages = progress.map((p) => (p as { stage: string }).stage);
      expect(stages[0]).toBe('queued');
      expect(stages).toContain('building');
      expect(stages.at(-1)).toBe('ready');
    } finally {
      off();
      await close();
    }
  }, 60_000);

  // A job is removed as soon as it completes (its data is the child's conversation). A worker in
  // another process can finish it before a busy request starts to wait for it: BullMQ's
  // waitUntilFinished then found the job gone ("Missing key for job") and the turn failed with a 500
  // (seen under the closed-loop bench with two instances). Every result must still reach its request.
  it('a busy producer gets every result from the queue: none fails, none falls back inline', async () => {
    const { prefix, metrics, jobs, close } = await queueOnSharedRedis({
      commandTimeoutMs: 2_000,
      timeoutMs: 60_000,
    });
    startWorker(prefix, 0, true);
    const count = async (outcome: string) =>
      (await metrics.jobs.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    const stopBusy = keepBusy();
    try {
      // Until the queue's connection is up, jobs run inline by design: wait for one queued result
      // (which also waits for the worker process to start).
      for (let i = 0; i < 400 && (await count('completed')) === 0; i++) {
        await jobs.run({ sessionId: 'warm', state: initialState(), message: null });
        await new Promise((r) => setTimeout(r, 25));
      }
      const before = { completed: await count('completed'), inline: await count('inline') };
      const n = 200;
      const settled = await Promise.allSettled(
        Array.from({ length: n }, (_, i) =>
          jobs.run({ sessionId: `s${i}`, state: initialState(), message: null }),
        ),
      );
      expect(settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason))).toEqual([]);
      expect(await count('completed')).toBe(before.completed + n);
      expect(await count('inline')).toBe(before.inline);
    } finally {
      stopBusy();
      await close();
    }
  });

  it('retries a failed job, and runs inline when Redis cannot take the job', async () => {
    const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
    const metrics = createScaleMetrics();
    const health = new RedisHealth(silentLog, metrics);
    // No Redis at this address: the queue cannot take jobs, so they run in the request.
    const deadUrl = 'redis://127.0.0.1:1';
    const cmd = createCommandClient(deadUrl, 150);
    const sub = createBlockingClient(deadUrl);
    const bus = createRedisEventBus(cmd, sub, health, prefix);
    let calls = 0;
    const offline = createOfflineBrain();
    const flaky = {
      ...offline,
      name: offline.name,
      codeGenerator: async (...a: Parameters<typeof offline.codeGenerator>) => {
        calls++;
        if (calls === 1) throw new Error('the model timed out');
        return offline.codeGenerator(...a);
      },
    };
    const inline = createInlineJobs(flaky, bus);
    const jobs = createQueueJobs({
      redisUrl: deadUrl,
      bus,
      health,
      metrics,
      log: silentLog,
      inline,
      timeoutMs: 5_000,
      prefix,
    });
    try {
      const t0 = Date.now();
      const out = await jobs.run({ sessionId: null, state: readyToBuild(), message: null });
      expect(out.spec?.type).toBe('catcher');
      expect(calls).toBe(2);
      expect(Date.now() - t0).toBeLessThan(4_000);
      expect((await metrics.jobs.get()).values.find((v) => v.labels.outcome === 'inline')?.value).toBe(1);
    } finally {
      await jobs.close();
      await bus.close();
      cmd.disconnect();
      sub.disconnect();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    }
  });
});
