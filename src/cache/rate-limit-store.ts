import type { Redis } from 'ioredis';
import type { RedisHealth } from './redis-health.js';

/**
 * A store for @fastify/rate-limit: counters in Redis (shared by all instances), and in-process
 * counters while Redis is unavailable (per instance: looser, but never an error for the child).
 * Fixed windows: INCR then PEXPIRE on the first hit of a window.
 */

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, res?: Result) => void;

const INCR = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}
`;

class LocalWindows {
  private readonly counters = new Map<string, { count: number; resetAt: number }>();

  incr(key: string, windowMs: number): Result {
    const now = Date.now();
    let c = this.counters.get(key);
    if (!c || c.resetAt <= now) {
      // Bounded memory: forget finished windows when the map grows.
      if (this.counters.size > 10_000) {
        for (const [k, v] of this.counters) if (v.resetAt <= now) this.counters.delete(k);
      }
      c = { count: 0, resetAt: now + windowMs };
      this.counters.set(key, c);
    }
    c.count += 1;
    return { current: c.count, ttl: c.resetAt - now };
  }
}

export function createRateLimitStore(redis: Redis | null, health: RedisHealth | null, prefix = 'gm:') {
  const local = new LocalWindows();
  const key = (k: string) => `${prefix}rl:${k}`;

  // @fastify/rate-limit constructs the store with `new Store(options)` and asks for a child for
  // each route with a limit of its own: that route counts apart from the global limit.
  class Store {
    // The plugin constructs the root store with its options; children get a route's scope.
    private readonly scope: string;
    constructor(scope?: unknown) {
      this.scope = typeof scope === 'string' ? scope : '';
    }

    incr(rawKey: string, cb: Callback, timeWindow: number) {
      const k = `${this.scope}${rawKey}`;
      if (!redis || !health) {
        cb(null, local.incr(k, timeWindow));
        return;
      }
      health
        .attempt(
          'rate_limit',
          async () => {
            const [current, ttl] = (await redis.eval(INCR, 1, key(k), timeWindow)) as [number, number];
            return { current, ttl };
          },
          () => local.incr(k, timeWindow),
        )
        .then((r) => cb(null, r), cb);
    }

    // Called with the route's merged limit options, the route itself under `routeInfo`.
    child(options: unknown) {
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return typeof route?.url === 'string' ? new Store(`${String(route.method ?? '')}${route.url}:`) : this;
    }
  }
  return Store;
}

/** Thrown by the rate limiter; the error handler answers 429 `rate_limited` with a retry hint. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'rate_limited';
  constructor(readonly retryAfterMs: number) {
    super('Too many requests. Please wait a moment and try again.');
    this.name = 'RateLimitedError';
  }
}
