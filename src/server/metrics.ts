import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The app's Prometheus metrics, on a registry of its own so tests can build many apps. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sessionsStarted: new Counter({
      name: 'gamemaker_sessions_started_total',
      help: 'Sessions started',
      registers: [registry],
    }),
    messages: new Counter({
      name: 'gamemaker_messages_total',
      help: 'Child messages answered, by phase after the turn and by the agent that answered last',
      labelNames: ['phase', 'agent'] as const,
      registers: [registry],
    }),
    games: new Counter({
      name: 'gamemaker_games_created_total',
      help: 'Games created, by game type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'gamemaker_errors_total',
      help: 'Error responses, by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    messageSeconds: new Histogram({
      name: 'gamemaker_message_duration_seconds',
      help: 'Time to answer one child message (graph run), in seconds',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    httpSeconds: new Histogram({
      name: 'gamemaker_http_request_duration_seconds',
      help: 'HTTP request duration, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    modelCallSeconds: new Histogram({
      name: 'gamemaker_model_call_duration_seconds',
      help: 'One agent turn with the model (retries included), by agent and outcome',
      labelNames: ['agent', 'outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers: [registry],
    }),
    modelCircuitOpen: new Gauge({
      name: 'gamemaker_model_circuit_open',
      help: '1 while the model provider circuit is open (the offline brain answers), else 0',
      registers: [registry],
    }),
    activeSessions: new Gauge({
      name: 'gamemaker_active_sessions',
      help: 'Sessions that received a message in the last 30 minutes (this instance)',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
