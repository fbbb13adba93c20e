import type { IncomingMessage, Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * When a stopping instance may close its listener and its idle connections: once the load balancer
 * has let go of it. From SIGTERM on, every new request is answered 503 `shutting_down` at once and
 * GET /api/ready says `draining` (src/server/app.ts), but a balancer keeps sending requests until
 * its health check has failed enough times (HAProxy: `fall 2`, deploy/haproxy.cfg), and a balancer
 * that pools connections sends them on idle keep-alive connections it already holds, not new ones.
 * Closing an idle connection just as the balancer sends a child's message on it resets that
 * message (measured: HAProxy answered 502 or reset the child's connection, 9 messages in one
 * rolling restart, when this waited only for new connections to stop).
 *
 * So the instance waits until (a) no request other than a readiness check came for `quietMs`,
 * and (b) if a balancer was checking readiness before the drain, it has been told `draining`
 * `checks` times since. Bounded by `maxMs`, for balancers that never stop.
 */

export interface BalancerWatch {
  /** Call at SIGTERM, after `app.drain()`: resolves when closing is safe (or at `maxMs`). */
  letGo(opts: { quietMs: number; maxMs: number; checks?: number }): Promise<void>;
}

export function watchBalancer(server: Server, readyPath = '/api/ready'): BalancerWatch {
  let lastRequest = Number.NEGATIVE_INFINITY;
  let lastCheck = Number.NEGATIVE_INFINITY;
  let checksSinceDrain = 0;
  let draining = false;
  const onRequest = (req: IncomingMessage) => {
    const now = performance.now();
    if (req.method === 'GET' && req.url === readyPath) {
      lastCheck = now;
      if (draining) checksSinceDrain++;
    } else {
      lastRequest = now;
    }
  };
  // A connection accepted but whose request has not been parsed yet counts as traffic too: its
  // request is on its way.
  const onConnection = () => {
    lastRequest = performance.now();
  };
  server.on('request', onRequest);
  server.on('connection', onConnection);

  return {
    letGo({ quietMs, maxMs, checks = 2 }) {
      draining = true;
      const start = performance.now();
      // A balancer checking readiness: one did in the last few seconds (HAProxy: every 0.5 s).
      const checked = start - lastCheck < 5_000;
      return new Promise((resolve) => {
        const done = () => {
          clearInterval(poll);
          server.off('request', onRequest);
          server.off('connection', onConnection);
          resolve();
        };
        const settled = () =>
          performance.now() - lastRequest >= quietMs && (!checked || checksSinceDrain >= checks);
        // The verdict waits for the loop's next poll (setImmediate): on a busy loop the timer can
        // fall due before the loop has accepted the connections waiting in the backlog.
        const poll = setInterval(() => {
          if (performance.now() - start >= maxMs) return done();
          if (settled()) setImmediate(() => settled() && done());
        }, 25);
      });
    },
  };
}
