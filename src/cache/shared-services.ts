import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Metric } from 'prom-client';
import type { Brain } from '../agents/brain.js';
import type { Config } from '../config.js';
import { withGenerationJobs } from '../jobs/brain-with-jobs.js';
import { createInlineJobs } from '../jobs/inline.js';
import type { GenerationJobs } from '../jobs/jobs.js';
import { createQueueJobs } from '../jobs/queue.js';
import { startGenerationWorker } from '../jobs/worker.js';
import type { Repository } from '../store/repository.js';
import { createCachedRepository } from './cached-repository.js';
import { createLocalEventBus, createRedisEventBus, type EventBus } from './event-bus.js';
import type { Log } from './log.js';
import { createScaleMetrics } from './metrics.js';
import { createRateLimitStore } from './rate-limit-store.js';
import { createBlockingClient, createCommandClient, readyWithin } from './redis-connection.js';
import { RedisHealth } from './redis-health.js';
import { createLocalSessionLock, createRedisSessionLock, type SessionLock } from './session-lock.js';

/**
 * Everything an API process shares with the others: with REDIS_URL, the session cache, the
 * cross-instance session lock, rate-limit counters, the event bus and the generation queue live in
 * Redis; without it, each has an in-process equivalent. Either way the app gets the same shapes.
 */
export interface SharedServices {
  redis: boolean;
  repo: Repository;
  /** The brain with the Code Generator's step running as a generation job. */
  brain: Brain;
  bus: EventBus;
  lock: SessionLock;
  jobs: GenerationJobs;
  rateLimitStore: ReturnType<typeof createRateLimitStore>;
  /** Metrics to add to the app's registry. */
  metrics: Metric[];
  /** Stops taking jobs, waits for in-flight ones, closes Redis connections. Not the database. */
  close(): Promise<void>;
}

export interface SharedServicesOptions {
  config: Config;
  repo: Repository;
  brain: Brain;
  log: Log;
  /** Overrides REDIS_KEY_PREFIX (tests isolate themselves with their own). */
  prefix?: string;
}

export async function openSharedServices(opts: SharedServicesOptions): Promise<SharedServices> {
  const { config, log } = opts;
  const metrics = createScaleMetrics();
  if (!config.redisUrl) {
    const bus = createLocalEventBus();
    const jobs = createInlineJobs(opts.brain, bus);
    return {
      redis: false,
      repo: opts.repo,
      brain: withGenerationJobs(opts.brain, jobs, bus),
      bus,
      lock: createLocalSessionLock(),
      jobs,
      rateLimitStore: createRateLimitStore(null, null),
      metrics: metrics.all.filter((m) => m !== metrics.redisUp),
      async close() {
        await jobs.close();
        await bus.close();
      },
    };
  }

  const prefix = opts.prefix ?? config.redisKeyPrefix;
  const health = new RedisHealth(log, metrics);
  const redis: Redis = createCommandClient(config.redisUrl, config.redisCommandTimeoutMs);
  const subscriber = createBlockingClient(config.redisUrl);
  // Start-up does not wait long for Redis: without it the app still serves (from the database).
  if (!(await readyWithin(redis, 3_000))) health.failed('connect', new Error('no connection at start-up'));

  const bus = createRedisEventBus(redis, subscriber, health, prefix);
  const inline = createInlineJobs(opts.brain, bus);
  const jobs = createQueueJobs({
    redisUrl: config.redisUrl,
    bus,
    health,
    metrics,
    log,
    inline,
    timeoutMs: config.jobTimeoutMs,
    prefix: `${prefix}bull`,
  });
  let worker: Worker | null = null;
  if (config.jobsInProcess) {
    worker = startGenerationWorker({
      redisUrl: config.redisUrl,
      brain: opts.brain,
      bus,
      log,
      prefix: `${prefix}bull`,
    });
  }

  return {
    redis: true,
    repo: createCachedRepository(opts.repo, redis, health, metrics, {
      ttlSeconds: config.sessionCacheTtlSeconds,
      prefix,
    }),
    brain: withGenerationJobs(opts.brain, jobs, bus),
    bus,
    lock: createRedisSessionLock(redis, health, { prefix }),
    jobs,
    rateLimitStore: createRateLimitStore(redis, health, prefix),
    metrics: metrics.all,
    async close() {
      await jobs.close();
      // Worker.close() waits for the jobs it is running.
      await worker?.close().catch(() => {});
      await inline.close();
      await bus.close();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
