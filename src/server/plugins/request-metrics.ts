import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../../observability/metrics.js';

/** Request durations by route pattern (never the raw URL: ids and queries would explode the labels). */
async function requestMetrics(app: FastifyInstance, opts: { metrics: Metrics }) {
  const { metrics } = opts;
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.httpSeconds.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route === '/api/start_session' && reply.statusCode === 200) metrics.sessions.inc();
  });
}

export const requestMetricsPlugin = fp(requestMetrics, { name: 'gm-request-metrics' });
