import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration object, parsed from the environment at start. A bad value stops the
 * process with a message that names the variable, rather than failing later at a distance.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An empty variable (`ANTHROPIC_API_KEY=`) means unset, as shells and .env files write it. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Idle time after which a session expires (hours). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(10).max(20_000).default(2000),
  TRUST_PROXY: bool.default(false),
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
  /** How long a /api/message waits for its generation job. */
  JOB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** The agents' model; unset means anthropic when ANTHROPIC_API_KEY is set, else offline. */
  LLM_PROVIDER: optional(z.enum(['anthropic', 'openai', 'openai-compatible', 'offline'])),
  LLM_MODEL: optional(z.string().min(1).max(200)),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.7),
  LLM_MAX_TOKENS: z.coerce.number().int().min(64).max(16_384).default(1_500),
  ANTHROPIC_API_KEY: optional(z.string().min(1)),
  ANTHROPIC_BASE_URL: optional(z.string().url()),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(z.string().url()),
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
  /** false: a model outage answers 503/429 instead of switching to the offline brain. */
  LLM_FALLBACK: bool.default(true),
  /** OpenTelemetry: the OTLP/HTTP collector's base URL; unset = no traces exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.string().url()),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default('the-game-maker'),
});

export type Env = z.infer<typeof EnvSchema>;

export type LlmProvider = 'anthropic' | 'openai' | 'openai-compatible' | 'offline';

/** The agents' model settings. Keys are only ever handed to the SDK, never logged. */
export interface LlmConfig {
  provider: LlmProvider;
  model: string;
  temperature: number;
  maxTokens: number;
  anthropicApiKey: string | undefined;
  anthropicBaseUrl: string | undefined;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  timeoutMs: number;
  streamIdleMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  historyTurns: number;
  fallback: boolean;
}

export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4.1-mini',
  'openai-compatible': '',
  offline: 'offline',
};

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  sessionTtlMs: number;
  maxMessageChars: number;
  trustProxy: boolean;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  sessionCacheTtlSeconds: number;
  redisCommandTimeoutMs: number;
  rateLimit: { max: number; windowMs: number };
  cleanupIntervalMs: number;
  shutdownTimeoutMs: number;
  jobsInProcess: boolean;
  jobTimeoutMs: number;
  llm: LlmConfig;
  version: string;
  tracing: { endpoint: string | undefined; serviceName: string };
}

export class ConfigError extends Error {}

function llmConfig(e: Env): LlmConfig {
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
    fallback: e.LLM_FALLBACK,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    maxMessageChars: e.MAX_MESSAGE_CHARS,
    trustProxy: e.TRUST_PROXY,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    sessionCacheTtlSeconds: e.SESSION_CACHE_TTL_SECONDS,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    cleanupIntervalMs: e.CLEANUP_INTERVAL_MINUTES * 60_000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobsInProcess: e.JOBS_IN_PROCESS,
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    llm: llmConfig(e),
    version: '2.0.0',
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
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
