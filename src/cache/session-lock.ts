import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisHealth } from './redis-health.js';

/**
 * "One message at a time per session", across instances. `acquire` returns a release function, or
 * null when another request holds the session. The version column remains the final guard: a lock
 * lost to an outage or an expiry can at worst cause a version conflict, never a lost update.
 */
export interface SessionLock {
  acquire(sessionId: string): Promise<(() => Promise<void>) | null>;
}

export function createLocalSessionLock(): SessionLock {
  const busy = new Set<string>();
  return {
    async acquire(id) {
      if (busy.has(id)) return null;
      busy.add(id);
      return async () => {
        busy.delete(id);
      };
    },
  };
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * Redis `SET NX PX` with a short lease that is renewed while the turn runs, so a crashed instance
 * blocks its session for at most one lease. If Redis fails, the in-process lock alone applies.
 */
export function createRedisSessionLock(
  redis: Redis,
  health: RedisHealth,
  opts: { leaseMs?: number; prefix?: string } = {},
): SessionLock {
  const leaseMs = opts.leaseMs ?? 10_000;
  const local = createLocalSessionLock();
  const key = (id: string) => `${opts.prefix ?? 'gm:'}lock:${id}`;
  return {
    async acquire(id) {
      const releaseLocal = await local.acquire(id);
      if (!releaseLocal) return null;
      const token = randomBytes(12).toString('hex');
      const got = await health.attempt<boolean | 'degraded'>(
        'lock',
        async () => (await redis.set(key(id), token, 'PX', leaseMs, 'NX')) === 'OK',
        () => 'degraded' as const,
      );
      if (got === false) {
        await releaseLocal();
        return null;
      }
      if (got === 'degraded') {
        // The SET may still have reached Redis (a timeout, not a refusal): delete it by token
        // afterwards, or the session would stay locked for other instances until the lease ends.
        return async () => {
          await releaseLocal();
          await redis.eval(RELEASE, 1, key(id), token).catch(() => {});
        };
      }
      const renew = setInterval(() => {
        redis.eval(EXTEND, 1, key(id), token, leaseMs).catch((e) => health.failed('lock_renew', e));
      }, leaseMs / 3);
      renew.unref();
      return async () => {
        clearInterval(renew);
        await releaseLocal();
        await redis.eval(RELEASE, 1, key(id), token).catch((e) => health.failed('unlock', e));
      };
    },
  };
}
