import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CodeGeneratorResult, TurnContext } from '../agents/brain.js';
import type { EventBus } from '../cache/event-bus.js';
import type { ScaleMetrics } from '../cache/metrics.js';
import { createBlockingClient, createCommandClient } from '../cache/redis-connection.js';
import type { RedisHealth } from '../cache/redis-health.js';
import type { Log } from '../observability/log.js';
import { type GenerationJobData, sessionChannel } from './generation.js';
import type { createInlineJobs } from './inline.js';
import { GENERATION_QUEUE, type GenerationJobs } from './jobs.js';

export interface QueueJobsOptions {
  redisUrl: string;
  bus: EventBus;
  health: RedisHealth;
  metrics: ScaleMetrics;
  log: Log;
  /** Runs a job here when the queue cannot take it or does not answer in time. */
  inline: ReturnType<typeof createInlineJobs>;
  timeoutMs: number;
  /** BullMQ key prefix (tests isolate themselves with their own). */
  prefix?: string;
  attempts?: number;
}

/**
 * The producer side: a request adds a job and awaits its result, so /api/message still answers with
 * the game. Retries (exponential backoff) and stalled-job recovery are BullMQ's; workers run
 * elsewhere (`npm run worker`) or in this process (JOBS_IN_PROCESS). If Redis fails, or no result
 * arrives within `timeoutMs`, the job runs inline: slower, never broken. The job's result is only
 * data, so a late duplicate is harmless.
 */
