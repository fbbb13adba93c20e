import type { Redis } from 'ioredis';
import type { Repository, StoredSession } from '../store/repository.js';
import { VersionConflictError } from '../store/repository.js';
import type { ScaleMetrics } from './metrics.js';
import type { RedisHealth } from './redis-health.js';

/**
 * The session cache: a Repository decorator that keeps session state in Redis (TTL, default 2 h)
 * in front of the database, which stays the source of truth.
 *
 * - Writes go to the database first, then refresh the cache entry (write-through).
 * - Entries carry their version and are only ever replaced by an equal or newer version (a Lua
 *   compare-and-set), so a slow reader refilling the cache cannot overwrite a newer write.
 * - A version conflict refreshes the entry from the database: whoever lost may have read a stale
 *   entry.
 * - When Redis fails or is slow, every call falls through to the database. Writes that could not
 *   reach Redis meanwhile leave entries that may be stale, so the end of an outage purges the
 *   cache; it refills on the next reads.
 */

const SET_IF_NEWER = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)|'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
return 1
`;

export interface SessionCacheOptions {
  ttlSeconds: number;
  /** Key prefix; lets tests and several deployments share one Redis. */
  prefix?: string;
}

export function createCachedRepository(
  repo: Repository,
  redis: Redis,
  health: RedisHealth,
  metrics: ScaleMetrics,
  opts: SessionCacheOptions,
): Repository {
  const prefix = `${opts.prefix ?? 'gm:'}session:`;
  const key = (id: string) => prefix + id;
  // EVALSHA after the first call: the script is not re-sent with every write.
  if (!('gmSetIfNewer' in redis)) redis.defineCommand('gmSetIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
  const setIfNewer = (k: string, version: number, value: string, ttl: number) =>
    (redis as unknown as { gmSetIfNewer: (...a: unknown[]) => Promise<number> }).gmSetIfNewer(
      k,
      version,
      value,
      ttl,
    );
  // Sessions whose write could not refresh Redis: their entries there may be older than the
  // database. Bounded; past the bound the whole cache is purged instead.
  const suspects = new Set<string>();
  let overflow = false;
  const suspect = (id: string) => {
    if (suspects.size >= 10_000) overflow = true;
    else suspects.add(id);
  };

  const encode = (s: StoredSession) => JSON.stringify(s);
  const decode = (raw: string): StoredSession | null => {
    const bar = raw.indexOf('|');
    if (bar < 0) return null;
    const o = JSON.parse(raw.slice(bar + 1)) as StoredSession & Record<string, string | null>;
    return {
      ...o,
      createdAt: new Date(o.createdAt),
      updatedAt: new Date(o.updatedAt),
      expiresAt: o.expiresAt === null ? null : new Date(o.expiresAt),
    };
  };

  async function store(s: StoredSession, op: string): Promise<void> {
    await health.attempt(
      op,
      async () => {
        await setIfNewer(key(s.id), s.version, encode(s), opts.ttlSeconds);
      },
      () => suspect(s.id),
    );
  }

  /**
   * Whoever lost a version conflict read a stale entry: replace it with the database's row. (A DEL
   * instead would open a window in which a slow reader refills the entry with an older version.)
   */
  async function refresh(id: string): Promise<void> {
    const s = await repo.getSession(id).catch(() => null);
    if (s) await store(s, 'cache_set');
  }

  /**
   * After an outage: drop the entries of sessions written meanwhile (or every session entry, by
   * SCAN, if there were too many to remember). A brief Redis hiccup thus costs a few misses, not
   * the whole cache; and any staleness left over is healed by the conflict refresh below.
   */
  async function purge(): Promise<void> {
    if (suspects.size === 0 && !overflow) return;
    const ids = [...suspects];
    const all = overflow;
    suspects.clear();
    overflow = false;
    try {
      if (!all) {
        for (let i = 0; i < ids.length; i += 500) await redis.del(...ids.slice(i, i + 500).map(key));
        return;
      }
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } catch (e) {
      // Try again at the end of the next outage; meanwhile conflicts refresh stale entries one by one.
      for (const id of ids) suspect(id);
      overflow ||= all;
      health.failed('cache_purge', e);
    }
  }
  health.onRecovery(() => void purge());

  return {
    appendMessages: (sessionId, messages) => repo.appendMessages(sessionId, messages),
    listMessages: (sessionId) => repo.listMessages(sessionId),
    saveGame: (game) => repo.saveGame(game),
    getGame: (id) => repo.getGame(id),
    latestGameForSession: (sessionId) => repo.latestGameForSession(sessionId),
    sessionSummary: (sessionId) => repo.sessionSummary(sessionId),
    // Expired entries are already ignored on read; they age out of Redis with their TTL.
    deleteExpired: (now, limit) => repo.deleteExpired(now, limit),
    deleteOldTranscripts: (before, limit) => repo.deleteOldTranscripts(before, limit),
    deleteOldGameSessions: (before, limit) => repo.deleteOldGameSessions(before, limit),
    deleteOpenGame: (id, tokenHash) => repo.deleteOpenGame(id, tokenHash),
    deleteExpiredOpenGames: (before, limit) => repo.deleteExpiredOpenGames(before, limit),
    countActiveSessions: (since) => repo.countActiveSessions(since),
    usageFigures: (opts) => repo.usageFigures(opts),
    ping: () => repo.ping(),

    async deleteSession(id) {
      const deleted = await repo.deleteSession(id);
      // If Redis cannot forget it now, the entry is purged when Redis is back.
      await health.attempt(
        'cache_del',
        async () => {
          await redis.del(key(id));
        },
        () => suspect(id),
      );
      return deleted;
    },

    async createSession(id, state, expiresAt, messages) {
      const s = await repo.createSession(id, state, expiresAt, messages);
      await store(s, 'cache_set');
      return s;
    },

    async getSession(id) {
      let redisFailed = false;
      const cached = await health.attempt(
        'cache_get',
        () => redis.get(key(id)),
        () => {
          redisFailed = true;
          return null;
        },
      );
      if (cached) {
        const s = decode(cached);
        if (s && (s.expiresAt === null || s.expiresAt.getTime() > Date.now())) {
          metrics.cacheRequests.inc({ result: 'hit' });
          return s;
        }
      }
      metrics.cacheRequests.inc({ result: redisFailed ? 'error' : 'miss' });
      const s = await repo.getSession(id);
      if (s && !redisFailed) await store(s, 'cache_fill');
      return s;
    },

    async saveSession(id, state, expectedVersion, messages, expiresAt) {
      try {
        const s = await repo.saveSession(id, state, expectedVersion, messages, expiresAt);
        await store(s, 'cache_set');
        return s;
      } catch (e) {
        if (e instanceof VersionConflictError) await refresh(id);
        throw e;
      }
    },

    async saveSessionWithGame(id, state, expectedVersion, messages, expiresAt, game) {
      try {
        const saved = await repo.saveSessionWithGame(id, state, expectedVersion, messages, expiresAt, game);
        await store(saved.session, 'cache_set');
        return saved;
      } catch (e) {
        if (e instanceof VersionConflictError) await refresh(id);
        throw e;
      }
    },

    async close() {
      await repo.close();
    },
  };
}
