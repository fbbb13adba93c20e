import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Brain, CodeGeneratorResult } from '../agents/brain.js';
import type { EventBus } from '../cache/event-bus.js';
import { createBlockingClient, createCommandClient } from '../cache/redis-connection.js';
import type { Log } from '../observability/log.js';
import { inLinkedSpan } from '../observability/tracing.js';
import type { Playtester } from '../playtest/index.js';
import { GameGenerationError } from './errors.js';
import { type GenerationJobData, type ProgressStage, runGeneration, sessionChannel } from './generation.js';
import { GENERATION_QUEUE, KEEP_RESULT_SECONDS, KEPT_MARKER, keptResultKey } from './jobs.js';

export interface WorkerOptions {
  redisUrl: string;
  brain: Brain;
  bus: EventBus;
  log: Log;
  /** Where new games are played by the bots (a thread of its own, so lock renewals keep time). */
  playtester?: Playtester;
  concurrency?: number;
  prefix?: string;
  /**
   * A crashed worker's job is taken back after its lock expires (lockDuration) and the next
   * stalled-job check runs (stalledInterval); then another worker runs it again.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** The consumer side of the generation queue (`npm run worker`, or in an API process). */
export function startGenerationWorker(opts: WorkerOptions): Worker<GenerationJobData, CodeGeneratorResult> {
  const prefix = opts.prefix ?? 'gm:bull';
  // Where finished games are kept for a retry (fails fast: keeping is a courtesy, not the result).
  const kept = createCommandClient(opts.redisUrl, 1_000, 'gamemaker-worker-kept');
  const processor = async (job: Job<GenerationJobData, CodeGeneratorResult>) => {
    const attempt = job.attemptsMade + 1;
    const report = async (stage: ProgressStage) => {
      await job.updateProgress({ stage }).catch(() => {});
      const sid = job.data.sessionId;
      if (sid)
        await opts.bus.publish(sessionChannel(sid), { type: 'progress', stage, jobId: job.id, attempt });
    };
    if (attempt > 1) await report('retrying');
    // The session id lets the brain tell a child about a model outage once, not on every step.
    const ctx = job.data.sessionId ? { sessionId: job.data.sessionId } : undefined;
    try {
      // A span under the API turn that queued the job (its trace context travels in the job).
      const result = await inLinkedSpan(
        job.data.trace,
        'generation.job',
        { 'gamemaker.attempt': attempt, ...(ctx ? { 'gamemaker.session_id': ctx.sessionId } : {}) },
        () => runGeneration(opts.brain, job.data, report, ctx, opts.playtester),
      );
      // Kept before the job completes (and is removed): no moment when the game is nowhere. Once
      // kept, the completion carries only a marker (jobs.ts KEPT_MARKER); unkept, the game itself.
      if (job.id && job.data.sessionId) {
        const stored = await kept
          .set(keptResultKey(prefix, job.id), JSON.stringify(result), 'EX', KEEP_RESULT_SECONDS)
          .then(
            () => true,
            () => false,
          );
        if (stored) return KEPT_MARKER as unknown as CodeGeneratorResult;
      }
      return result;
    } catch (e) {
      // The brain has already retried the model with backoff: another attempt of the job would
      // only pay it again. The reason's fixed words are what the waiting request reads back.
      if (e instanceof GameGenerationError && e.final) throw new UnrecoverableError(e.message);
      throw e;
    }
  };
  const worker = new Worker<GenerationJobData, CodeGeneratorResult>(GENERATION_QUEUE, processor, {
    connection: createBlockingClient(opts.redisUrl, 'gamemaker-worker'),
    prefix,
    concurrency: opts.concurrency ?? 4,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    maxStalledCount: 2,
  });
  worker.on('closed', () => kept.disconnect());
  worker.on('error', (e) =>
    opts.log.warn({ reason: e.message }, 'generation worker: Redis error (it will reconnect)'),
  );
  worker.on('failed', (job, e) =>
    opts.log.warn(
      { jobId: job?.id, attempt: job?.attemptsMade, reason: e.message },
      'generation job attempt failed',
    ),
  );
  return worker;
}
