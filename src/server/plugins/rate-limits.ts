import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RateLimitedError } from '../../cache/rate-limit-store.js';

/** Routes every client may call as often as it likes: probes (a balancer polls them) and nothing else. */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/api/health', '/api/ready']);

/**
 * Whether a request counts against the per-IP limit, decided on the route Fastify matched (its
 * pattern, e.g. `/api/games/:game_id`), never on the request target as sent. The router decodes
 * `/%61pi/games` and strips `http://host` from an absolute-form target before matching, so a test
 * on the raw URL let both reach the API handlers unlimited. Unmatched requests have no handler to
 * reach; the static page, its assets and the API docs are files.
 */
export function isLimitedRoute(route: string | undefined): boolean {
  if (route === undefined) return false;
  if (UNLIMITED_ROUTES.has(route)) return false;
  return route.startsWith('/api/') || route === '/metrics';
}

const routeOf = (req: FastifyRequest) => req.routeOptions.url;

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** The Redis-backed store class (src/cache/rate-limit-store.ts); in-process when not given. */
  store?: unknown;
}

/** Per client IP (IPv6 per /64; behind a proxy with TRUST_PROXY), counted in Redis across instances. */
async function rateLimits(app: FastifyInstance, opts: RateLimitOptions) {
  await app.register(fastifyRateLimit, {
    max: opts.max,
    timeWindow: opts.windowMs,
    ...(opts.store ? { store: opts.store as never } : {}),
    // One client on one /64 gets one allowance: an IPv6 host usually owns the whole /64.
    ipv6Subnet: 64,
    // /metrics is counted too: anyone who can reach it can make the app render every metric.
    allowList: (req) => !isLimitedRoute(routeOf(req)),
    errorResponseBuilder: (_req, ctx) => new RateLimitedError(ctx.ttl),
  });
}

/** Registered unencapsulated, so its hooks reach every route registered after it. */
export const rateLimitsPlugin = fp(rateLimits, { name: 'gm-rate-limits' });
