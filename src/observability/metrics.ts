import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CachedValue } from './cached-value.js';

/**
 * The app's Prometheus metrics. Their names are an interface: the dashboards and alerts in
 * deploy/ are built on them, so a rename is a change there too. Each app gets a registry of its own so tests can build many.
 */
export interface MetricSources {
  /** Sessions active now, cached (never a database query per scrape: see cached-value.ts). */
  activeSessions?: CachedValue<number>;
}

export function createMetrics(sources: MetricSources = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    sessions: new Counter({ name: 'gamemaker_sessions_total', help: 'Sessions started', registers }),
    messages: new Counter({
      name: 'gamemaker_messages_total',
      help: 'Child messages answered, by phase after the turn and by the agent that answered last',
      labelNames: ['phase', 'agent'] as const,
      registers,
    }),
    games: new Counter({
      name: 'gamemaker_games_generated_total',
      help: 'Games generated, by game type',
      labelNames: ['game_type'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'gamemaker_errors_total',
      help: 'Errors by type: the API error codes answered, and model_fallback when the offline brain stood in',
      labelNames: ['error_type'] as const,
      registers,
    }),
    failedStreamTurns: new Counter({
      name: 'gamemaker_stream_turns_failed_total',
      help: 'Streamed child messages that failed on our side after the 200 was sent (a 5xx-kind error event), by error type; alerts add these to 5xx responses',
      labelNames: ['error_type'] as const,
      registers,
    }),
    messageLatency: new Histogram({
      name: 'gamemaker_message_latency_seconds',
      help: 'Time to answer one child message (graph run and storage), by phase before the turn and brain (offline, model: the configured one)',
      labelNames: ['phase', 'brain'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    llmLatency: new Histogram({
      name: 'gamemaker_llm_latency_seconds',
      help: 'One agent turn with the model (retries included), by agent and outcome',
      labelNames: ['agent', 'outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers,
    }),
    llmFirstToken: new Histogram({
      name: 'gamemaker_llm_first_token_seconds',
      help: 'Model time to first token: from sending a request to the first streamed content (text or tool arguments), by agent; one per attempt',
      labelNames: ['agent'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 15, 30],
      registers,
    }),
    httpSeconds: new Histogram({
      name: 'gamemaker_http_request_duration_seconds',
      help: 'HTTP request duration, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    retrievalLatency: new Histogram({
      name: 'gamemaker_retrieval_latency_seconds',
      help: 'One book retrieval (search, identify, game_types), by kind and index (memory, pgvector, titles)',
      labelNames: ['kind', 'index'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    modelCircuitOpen: new Gauge({
      name: 'gamemaker_model_circuit_open',
      help: '1 while the model provider circuit is open (the offline brain answers), else 0',
      registers,
    }),
    modelTokens: new Counter({
      name: 'gamemaker_llm_tokens_total',
      help: 'Model tokens used, by direction (input, output)',
      labelNames: ['direction'] as const,
      registers,
    }),
    llmCost: new Counter({
      name: 'gamemaker_llm_cost_usd_total',
      help: 'Model spend in US dollars at list prices (src/agents/model/cost.ts), from the usage the provider reported, by agent and the phase the turn ran in',
      labelNames: ['agent', 'phase'] as const,
      registers,
    }),
    llmTokensByKind: new Counter({
      name: 'gamemaker_llm_billed_tokens_total',
      help: 'Model tokens by how they are billed (input: uncached input, output, cache_write, cache_read), by agent and phase',
      labelNames: ['agent', 'phase', 'kind'] as const,
      registers,
    }),
    activeSessions: new Gauge({
      name: 'gamemaker_active_sessions',
      help: 'Sessions with a message in the last 15 minutes (from the shared database: the same on every instance)',
      registers,
      // From a cache refreshed in the background: a scrape never waits on (or adds) a COUNT.
      collect() {
        if (sources.activeSessions) this.set(sources.activeSessions.get());
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What "active" means for gamemaker_active_sessions. */
export const ACTIVE_WINDOW_MS = 15 * 60_000;
