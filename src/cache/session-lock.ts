import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisHealth } from './redis-health.js';

/**
 * "One message at a time per session", across instances. `acquire` returns a release function, or
 * null when another request holds the session. The version column remains the final guard: a lock
 * lost to an outage or an expiry can at worst cause a version conflict, never a lost update.
 */
export interface SessionLock {
  /**
   * Sends its request to Redis (if any) before it returns, so a command issued right after it on
   * the same connection (the session read) reaches Redis after it, in the same write.
   */
  acquire(sessionId: string): Promise<(() => Promise<void>) | null>;
}

/** The in-process half: taken or refused at once, without waiting. */
function localLocks() {
  const busy = new Set<string>();
  return {
    tryAcquire(id: string): (() => void) | null {
      if (busy.has(id)) return null;
      busy.add(id);
      return () => {
        busy.delete(id);
      };
    },
  };
}

export function createLocalSessionLock(): SessionLock {
  const local = localLocks();
  return {
    async acquire(id) {
      const release = local.tryAcquire(id);
      return release ? async () => release() : null;
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
  const local = localLocks();
  const key = (id: string) => `${opts.prefix ?? 'gm:'}lock:${id}`;
  // EVALSHA after the first call: the scripts are not re-sent with every message.
  if (!('gmLockRelease' in redis)) {
    redis.defineCommand('gmLockRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('gmLockExtend', { numberOfKeys: 1, lua: EXTEND });
  }
  const scripts = redis as unknown as {
    gmLockRelease(key: string, token: string): Promise<number>;
    gmLockExtend(key: string, token: string, ms: number): Promise<number>;
  };
  /**
   * Deletes the lock by its token. Behind an open breaker it is sent but not waited for: a hung
   * Redis runs it when it wakes (so the lock does not outlive its turn there), and the turn does
   * not wait out a command timeout for it.
   */
  const releaseRemote = async (id: string, token: string) => {
    const sent = scripts.gmLockRelease(key(id), token);
    if (health.isDown) {
      sent.catch(() => {});
      return;
    }
    await sent.catch((e) => health.failed('unlock', e));
  };
  return {
    async acquire(id) {
      // Nothing is awaited before the SET: it goes out in this call (see SessionLock).
      const releaseLocal = local.tryAcquire(id);
      if (!releaseLocal) return null;
      const token = randomBytes(12).toString('hex');
      const got = await health.attempt<boolean | 'degraded'>(
        'lock',
        async () => (await redis.set(key(id), token, 'PX', leaseMs, 'NX')) === 'OK',
        () => 'degraded' as const,
      );
      if (got === false) {
        releaseLocal();
        return null;
      }
      if (got === 'degraded') {
        // The SET may still have reached Redis (a timeout, not a refusal): delete it by token
        // afterwards, or the session would stay locked for other instances until the lease ends.
        return async () => {
          releaseLocal();
          await releaseRemote(id, token);
        };
      }
      const renew = setInterval(() => {
        void health.whenUp('lock_renew', () => scripts.gmLockExtend(key(id), token, leaseMs));
      }, leaseMs / 3);
      renew.unref();
      return async () => {
        clearInterval(renew);
        releaseLocal();
        await releaseRemote(id, token);
      };
    },
  };
}
