import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { initialState } from '../../src/agents/state.js';
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

describe.skipIf(!ok)('generation jobs that finish at once', () => {
  // A job is removed as soon as it completes (its data is the child's conversation). A worker in
  // another process can finish it before a busy request starts to wait for it: BullMQ's
  // waitUntilFinished then found the job gone ("Missing key for job") and the turn failed with a 500
  // (seen under the closed-loop bench with two instances). Every result must still reach its request.
  it('a busy producer gets every result from the queue: none fails, none falls back inline', async () => {
    const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
    const metrics = createScaleMetrics();
    const health = new RedisHealth(silentLog, metrics);
    const cmd = createCommandClient(SHARED_REDIS_URL, 2_000);
    const sub = createBlockingClient(SHARED_REDIS_URL);
    await readyWithin(cmd, 3_000);
    const bus = createRedisEventBus(cmd, sub, health, prefix);
    const worker = spawn(process.execPath, ['--import', 'tsx', 'tests/jobs/worker-process.ts'], {
      env: { ...process.env, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix, SLOW_MS: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const jobs = createQueueJobs({
      redisUrl: SHARED_REDIS_URL,
      bus,
      health,
      metrics,
      log: silentLog,
      inline: createInlineJobs(createOfflineBrain(), bus),
      timeoutMs: 60_000,
      prefix: `${prefix}bull`,
    });
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
      worker.kill('SIGKILL');
      await jobs.close();
      await bus.close();
      cmd.disconnect();
      sub.disconnect();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    }
  });
});
