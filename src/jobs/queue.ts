import { createHash, randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CodeGeneratorResult, TurnContext } from '../agents/brain.js';
import type { EventBus } from '../cache/event-bus.js';
import type { ScaleMetrics } from '../cache/metrics.js';
import { createBlockingClient, createCommandClient } from '../cache/redis-connection.js';
import type { RedisHealth } from '../cache/redis-health.js';
import type { Log } from '../observability/log.js';
import { traceCarrier } from '../observability/tracing.js';
import { fromFailedReason, GameGenerationError } from './errors.js';
import { type GenerationJobData, sessionChannel } from './generation.js';
import type { createInlineJobs } from './inline.js';
import {
  GENERATION_QUEUE,
  type GenerationJobs,
  isKeptMarker,
  keptResultKey,
  SESSION_JOBS_SECONDS,
  sessionJobsKey,
} from './jobs.js';

export interface QueueJobsOptions {
  redisUrl: string;
  bus: EventBus;
  health: RedisHealth;
  metrics: ScaleMetrics;
  log: Log;
  /** Runs a job here when the queue cannot take it, or no worker has started it (see below). */
  inline: ReturnType<typeof createInlineJobs>;
  /** The longest a request waits for its job (src/jobs/wait-bound.ts: the model's worst case). */
  timeoutMs: number;
  /** A job no worker has started by then is taken back and built in the request (default 30 s). */
  pickupMs?: number;
  /** BullMQ key prefix (tests isolate themselves with their own). */
  prefix?: string;
  attempts?: number;
}

/**
 * The producer side: a request adds a job and awaits its result, so /api/message still answers with
 * the game. Retries (exponential backoff) and stalled-job recovery are BullMQ's; workers run
 * elsewhere (`npm run worker`) or in this process (JOBS_IN_PROCESS).
 *
 * One build per game, never two at once:
 * - a session's build has one job id (generationJobId), so a request that finds it running (a child
 *   asking again after a timeout, a second instance) joins it instead of adding another;
 * - the job runs in the request instead only when no worker holds it: the queue cannot be reached,
 *   or the job could be taken back (removed) because none had started it by `pickupMs`. A job a
 *   worker holds (its lock) is waited for up to `timeoutMs`, the model's worst case; past that the
 *   request answers game_generation_failed and the build goes on for the child's next try.
 */
function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A timer as a promise that can be cancelled (so a finished wait leaves nothing behind). */
function until(at: number) {
  let timer: NodeJS.Timeout | undefined;
  const p = new Promise<'check'>((resolve) => {
    timer = setTimeout(() => resolve('check'), Math.max(0, at - Date.now()));
  });
  return { p, cancel: () => clearTimeout(timer) };
}

/**
 * The job id of a build: one per session and game. A first build (phase "generating") is keyed by
 * the session and its current game, not by the design's words: a retried "yes" whose design came
 * out a word different joins the build already running. A remix of a finished game is keyed by
 * what was asked too. Both parts are hashed: BullMQ writes job ids into its events stream, which
 * nothing trims per session, so an id must carry neither the child's words nor the session id
 * (forgetting a session finds its jobs by the list kept beside them: jobs.ts sessionJobsKey).
 */
export function generationJobId(data: GenerationJobData): string {
  if (!data.sessionId) return randomUUID();
  const { phase, gameId } = data.state;
  const what = [phase, gameId ?? '', phase === 'generating' ? '' : (data.message ?? '')].join('\u0000');
  const hash = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);
  return `s${hash(data.sessionId, 24)}-g${hash(what, 20)}`;
}

const RUNNING = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

