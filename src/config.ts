import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { heapCapWarning } from './memory-budget.js';
import { ROOT } from './paths.js';

/**
 * The one typed configuration object, parsed from the environment at start. A bad value stops the
 * process with a message that names the variable, rather than failing later at a distance.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting. An empty value counts as unset for all of them (`withoutEmpty` below, applied
 * before parsing), so no field needs its own rule for `KEY=` as shells, .env files, Compose's
 * `${KEY:-}` and dashboards write it.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  // LOG_LEVEL=INFO is as good as info: any case is accepted.
  LOG_LEVEL: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .default('info'),
  /** Idle time after which a session expires (hours). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(10).max(20_000).default(2000),
  /**
   * Which proxies' X-Forwarded-For to believe: a hop count ("1": the load balancer in front) or a
   * comma-separated list of proxy addresses/CIDRs. Never "everything": a client could then name
   * its own address and escape the rate limit. Unset: no proxy is trusted.
   */
  TRUST_PROXY: z.string().max(500).optional(),
  /** Browser origins allowed to call the API (comma-separated); unset = same origin only. */
  CORS_ORIGINS: z.string().max(2000).optional(),
  /**
   * Bearer token for /api/analytics and the admin page; unset = they are disabled. One shorter
   * than ADMIN_TOKEN_MIN_LENGTH disables them too, with a warning: a guessable token must not
   * open children's analytics, and a typo in it must not crash-loop the service either.
   */
  ADMIN_TOKEN: z.string().max(200).optional(),
  /** Longest a request may take to arrive and be answered (slow-body and stuck-request guard). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Open HTTP connections at most; at the cap, idle keep-alive ones are closed to make room. */
  MAX_CONNECTIONS: z.coerce.number().int().min(16).max(1_000_000).default(4_096),
  /** Games posted to POST /api/games waiting for the playtest thread at most; more answer 503. */
  PLAYTEST_QUEUE_MAX: z.coerce.number().int().min(0).max(1_000).default(4),
  /**
   * How far V8 lets the old generation grow past what a major GC kept (percent; 0 = V8's own
   * choice). Agent runs leave garbage there at every message; more room means fewer major GCs,
   * each of which held a burst of children's answers for 100 ms or more (docs/scale.md).
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1_000).default(400),
  /**
   * Resident memory this process may use (MB): the instance's size, or its share. The V8 heap must
   * be capped to fit (src/memory-budget.ts); a process started without that cap warns. Unset: no budget.
   */
  MEMORY_BUDGET_MB: z.coerce.number().int().min(128).max(1_048_576).optional(),
  /** Days a game made outside a conversation (POST /api/games) is kept. */
  GAME_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Days a transcript of a conversation that made a game is kept after its last message. */
  TRANSCRIPT_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Days a conversation that made a game is kept, with its games, after its last message. */
  SESSION_GAME_TTL_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** Redis for the session cache, rate limits, pub/sub and generation jobs; in-process without it. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key (lets several deployments or test runs share one Redis). */
  REDIS_KEY_PREFIX: z.string().min(1).max(40).default('gm:'),
  SESSION_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(7_200),
  /** A Redis command slower than this counts as a failure and falls through to the database. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(200),
  /** Requests per client IP per window; 0 turns rate limiting off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  CLEANUP_INTERVAL_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** On SIGTERM: time allowed for in-flight requests and jobs before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Whether this API process also runs generation jobs (always true without Redis). */
  JOBS_IN_PROCESS: bool.default(true),
  /** How long a /api/message waits for its generation job; unset = the model's worst case (src/jobs/wait-bound.ts). */
  JOB_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  /** Generation jobs one worker process runs at once (`npm run worker`, or in an API process). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** The agents' model; unset means anthropic when ANTHROPIC_API_KEY is set, else offline. */
  LLM_PROVIDER: z.enum(['anthropic', 'openai', 'openai-compatible', 'offline']).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.7),
  LLM_MAX_TOKENS: z.coerce.number().int().min(64).max(16_384).default(1_500),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  /** Per model call (one attempt), and the longest silence allowed inside a streamed answer. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(45_000),
  LLM_STREAM_IDLE_MS: z.coerce.number().int().min(50).max(600_000).default(20_000),
  /** Retries after the first attempt, on 429, 5xx, 529 and network errors. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  LLM_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(120_000).default(10_000),
  /** Consecutive failed model turns that open the circuit, and how long it stays open. */
  LLM_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  LLM_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** Past turns sent to the model; older context travels as the structured summary instead. */
  LLM_HISTORY_TURNS: z.coerce.number().int().min(0).max(50).default(10),
  /** Anthropic prompt caching of each agent's stable prefix (tools, system prompt, book knowledge). */
  LLM_PROMPT_CACHE: bool.default(true),
  /** false: a model outage answers 503/429 instead of switching to the offline brain. */
  LLM_FALLBACK: bool.default(true),
  /** OpenTelemetry: the OTLP/HTTP collector's base URL; unset = no traces exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default('the-game-maker'),
  /** Bearer token for /metrics (API and worker); unset = /metrics is open (keep it off the public side). */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').max(200).optional(),
  /**
   * Key of the hashes that remember a conversation's scrubbed names (HMAC, safety/remember.ts); the
   * same on every instance. Unset = a random key per process (the memory lasts as long as it).
   */
  SCRUB_SECRET: z.string().min(16, 'use at least 16 characters').max(200).optional(),
  /** Serves /metrics on this port (on HOST) instead of the app's port, where the public cannot reach it. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** A generation worker's /metrics port (on HOST); 0 picks a free one (logged). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9091),
  /** Gauges read from the database or Redis (active sessions, queue depth) are at most this old. */
  METRICS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  /** LangSmith traces (scrubbed: timings and token usage, never the child's words). */
  LANGSMITH_TRACING: bool.optional(),
  LANGCHAIN_TRACING_V2: bool.optional(),
  LANGSMITH_API_KEY: z.string().min(1).optional(),
  LANGCHAIN_API_KEY: z.string().min(1).optional(),
  LANGSMITH_ENDPOINT: z.string().url().optional(),
  LANGCHAIN_ENDPOINT: z.string().url().optional(),
  LANGSMITH_PROJECT: z.string().min(1).max(200).optional(),
  LANGCHAIN_PROJECT: z.string().min(1).max(200).optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** The name of every setting (the deploy files' tests hold Compose and Render to this list). */
export const ENV_KEYS = Object.keys(EnvSchema.shape) as (keyof Env)[];

export const ADMIN_TOKEN_MIN_LENGTH = 16;

/** `KEY=`, `KEY=  `: unset, for every setting alike. Other variables are not the schema's business. */
const blank = (v: string | undefined) => v === undefined || v.trim() === '';

function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (!blank(value)) kept[key] = value as string;
  }
  return kept;
}

