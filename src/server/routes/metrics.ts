import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.js';
import { metricsAuthorized } from '../../observability/metrics-auth.js';

/**
 * GET /metrics on the app's port (when METRICS_PORT does not move it elsewhere): behind
 * METRICS_TOKEN when set, rate-limited like the API (app.ts), answered from memory: the gauges that
 * need the database or Redis are cached and refreshed in the background.
 */
export async function metricsRoutes(
  app: FastifyInstance,
  opts: { metrics: Metrics; token: string | undefined },
) {
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsAuthorized(opts.token, req.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer');
      return reply.status(401).type('text/plain').send('unauthorized\n');
    }
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
}