export function createQueueJobs(opts: QueueJobsOptions): GenerationJobs {
  const prefix = opts.prefix ?? 'gm:bull';
  const pickupMs = Math.min(opts.pickupMs ?? 30_000, opts.timeoutMs);
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
  // Several requests may wait for one job (they joined it): no warning for a crowd of listeners.
  byJob.setMaxListeners(0);
  const inFlight = new Set<Promise<unknown>>();
  // One promise per connection, rejected when it closes; waiting requests race against it.
  const lostPromise = () => {
    let resolve: (v: 'check') => void = () => {};
    const p = new Promise<'check'>((r) => {
      resolve = r;
    });
    return { p, resolve };
  };
  let lost = lostPromise();
  conn.on('close', () => {
    lost.resolve('check');
    lost = lostPromise();
  });
  const connectionLost = () => lost.p;

  events.on('failed', ({ jobId }) => opts.log.warn({ jobId }, 'generation job failed after all attempts'));

  /** The job's result or final failure, from the queue's events. */
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
        reject(fromFailedReason(args.failedReason));
      };
      cancel = () => {
        byJob.off(completed, onCompleted);
        byJob.off(failed, onFailed);
      };
      byJob.on(completed, onCompleted);
      byJob.on(failed, onFailed);
    });
    result.catch(() => {});
    return { result, cancel: () => cancel() };
  }

  /** A failed job is kept for an hour under its id: asking again starts it afresh, not joins it. */
  async function add(
    jobId: string,
    data: GenerationJobData,
    abandoned: () => boolean,
  ): Promise<'added' | 'joined' | { kept: CodeGeneratorResult }> {
    // A build that finished after its request stopped waiting left its game here for the retry.
    const kept = await takeKept(jobId);
    if (kept) return { kept };
    const state = await queue.getJobState(jobId);
    if (state === 'failed' || state === 'completed') await queue.remove(jobId);
    // A request that gave up on a slow Redis builds the game itself: it must not add a job after.
    if (abandoned()) throw new Error('adding the job timed out');
    // With the job already there, this adds nothing (BullMQ keeps the first); we wait for it.
    // The turn's trace context goes with it: the worker's spans join this turn's trace.
    const trace = traceCarrier();
    if (data.sessionId) {
      // Listed under its session first: forgetting the session finds it without a scan.
      const key = sessionJobsKey(prefix, data.sessionId);
      await conn.multi().sadd(key, jobId).expire(key, SESSION_JOBS_SECONDS).exec();
    }
    await queue.add('generate', Object.keys(trace).length ? { ...data, trace } : data, { jobId });
    return RUNNING.has(state) ? 'joined' : 'added';
  }

  /** The game a worker kept for this job (src/jobs/jobs.ts), taken so that it is handed out once. */
  async function takeKept(jobId: string): Promise<CodeGeneratorResult | null> {
    const kept = await conn.getdel(keptResultKey(prefix, jobId));
    return kept ? (JSON.parse(kept) as CodeGeneratorResult) : null;
  }

  /**
   * Takes the job back so this request can build it: "taken" when no worker holds it (it is removed,
   * so none ever will), "held" while a worker does (its lock), "unreachable" when Redis is gone.
   */
  async function claimBack(jobId: string): Promise<'taken' | 'held' | 'unreachable'> {
    if (conn.status !== 'ready') return 'unreachable';
    try {
      return (await withTimeout(queue.remove(jobId), 2_000, 'claiming the job timed out')) === 1
        ? 'taken'
        : 'held';
    } catch {
      return 'unreachable';
    }
  }

  function runHere(data: GenerationJobData, jobId: string, ctx: TurnContext | undefined, why: string) {
    opts.log.warn({ jobId, why }, 'generation job: building it in this request');
    opts.metrics.jobs.inc({ outcome: 'inline' });
    return opts.inline.runNow(data, `inline-${jobId}`, ctx);
  }

  async function runQueued(data: GenerationJobData, ctx?: TurnContext): Promise<CodeGeneratorResult> {
    const jobId = generationJobId(data);
    // Listening before the add: a job done and removed (removeOnComplete) before a later listener
    // starts would be missed, and BullMQ's waitUntilFinished then reports "Missing key for job".
    const finished = awaitFinish(jobId);
    let gaveUp = false;
    try {
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
        const how = await withTimeout(
          add(jobId, data, () => gaveUp),
          2_000,
          'adding the job timed out',
        ).catch((e: unknown) => {
          gaveUp = true;
          throw e;
        });
        if (typeof how === 'object') {
          opts.metrics.jobs.inc({ outcome: 'kept' });
          return how.kept;
        }
        if (how === 'joined') {
          opts.metrics.jobs.inc({ outcome: 'joined' });
          opts.log.info({ jobId }, 'generation job already running: waiting for it');
        }
      } catch (e) {
        opts.health.failed('job_add', e);
        // The add may have reached Redis after all: build here only if no worker holds the job.
        if ((await claimBack(jobId)) !== 'held') return await runHere(data, jobId, ctx, 'queue_unavailable');
      }
      return await waitFor(jobId, finished, data, ctx);
    } finally {
      finished.cancel();
    }
  }

  async function waitFor(
    jobId: string,
    finished: ReturnType<typeof awaitFinish>,
    data: GenerationJobData,
    ctx: TurnContext | undefined,
  ): Promise<CodeGeneratorResult> {
    const started = Date.now();
    const deadline = started + opts.timeoutMs;
    let checkAt = started + pickupMs;
    for (;;) {
      const timer = until(checkAt);
      let next: { result: CodeGeneratorResult } | 'check';
      try {
        // If Redis goes away while we wait, no completion event can arrive: check at once.
        next = await Promise.race([
          finished.result.then((result) => ({ result })),
          timer.p,
          connectionLost(),
        ]);
      } catch (e) {
        opts.metrics.jobs.inc({ outcome: 'failed' });
        throw e;
      } finally {
        timer.cancel();
      }
      if (next !== 'check') {
        opts.metrics.jobs.inc({ outcome: 'completed' });
        // The worker kept the game and said so: take it (and with it, its copy for a retry).
        if (isKeptMarker(next.result)) {
          // Read, not taken: requests that joined this job read it too. It goes within seconds.
          const key = keptResultKey(prefix, jobId);
          const raw = await conn.get(key).catch(() => null);
          conn.expire(key, 30).catch(() => 0);
          if (raw) return JSON.parse(raw) as CodeGeneratorResult;
          // Gone (the session forgotten meanwhile, or Redis lost it): build it here, never fail.
          return runHere(data, jobId, ctx, 'kept_missing');
        }
        // Handed over: nobody needs the copy kept for a retry.
        conn.del(keptResultKey(prefix, jobId)).catch(() => 0);
        return next.result;
      }
      const claim = await claimBack(jobId);
      // Done just as we looked (a finished job is removed, so "taken"): the worker kept its game.
      const kept = claim === 'taken' ? await takeKept(jobId).catch(() => null) : null;
      if (kept) {
        opts.metrics.jobs.inc({ outcome: 'kept' });
        return kept;
      }
      if (claim === 'taken') return runHere(data, jobId, ctx, 'not_started');
      if (claim === 'unreachable') return runHere(data, jobId, ctx, 'queue_unreachable');
      // A worker holds it: never a second build beside it. Wait on, up to the model's worst case.
      if (Date.now() >= deadline) {
        opts.metrics.jobs.inc({ outcome: 'still_running' });
        opts.log.warn(
          { jobId, waitedMs: Date.now() - started },
          'generation job still running at the wait bound',
        );
        throw new GameGenerationError('still_running');
      }
      checkAt = deadline;
    }
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
      // This session's jobs, as listed when they were added: no keyspace scan, no stream read (the
      // events stream carries no game once the worker kept it: jobs.ts KEPT_MARKER).
      const listed = sessionJobsKey(prefix, sessionId);
      const ids = await conn.smembers(listed);
      for (const id of ids) {
        // Out of the queue's lists and sets too; a job being worked on is locked and stays listed,
        // but its data goes below, so it fails and leaves nothing behind.
        await queue.remove(id).catch(() => 0);
      }
      const keys = ids.flatMap((id) => [
        `${base}${id}`,
        `${base}${id}:logs`,
        `${base}${id}:lock`,
        keptResultKey(prefix, id),
      ]);
      await conn.unlink(listed, ...keys);
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
