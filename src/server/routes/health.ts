import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Metrics } from '../../observability/metrics.js';
import type { Repository } from '../../store/repository.js';

export interface HealthOptions {
  repo: Repository;
  metrics: Metrics;
  version: string;
  /** OTEL_SERVICE_NAME: the name operators know this service by. */
  service: string;
  brain: string;
  /** Answered as v1's `ai_model`: the configured model, or `offline`. */
  model: string;
  storage: string;
  /**
   * Where the instance is in its life: `starting` until warmed up (src/server/warm-up.ts),
   * `draining` from SIGTERM on. Only a `ready` instance with its database answers /api/ready 200.
   */
  lifecycle?: () => Lifecycle;
}

export type Lifecycle = 'starting' | 'ready' | 'draining';

export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();

  // Liveness: v1's shape, plus what an operator wants to see at a glance. Never touches the DB.
  r.get(
    '/api/health',
    {
      schema: {
        tags: ['operations'],
        response: {
          200: z.object({
            status: z.literal('healthy'),
            service: z.string(),
            version: z.string(),
            ai_model: z.string(),
            brain: z.string(),
            storage: z.string(),
            timestamp: z.string(),
            uptime_seconds: z.number(),
          }),
        },
      },
    },
    async () => ({
      status: 'healthy' as const,
      service: opts.service,
      version: opts.version,
      ai_model: opts.model,
      brain: opts.brain,
      storage: opts.storage,
      timestamp: new Date().toISOString(),
      uptime_seconds: Math.round((Date.now() - started) / 1000),
    }),
  );

  // Readiness: should a load balancer send this instance children now? Not while it starts (cold
  // code would make the first children wait), not once it drains (SIGTERM: it is about to go, so
  // the balancer takes it out before its listener closes), not without its database.
  r.get(
    '/api/ready',
    {
      schema: {
        tags: ['operations'],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.literal('ok') }),
          503: z.object({
            status: z.enum(['starting', 'draining', 'unavailable']),
            database: z.enum(['unchecked', 'down']),
          }),
        },
      },
    },
    async (_req, reply) => {
      const now = opts.lifecycle?.() ?? 'ready';
      if (now !== 'ready') {
        reply.header('retry-after', '1');
        return reply.status(503).send({ status: now, database: 'unchecked' as const });
      }
      try {
        await opts.repo.ping();
        return { status: 'ready' as const, database: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: 'down' as const });
      }
    },
  );
}
