import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Metrics } from '../../observability/metrics.js';
import { diskProbe, embeddedDataDir, publicStorage } from '../../store/disk-space.js';
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

const diskSchema = z.object({ free_mb: z.number(), status: z.enum(['ok', 'low', 'full']) });

export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();
  const database = databaseProbe(() => opts.repo.ping());
  const dataDir = embeddedDataDir(opts.storage);
  const disk = dataDir ? diskProbe(dataDir) : async () => null;

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
      // The kind of storage only: the data directory's path is nobody's business outside.
      storage: publicStorage(opts.storage),
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
          200: z.object({
            status: z.literal('ready'),
            database: z.literal('ok'),
            disk: diskSchema.optional(),
          }),
          503: z.object({
            status: z.enum(['starting', 'draining', 'unavailable', 'disk_full']),
            database: z.enum(['unchecked', 'down', 'ok']),
            disk: diskSchema.optional(),
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
      if (!(await database()))
        return reply.status(503).send({ status: 'unavailable' as const, database: 'down' as const });
      // Embedded storage: free space in DATA_DIR, and no children sent while it is all but full.
      const space = await disk();
      const shown = space ? { disk: space } : {};
      if (space?.status === 'full') {
        reply.header('retry-after', '30');
        return reply.status(503).send({ status: 'disk_full' as const, database: 'ok' as const, ...shown });
      }
      return { status: 'ready' as const, database: 'ok' as const, ...shown };
    },
  );
}

/**
 * Whether the database answers, for readiness. A balancer checks every instance every half second:
 * a ping each time would queue behind children's queries when the pool is busy, and a busy instance
 * whose check times out is taken out of the balancer, which then overloads the other one (measured:
 * while one instance restarted, the other's check waited 5 s behind a full pool and HAProxy was left
 * with no server). So: a verdict younger than `freshMs` is reused; an older `ok` is answered at once
 * while a new ping runs in the background (an error turns it `down`, as does a ping still unanswered
 * after `hungMs`); without a verdict, or after `down`, the check waits for the ping.
 */
export function databaseProbe(ping: () => Promise<void>, freshMs = 1_000, hungMs = 10_000) {
  let verdict: { ok: boolean; at: number } | null = null;
  let pinging: { since: number; done: Promise<boolean> } | null = null;
  const refresh = () => {
    if (!pinging) {
      const since = Date.now();
      const done = ping().then(
        () => true,
        () => false,
      );
      pinging = { since, done };
      void done.then((ok) => {
        verdict = { ok, at: Date.now() };
        pinging = null;
      });
    }
    return pinging;
  };
  return async (): Promise<boolean> => {
    if (verdict && Date.now() - verdict.at < freshMs) return verdict.ok;
    const p = refresh();
    if (verdict?.ok) return Date.now() - p.since < hungMs;
    return p.done;
  };
}
