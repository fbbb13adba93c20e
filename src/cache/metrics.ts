import { Counter, Gauge, type Metric } from 'prom-client';

/**
 * Metrics of the shared services (cache, Redis fallbacks, jobs). Created without a registry so
 * that the app can add them to its own (each test app has a registry of its own).
 */
export function createScaleMetrics() {
  const cacheRequests = new Counter({
    name: 'gamemaker_session_cache_requests_total',
    help: 'Session cache look-ups, by result (hit, miss, error: Redis failed and the database answered)',
    labelNames: ['result'] as const,
    registers: [],
  });
  const redisFallbacks = new Counter({
    name: 'gamemaker_redis_fallbacks_total',
    help: 'Redis operations that failed or timed out and fell back (database or in-process), by operation',
    labelNames: ['op'] as const,
    registers: [],
  });
  const redisUp = new Gauge({
    name: 'gamemaker_redis_up',
    help: '1 while Redis answers, 0 during an outage (only when REDIS_URL is set)',
    registers: [],
  });
  const jobs = new Counter({
    name: 'gamemaker_generation_jobs_total',
    help: 'Generation jobs, by outcome (completed, failed, joined: a build already running for that game, still_running: a worker still building at the wait bound, inline: run in the request because no worker had it)',
    labelNames: ['outcome'] as const,
    registers: [],
  });
  const all: Metric[] = [cacheRequests, redisFallbacks, redisUp, jobs];
  return { cacheRequests, redisFallbacks, redisUp, jobs, all };
}

export type ScaleMetrics = ReturnType<typeof createScaleMetrics>;
