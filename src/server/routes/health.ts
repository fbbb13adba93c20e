import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Repository } from '../../store/repository.js';
import type { Metrics } from '../metrics.js';

export interface HealthOptions {
  repo: Repository;
  metrics: Metrics;
  version: string;
  brain: string;
  storage: string;
}

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
            service: z.literal('the-game-maker'),
            version: z.string(),
            brain: z.string(),
            storage: z.string(),
            uptime_seconds: z.number(),
          }),
        },
      },
    },
    async () => ({
      status: 'healthy' as const,
      service: 'the-game-maker' as const,
      version: opts.version,
      brain: opts.brain,
      storage: opts.storage,
      uptime_seconds: Math.round((Date.now() - started) / 1000),
    }),
  );

  // Readiness: can this instance serve a conversation right now?
  r.get(
    '/api/ready',
    {
      schema: {
        tags: ['operations'],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.literal('ok') }),
          503: z.object({ status: z.literal('unavailable'), database: z.literal('down') }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await opts.repo.ping();
        return { status: 'ready' as const, database: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: 'down' as const });
      }
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
}
