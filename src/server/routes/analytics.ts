import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createAnalyticsService } from '../../analytics/report.js';
import { AnalyticsReportSchema } from '../../contract/analytics-report.js';
import { ErrorBody } from '../../contract/schemas.js';
import type { Repository } from '../../store/repository.js';
import { sendError } from '../errors.js';

export interface AnalyticsRoutesOptions {
  repo: Repository;
  /** ADMIN_TOKEN; unset turns analytics off (the route answers 404). */
  adminToken: string | undefined;
  /** Token checks per client per minute: guessing ADMIN_TOKEN must be slow whatever the global limit. */
  checksPerMinute?: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether the request carries `Authorization: Bearer <token>`. Both sides are hashed first so the
 * comparison is constant-time over equal-length buffers and leaks neither the token nor its length.
 */
export function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const presented = digest(m?.[1] ?? '');
  // Hash compared even without a token, so a missing header takes the same path as a wrong one.
  return timingSafeEqual(presented, expected) && m !== null;
}

/** Operators' usage figures: aggregates only, behind the admin token. */
export async function analyticsRoutes(app: FastifyInstance, opts: AnalyticsRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const analytics = createAnalyticsService(opts.repo);
  const expected = opts.adminToken ? digest(opts.adminToken) : null;

  r.get(
    '/api/analytics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Usage aggregates (no messages, no ids); needs Authorization: Bearer <ADMIN_TOKEN>',
        response: { 200: AnalyticsReportSchema, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
      // Counted apart from (and far below) the global limit: the admin page asks once per visit.
      config: { rateLimit: { max: opts.checksPerMinute ?? 30, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      if (!expected) return sendError(reply, 'not_found', 'Analytics is turned off (no ADMIN_TOKEN is set).');
      if (!bearerMatches(req.headers.authorization, expected)) {
        reply.header('www-authenticate', 'Bearer');
        return sendError(reply, 'unauthorized');
      }
      return analytics.report();
    },
  );
}