function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createQueueJobs(opts: QueueJobsOptions): GenerationJobs {
  const prefix = opts.prefix ?? 'gm:bull';
  // The producer's connection fails fast (no offline queue) so an outage falls back at once.
  const conn: Redis = createCommandClient(opts.redisUrl, 1_000, 'gamemaker-queue');
  const queue = new Queue<GenerationJobData, CodeGeneratorResult>(GENERATION_QUEUE, {
    connection: conn,
    prefix,
    defaultJobOptions: {
      attempts: opts.attempts ?? 3,
      backoff: { type: 'exponential', delay: 500 },
      // Job data holds the conversation state: gone as soon as the result is handed back (the
      // completion event carries it), and a failed job's within the hour.
      removeOnComplete: true,
      removeOnFail: { age: 3_600, count: 1_000 },
    },
  });
  queue.on('error', () => {});
  const eventsConn = createBlockingClient(opts.redisUrl, 'gamemaker-qe');
  const events = new QueueEvents(GENERATION_QUEUE, { connection: eventsConn, prefix });
  events.on('error', () => {});
  // QueueEvents also emits "completed:<job id>" and "failed:<job id>", which its types do not list.
  const byJob = events as unknown as EventEmitter;
  const inFlight = new Set<Promise<unknown>>();
  // One promise per connection, rejected when it closes; waiting requests race against it.
  const lostPromise = () => {
    let reject: (e: Error) => void = () => {};
    const p = new Promise<never>((_, r) => {
      reject = r;
    });
    p.catch(() => {});
    return { p, reject };
  };
  let lost = lostPromise();
  conn.on('close', () => {
    lost.reject(new Error('Redis connection lost: job wait timed out'));
    lost = lostPromise();
  });
  const connectionLost = () => lost.p;

  events.on('failed', ({ jobId }) => opts.log.warn({ jobId }, 'generation job failed after all attempts'));

  /** The job's result or final failure from the queue's events, or "timed out" after `timeoutMs`. */
  function awaitFinish(jobId: string) {
    let cancel = () => {};
    const result = new Promise<CodeGeneratorResult>((resolve, reject) => {
      const completed = `completed:${jobId}`;
      const failed = `failed:${jobId}`;
      const onCompleted = (args: { returnvalue: CodeGeneratorResult }) => {
        cancel();
        resolve(args.returnvalue);
      };
      const onFailed = (args: { failedReason?: string }) => {
        cancel();
        reject(new Error(args.failedReason || 'generation job failed'));
      };
      const timer = setTimeout(() => {
        cancel();
        reject(new Error(`generation job ${jobId} timed out after ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      cancel = () => {
        clearTimeout(timer);
        byJob.off(completed, onCompleted);
        byJob.off(failed, onFailed);
      };
      byJob.on(completed, onCompleted);
      byJob.on(failed, onFailed);
    });
    result.catch(() => {});
    return { result, cancel: () => cancel() };
  }

  async function runQueued(data: GenerationJobData, ctx?: TurnContext): Promise<CodeGeneratorResult> {
    // The session id leads the job id, so forgetting a session can find its jobs.
    const jobId = data.sessionId ? `${data.sessionId}-${randomUUID()}` : randomUUID();
    // Listening before the add: a job done and removed (removeOnComplete) before a later listener
    // starts would be missed, and BullMQ's waitUntilFinished then reports "Missing key for job".
    const finished = awaitFinish(jobId);
    try {
      // BullMQ waits for a connection forever; a request must not. Not connected = run it here.
      if (conn.status !== 'ready') throw new Error(`Redis connection is ${conn.status}`);
      // "queued" goes out before the add, so it always precedes the worker's first event.
      if (data.sessionId) {
        await opts.bus.publish(sessionChannel(data.sessionId), {
          type: 'progress',
          stage: 'queued',
          jobId,
          attempt: 1,
        });
      }
      await withTimeout(queue.add('generate', data, { jobId }), 2_000, 'adding the job timed out');
    } catch (e) {
      finished.cancel();
      opts.health.failed('job_add', e);
      opts.metrics.jobs.inc({ outcome: 'inline' });
      return opts.inline.runNow(data, 'inline-fallback', ctx);
    }
    let timedOut = false;
    try {
      // If Redis goes away while we wait, no completion event can arrive: stop waiting at once.
      const result = await Promise.race([finished.result, connectionLost()]);
      opts.metrics.jobs.inc({ outcome: 'completed' });
      return result;
    } catch (e) {
      finished.cancel();
      timedOut = /timed out/.test(String((e as Error).message));
      if (!timedOut) {
        opts.metrics.jobs.inc({ outcome: 'failed' });
        throw e;
      }
    }
    opts.log.warn({ jobId }, 'generation job gave no result in time: running it here');
    opts.metrics.jobs.inc({ outcome: 'inline' });
    return opts.inline.runNow(data, `inline-${jobId}`, ctx);
  }

  return {
    kind: 'queue',
    run(data, ctx) {
      const p = runQueued(data, ctx);
      inFlight.add(p);
      const forget = () => inFlight.delete(p);
      p.then(forget, forget);
      return p;
    },
    async forget(sessionId) {
      if (!/^[\w-]+$/.test(sessionId)) return;
      const base = `${prefix}:${GENERATION_QUEUE}:`;
      // Every key of this session's jobs (the job hash, its logs, its lock) and the jobs themselves.
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await conn.scan(cursor, 'MATCH', `${base}${sessionId}-*`, 'COUNT', 500);
        cursor = next;
        found.push(...keys);
      } while (cursor !== '0');
      for (const id of new Set(found.map((key) => key.slice(base.length).split(':')[0] ?? ''))) {
        // Out of the queue's lists and sets too; a job being worked on is locked and stays listed,
        // but its data goes below, so it fails and leaves nothing behind.
        await queue.remove(id).catch(() => 0);
      }
      if (found.length) await conn.unlink(...found);
      // The events stream keeps results (the game's text) with their job id: drop this session's.
      const events = `${base}events`;
      const entries = await conn.xrange(events, '-', '+');
      const doomed = entries
        .filter(([, fields]) => {
          const i = fields.indexOf('jobId');
          return i >= 0 && (fields[i + 1] ?? '').startsWith(`${sessionId}-`);
        })
        .map(([id]) => id);
      if (doomed.length) await conn.xdel(events, ...doomed);
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      // BullMQ's close waits for a connection; with Redis down that would be forever.
      await withTimeout(Promise.allSettled([events.close(), queue.close()]), 2_000, 'close').catch(() => {});
      eventsConn.disconnect();
      conn.disconnect();
    },
  };
}
