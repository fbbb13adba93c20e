import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../errors.js';
import type { Lifecycle } from '../routes/health.js';

/**
 * `app.drain()` and `app.markReady()`, and the answer to new requests while draining. The state
 * is read by the readiness route through `app.lifecycle()`.
 */
async function lifecycle(app: FastifyInstance, opts: { startNotReady?: boolean }) {
  let state: Lifecycle = opts.startNotReady ? 'starting' : 'ready';
  app.decorate('drain', () => {
    state = 'draining';
  });
  app.decorate('markReady', () => {
    if (state === 'starting') state = 'ready';
  });
  app.decorate('lifecycle', () => state);
  app.addHook('onRequest', async (req, reply) => {
    // Shutting down: a new request is answered at once, so a load balancer retries elsewhere,
    // instead of finding its connection reset when the listener closes. Readiness still answers
    // for itself (503 `draining`), so the balancer's health check says why.
    if (state !== 'draining') return;
    if (req.method === 'GET' && req.routeOptions.url === '/api/ready') return;
    reply.header('retry-after', '2').header('connection', 'close');
    return sendError(reply, 'shutting_down');
  });
}

export const lifecyclePlugin = fp(lifecycle, { name: 'gm-lifecycle' });

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on, answer every new request 503 `shutting_down` (in-flight ones finish). */
    drain(): void;
    /** The instance is warm: GET /api/ready may answer 200 (see `startNotReady`). */
    markReady(): void;
    /** Starting, ready or draining, for the readiness route. */
    lifecycle(): Lifecycle;
  }
}