/**
 * Loads `path` (a `.env` file, KEY=value lines) into `env` when the file exists; a missing file is
 * fine. What the real environment sets wins, so `PORT=9000 npm start` beats the file. A variable
 * set but empty in the real environment counts as unset (the rule for every setting) and takes the
 * file's value: Node's own `process.loadEnvFile` would keep the empty one, hence `parseEnv` here.
 * Returns the names taken from the file (for the start log; never their values).
 */
export function loadDotEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(path)) return [];
  const taken: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    // The file's empty lines (`ADMIN_TOKEN=`, as .env.example has them) leave a setting unset.
    if (!blank(env[key]) || blank(value)) continue;
    env[key] = value;
    taken.push(key);
  }
  return taken;
}

export type LlmProvider = NonNullable<Env['LLM_PROVIDER']>;

export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4.1-mini',
  'openai-compatible': '',
  offline: 'offline',
};

/** The typed configuration: derived from the schema and `loadConfig`, never written twice. */
export type Config = ReturnType<typeof loadConfig>;
export type LlmConfig = ReturnType<typeof llmConfig>;

/** The version operators see in /api/health, OpenAPI and traces: package.json's. */
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** TRUST_PROXY as Fastify takes it: a hop count or a list of addresses; false when unset. */
function trustProxy(value: string | undefined): number | string[] | false {
  if (!value) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (['true', 'yes'].includes(value.toLowerCase())) {
    throw new ConfigError(
      'Invalid configuration:\n  TRUST_PROXY: "true" would trust any client\'s X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses',
    );
  }
  if (['false', 'no', '0'].includes(value.toLowerCase())) return false;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export class ConfigError extends Error {}

function llmConfig(e: Env) {
  const provider: LlmProvider = e.LLM_PROVIDER ?? (e.ANTHROPIC_API_KEY ? 'anthropic' : 'offline');
  const model = e.LLM_MODEL ?? DEFAULT_MODELS[provider];
  const missing = (name: string) =>
    new ConfigError(`Invalid configuration:\n  ${name}: required when LLM_PROVIDER=${provider}`);
  if (provider === 'anthropic' && !e.ANTHROPIC_API_KEY) throw missing('ANTHROPIC_API_KEY');
  if (provider === 'openai' && !e.OPENAI_API_KEY) throw missing('OPENAI_API_KEY');
  if (provider === 'openai-compatible' && !e.OPENAI_BASE_URL) throw missing('OPENAI_BASE_URL');
  if (provider === 'openai-compatible' && !e.LLM_MODEL) throw missing('LLM_MODEL');
  return {
    provider,
    model,
    temperature: e.LLM_TEMPERATURE,
    maxTokens: e.LLM_MAX_TOKENS,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    timeoutMs: e.LLM_TIMEOUT_MS,
    streamIdleMs: e.LLM_STREAM_IDLE_MS,
    maxRetries: e.LLM_MAX_RETRIES,
    retryBaseMs: e.LLM_RETRY_BASE_MS,
    retryMaxDelayMs: e.LLM_RETRY_MAX_DELAY_MS,
    breakerThreshold: e.LLM_BREAKER_THRESHOLD,
    breakerHalfOpenMs: e.LLM_BREAKER_HALF_OPEN_MS,
    historyTurns: e.LLM_HISTORY_TURNS,
    promptCache: e.LLM_PROMPT_CACHE,
    fallback: e.LLM_FALLBACK,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Merely unusual settings start the process, and the entry point logs why they are ignored.
  const warnings: string[] = [];
  let adminToken = e.ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < ADMIN_TOKEN_MIN_LENGTH) {
    warnings.push(
      `ADMIN_TOKEN: shorter than ${ADMIN_TOKEN_MIN_LENGTH} characters, so /api/analytics and the admin page stay disabled; set a longer one to enable them`,
    );
    adminToken = undefined;
  }
  const heapWarning = heapCapWarning(e.MEMORY_BUDGET_MB);
  if (heapWarning) warnings.push(heapWarning);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    maxMessageChars: e.MAX_MESSAGE_CHARS,
    trustProxy: trustProxy(e.TRUST_PROXY),
    corsOrigins: list(e.CORS_ORIGINS),
    adminToken,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    playtestQueueMax: e.PLAYTEST_QUEUE_MAX,
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT,
    memoryBudgetMb: e.MEMORY_BUDGET_MB,
    gameTtlMs: e.GAME_TTL_DAYS * 86_400_000,
    transcriptTtlMs: e.TRANSCRIPT_TTL_DAYS * 86_400_000,
    sessionGameTtlMs: e.SESSION_GAME_TTL_DAYS * 86_400_000,
    workerConcurrency: e.WORKER_CONCURRENCY,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    sessionCacheTtlSeconds: e.SESSION_CACHE_TTL_SECONDS,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    cleanupIntervalMs: e.CLEANUP_INTERVAL_MINUTES * 60_000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobsInProcess: e.JOBS_IN_PROCESS,
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    scrubSecret: e.SCRUB_SECRET,
    llm: llmConfig(e),
    version: VERSION,
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    metrics: {
      token: e.METRICS_TOKEN,
      port: e.METRICS_PORT,
      workerPort: e.WORKER_METRICS_PORT,
      refreshMs: e.METRICS_REFRESH_SECONDS * 1000,
    },
    // LANGSMITH_* names win; the older LANGCHAIN_* ones are accepted as LangChain documents them.
    langsmith: {
      enabled: e.LANGSMITH_TRACING ?? e.LANGCHAIN_TRACING_V2 ?? false,
      apiKey: e.LANGSMITH_API_KEY ?? e.LANGCHAIN_API_KEY,
      endpoint: e.LANGSMITH_ENDPOINT ?? e.LANGCHAIN_ENDPOINT ?? 'https://api.smith.langchain.com',
      project: e.LANGSMITH_PROJECT ?? e.LANGCHAIN_PROJECT ?? 'the-game-maker',
    },
    warnings,
  };
}

/** For entry points: the config, or a clear message naming the bad variable and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}
