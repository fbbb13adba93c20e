import { Queue, type Worker } from 'bullmq';
import { pino } from 'pino';
import type { Brain } from './agents/brain.js';
import { type AgentGraph, buildAgentGraph } from './agents/graph.js';
import { withOfflineFallback } from './agents/layers/fallback.js';
import { withModeration } from './agents/layers/moderated.js';
import { runEachTurnAs } from './agents/layers/named-runs.js';
import { reportModelCalls, watchCircuit } from './agents/layers/observed.js';
import { traceBrain } from './agents/layers/traced.js';
import { reportModelCost } from './agents/model/cost-report.js';
import type { ModelCallInfo } from './agents/model/model-brain.js';
import { createProviderBrain, createProviderResilience } from './agents/model/providers.js';
import type { Resilience } from './agents/model/resilience.js';
import { createOfflineBrain } from './agents/offline/index.js';
import { type BookSearch, openPostgresBookSearch } from './books/book-search.js';
import { localKnowledge } from './books/local-knowledge.js';
import { onRetrieval } from './books/observe.js';
import { createCachedRepository } from './cache/cached-repository.js';
import { createLocalEventBus, createRedisEventBus, type EventBus } from './cache/event-bus.js';
import { createScaleMetrics } from './cache/metrics.js';
import { createRateLimitStore } from './cache/rate-limit-store.js';
import { createBlockingClient, createCommandClient, readyWithin } from './cache/redis-connection.js';
import { RedisHealth } from './cache/redis-health.js';
import { createLocalSessionLock, createRedisSessionLock, type SessionLock } from './cache/session-lock.js';
import type { Config } from './config.js';
import { withGenerationJobs } from './jobs/brain-with-jobs.js';
import { createInlineJobs } from './jobs/inline.js';
import { GENERATION_QUEUE, type GenerationJobs } from './jobs/jobs.js';
import { createQueueJobs } from './jobs/queue.js';
import { jobWait } from './jobs/wait-bound.js';
import { startGenerationWorker } from './jobs/worker.js';
import { cachedValue } from './observability/cached-value.js';
import { type LangSmith, startLangSmith } from './observability/langsmith.js';
import type { Log } from './observability/log.js';
import { LOG_SERIALIZERS } from './observability/log-safety.js';
import { ACTIVE_WINDOW_MS, createMetrics, type Metrics } from './observability/metrics.js';
import { startMetricsServer } from './observability/metrics-server.js';
import { createQueueGauges } from './observability/queue-gauges.js';
import { type Playtester, startPlaytestThread } from './playtest/index.js';
import { createScrubMemory } from './safety/remember.js';
import { prepareScrubber } from './safety/scrub.js';
import { createAdmission } from './sessions/admission.js';
import { type ConversationService, createConversationService } from './sessions/conversation.js';
import { openStore } from './store/open-store.js';
import type { Repository } from './store/repository.js';

/**
 * The composition root: everything the app is made of, built from the typed config in one place.
 * `main.ts` (an API process), `worker.ts` (a generation worker) and the tests' app helper all come
 * through here, so a worker's model calls are traced and counted like an API process's.
 *
 *   storage   PGlite in DATA_DIR, or PostgreSQL (DATABASE_URL), migrated; Redis cache over it
 *   shared    Redis (REDIS_URL) or in-process: session lock, rate limits, event bus
 *   brain     model (each call: timeout, retries, breaker) → offline fallback → tracing → jobs
 *   graph     the agents' StateGraph over that brain
 *   service   the conversation service over graph, storage and lock
 */

export interface BootstrapOptions {
  /** Replaces the model/offline brain (tests inject fakes); tracing, metrics and jobs still wrap it. */
  brain?: Brain;
  log?: Log;
  /** Overrides REDIS_KEY_PREFIX (tests isolate themselves with their own). */
  redisPrefix?: string;
}

export interface Services {
  config: Config;
  log: Log;
  metrics: Metrics;
  /** `pglite:<dir>` or `postgres`, for health and logs. */
  storage: string;
  repo: Repository;
  redis: boolean;
  bus: EventBus;
  lock: SessionLock;
  rateLimitStore: ReturnType<typeof createRateLimitStore>;
  jobs: GenerationJobs;
  /** The brain the graph runs: every layer applied. */
  brain: Brain;
  /** The agents' compiled StateGraph (for /api/graph; the conversation service runs it). */
  graph: AgentGraph;
  conversation: ConversationService;
  /** Plays new games with bots before they are stored (a thread of its own). */
  playtester: Playtester;
  /** The index behind /api/books/search: pgvector in the database, or the brains' in-memory one. */
  bookSearch: BookSearch;
  /** Stops taking jobs and waits for in-flight ones, closes Redis, then the database. */
  close(): Promise<void>;
}

