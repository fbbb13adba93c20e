import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../../observability/metrics.js';

/**
 * Errors counted by our error code, as `sendError` recorded it on the reply where the error was
 * made (`reply.errorCode`): the payload is never read back.
 */
async function errorMetrics(app: FastifyInstance, opts: { metrics: Metrics }) {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.errorCode) opts.metrics.errors.inc({ error_type: reply.errorCode });
    return payload;
  });
}

export const errorMetricsPlugin = fp(errorMetrics, { name: 'gm-error-metrics' });