export function createLog(config: Config, service = config.tracing.serviceName): Log & pino.Logger {
  return pino({ level: config.logLevel, base: { service }, serializers: LOG_SERIALIZERS });
}

export interface BrainSetup {
  brain: Brain;
  /** The provider's breaker and retries, for health and metrics; absent offline. */
  resilience?: Resilience;
}

/**
 * The agents' brain from config, layer by layer (tracing aside). Offline: the offline brain alone.
 * With a provider:
 *   1. the provider's model brain, every model call through timeout, retries and the breaker;
 *      its turns reported through `onCall` (metrics, logs);
 *   2. the offline brain beneath it: steps the model leaves to it, unusable answers, and (unless
 *      LLM_FALLBACK is off) outages, told to the child once.
 * Either way moderation wraps it all (layers/moderated.ts): what the child hears and what a game shows.
 */
export function composeBrain(
  llm: Config['llm'],
  hooks: { onCall?: (info: ModelCallInfo) => void } = {},
): BrainSetup {
  const offline = createOfflineBrain();
  if (llm.provider === 'offline') return { brain: withModeration(offline) };
  const resilience = createProviderResilience(llm);
  const model = createProviderBrain(llm, resilience, hooks);
  const brain = withOfflineFallback(model, offline, {
    fallback: llm.fallback,
    onRecovery: (listener) => resilience.onReset(listener),
  });
  return { brain: withModeration(brain), resilience };
}

/**
 * The brain the graph runs: composeBrain's layers, then a span per agent turn. The generation-job
 * layer is added by the caller that owns the jobs.
 */
export function createBrain(config: Config, metrics: Metrics, log: Log, override?: Brain): Brain {
  if (override) return traceBrain(override);
  const report = reportModelCalls(metrics, log);
  const cost = reportModelCost(metrics);
  const setup = composeBrain(config.llm, {
    onCall: (call) => {
      report(call);
      cost(call);
    },
  });
  watchCircuit(setup.resilience, metrics, log, config.llm.provider);
  return traceBrain(setup.brain);
}

/** Redis, when configured: the clients and the health tracker every Redis-backed piece shares. */
async function openRedis(config: Config, log: Log, scale: ReturnType<typeof createScaleMetrics>) {
  if (!config.redisUrl) return null;
  const health = new RedisHealth(log, scale);
  // Auto-pipelined: the requests of a burst share writes to Redis.
  const client = createCommandClient(config.redisUrl, config.redisCommandTimeoutMs, 'gamemaker', {
    autoPipelining: true,
  });
  const subscriber = createBlockingClient(config.redisUrl);
  // The breaker's probe: only it closes the breaker after an outage (cache/redis-health.ts).
  health.probeWith(() => client.ping());
  // Start-up does not wait long for Redis: without it the app still serves (from the database).
  if (!(await readyWithin(client, 3_000))) health.failed('connect', new Error('no connection at start-up'));
  return {
    url: config.redisUrl,
    health,
    client,
    subscriber,
    async close() {
      health.close();
      subscriber.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * The generation queue's consumer, the same in an API process (JOBS_IN_PROCESS) and a worker. A job
 * runs outside any graph run, so its turn is a LangSmith run of its own (when tracing is on): the
 * Code Generator's model calls are traced there, with the same hiding, like every other agent's.
 */
function startWorker(
  config: Config,
  redisUrl: string,
  prefix: string,
  brain: Brain,
  bus: EventBus,
  log: Log,
  playtester: Playtester,
  langsmith: LangSmith,
) {
  return startGenerationWorker({
    redisUrl,
    brain: langsmith.enabled ? runEachTurnAs(brain, langsmith.run) : brain,
    bus,
    log,
    playtester,
    prefix: `${prefix}bull`,
    concurrency: config.workerConcurrency,
  });
}

/**
 * The generation queue's backlog as gauges (depth by state, oldest waiting job's age), read from
 * Redis in the background at most every METRICS_REFRESH_SECONDS. Returns what closes the reader.
 */
function exportQueueGauges(
  metrics: Metrics,
  client: ReturnType<typeof createCommandClient>,
  prefix: string,
  refreshMs: number,
) {
  const queue = new Queue(GENERATION_QUEUE, { connection: client, prefix: `${prefix}bull` });
  queue.on('error', () => {});
  const gauges = createQueueGauges(queue, { maxAgeMs: refreshMs });
  for (const m of gauges.metrics) metrics.registry.registerMetric(m);
  void gauges.refresh();
  return () => queue.close().catch(() => {});
}

/** Everything an API process needs, built from config. */
export async function bootstrap(config: Config, opts: BootstrapOptions = {}): Promise<Services> {
  const log = opts.log ?? createLog(config);
  const scale = createScaleMetrics();
  const prefix = opts.redisPrefix ?? config.redisKeyPrefix;

  // Storage: the embedded PGlite (in a worker thread) unless DATABASE_URL names PostgreSQL; migrated.
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const baseRepo = store.repo;
  const storage = store.kind === 'pglite' ? `pglite:${config.dataDir}` : 'postgres';

  // Shared services: in Redis across instances, or in this process.
  const redis = await openRedis(config, log, scale);
  const bus = redis
    ? createRedisEventBus(redis.client, redis.subscriber, redis.health, prefix)
    : createLocalEventBus();
  const repo = redis
    ? createCachedRepository(baseRepo, redis.client, redis.health, scale, {
        ttlSeconds: config.sessionCacheTtlSeconds,
        prefix,
      })
    : baseRepo;
  const lock = redis
    ? createRedisSessionLock(redis.client, redis.health, { prefix })
    : createLocalSessionLock();
  const rateLimitStore = createRateLimitStore(redis?.client ?? null, redis?.health ?? null, prefix);

  // Active sessions: one COUNT at start, then at most one every METRICS_REFRESH_SECONDS, started by
  // a scrape that finds the value older than that and never awaited by it.
  const activeSessions = cachedValue(
    () => repo.countActiveSessions(new Date(Date.now() - ACTIVE_WINDOW_MS)),
    { maxAgeMs: config.metrics.refreshMs, initial: 0 },
  );
  void activeSessions.refresh();
  const metrics = createMetrics({ activeSessions });
  for (const m of scale.all) if (redis || m !== scale.redisUp) metrics.registry.registerMetric(m);
  const closeQueueGauges = redis
    ? exportQueueGauges(metrics, redis.client, prefix, config.metrics.refreshMs)
    : async () => {};
  // Message latency is labelled by the configured brain: the offline brain answers in milliseconds,
  // a model in seconds, and each has its own latency alert.
  const brainKind = config.llm.provider === 'offline' ? 'offline' : 'model';

  // Word lists load now, not on the first child's message.
  prepareScrubber();
  // So does the in-memory book index the brains search (about 0.5 s of CPU); its timings feed the metric.
  localKnowledge();
  // Book search over pgvector in PostgreSQL when the server has it (else that same in-memory index,
  // with a warning): never a database of its own per process (src/books/book-search.ts).
  const bookSearch: BookSearch = config.databaseUrl
    ? await openPostgresBookSearch(config.databaseUrl, (fields, msg) => log.warn(fields, msg))
    : { knowledge: localKnowledge(), index: 'memory', close: async () => {} };
  const stopRetrievalMetrics = onRetrieval((e) =>
    metrics.retrievalLatency.observe({ kind: e.kind, index: e.index }, e.seconds),
  );

  // LangSmith (when LANGSMITH_TRACING is set): scrubbed traces of every run and model call.
  const langsmith = startLangSmith(config.langsmith);

  // The brain, then generation jobs around its Code Generator step.
  const brain = createBrain(config, metrics, log, opts.brain);
  // New games are played by bots on a thread of their own, not the one serving children.
  const playtester = startPlaytestThread({ postedQueueMax: config.playtestQueueMax });
  const inline = createInlineJobs(brain, bus, { playtester });
  let jobs: GenerationJobs = inline;
  let worker: Worker | null = null;
  if (redis) {
    // The wait follows the model's worst case (JOB_TIMEOUT_MS overrides; shorter is warned about).
    const wait = jobWait(config);
    if (wait.warning) log.warn({ jobTimeoutMs: wait.ms, worstCaseMs: wait.worstCaseMs }, wait.warning);
    jobs = createQueueJobs({
      redisUrl: redis.url,
      bus,
      health: redis.health,
      metrics: scale,
      log,
      inline,
      timeoutMs: wait.ms,
      prefix: `${prefix}bull`,
    });
    if (config.jobsInProcess)
      worker = startWorker(config, redis.url, prefix, brain, bus, log, playtester, langsmith);
  }
  const turnBrain = withGenerationJobs(brain, jobs, bus);

  const graph = buildAgentGraph(turnBrain);
  // Turns admitted as the event loop allows: a burst queues instead of stalling everything.
  const admission = createAdmission();
  const conversation = createConversationService({
    repo,
    graph,
    lock,
    admission,
    scrubMemory: createScrubMemory(config.scrubSecret),
    sessionTtlMs: config.sessionTtlMs,
    onTurn: ({ from, phase, agent, ms }) => {
      metrics.messages.inc({ phase, agent });
      metrics.messageLatency.observe({ phase: from, brain: brainKind }, ms / 1000);
    },
    onGame: (game) => metrics.games.inc({ game_type: game.type }),
    forgetJobs: (sessionId) => jobs.forget(sessionId),
    ...(langsmith.enabled ? { callbacks: langsmith.callbacks } : {}),
  });

  return {
    config,
    log,
    metrics,
    storage,
    repo,
    redis: redis !== null,
    bus,
    lock,
    rateLimitStore,
    jobs,
    brain: turnBrain,
    graph,
    conversation,
    playtester,
    bookSearch,
    async close() {
      stopRetrievalMetrics();
      admission.close();
      await jobs.close();
      // Worker.close() waits for the jobs it is running.
      await worker?.close().catch(() => {});
      await inline.close();
      await playtester.close();
      await bus.close();
      await redis?.close();
      await bookSearch.close();
      await closeQueueGauges();
      await repo.close();
      await langsmith.flush().catch(() => {});
    },
  };
}

/** A dedicated generation worker (`npm run worker`): the same brain and layers, no HTTP, no database. */
export async function bootstrapWorker(config: Config, opts: BootstrapOptions = {}) {
  const log = opts.log ?? createLog(config, `${config.tracing.serviceName}-worker`);
  const metrics = createMetrics();
  const scale = createScaleMetrics();
  for (const m of scale.all) metrics.registry.registerMetric(m);
  const redis = await openRedis(config, log, scale);
  if (!redis) throw new Error('REDIS_URL is not set: a generation worker needs the Redis queue');
  const prefix = opts.redisPrefix ?? config.redisKeyPrefix;
  const closeQueueGauges = exportQueueGauges(metrics, redis.client, prefix, config.metrics.refreshMs);
  // The worker's own /metrics (Code Generator latency, tokens, breaker): it has no HTTP app. A port
  // in use (a second worker on one host) costs the metrics, not the jobs: a warning, not a crash.
  const metricsServer = await startMetricsServer({
    registry: metrics.registry,
    host: config.host,
    port: config.metrics.workerPort,
    token: config.metrics.token,
    log,
    setting: 'WORKER_METRICS_PORT',
  }).catch((e: unknown) => {
    log.warn({}, `${e instanceof Error ? e.message : String(e)}; this worker serves no /metrics`);
    return null;
  });
  const bus = createRedisEventBus(redis.client, redis.subscriber, redis.health, prefix);
  // Before any model exists: LangChain's own tracer (LANGSMITH_TRACING in the env), which would send
  // build_game prompts with the child's words, is switched off here too, and ours, which hides them,
  // takes its place.
  const langsmith = startLangSmith(config.langsmith);
  const brain = createBrain(config, metrics, log, opts.brain);
  const playtester = startPlaytestThread();
  const worker = startWorker(config, redis.url, prefix, brain, bus, log, playtester, langsmith);
  return {
    log,
    metrics,
    /** Where the worker's /metrics listens (WORKER_METRICS_PORT, or the port picked for 0). */
    metricsPort: metricsServer?.port,
    brain,
    worker,
    async close() {
      await worker.close();
      await closeQueueGauges();
      await metricsServer?.close();
      await playtester.close();
      await bus.close();
      await redis.close();
      await langsmith.flush().catch(() => {});
    },
  };
}
