import { type Repository, type StoredSession, VersionConflictError } from './repository.js';

/**
 * Session rows remembered in front of a repository that has exactly one writer: the embedded
 * PGlite, whose data directory only this process opens (src/store/pglite-worker.ts). Every write
 * goes through here, so what is remembered is what is stored, and a message's session read costs
 * no query. PostgreSQL, shared by instances, never gets this: there Redis is the cache.
 *
 * - Write-through: an entry is replaced only by the row a write returned, and only by a newer
 *   version, so concurrent writes cannot leave an older row behind.
 * - A write naming a version older than the remembered one cannot win (the database would refuse
 *   it too): it fails with VersionConflictError without a query.
 * - Deletions forget their sessions; a method this file does not know might change sessions, so
 *   after one the whole memo is dropped. Expired sessions are never answered, as in the database.
 * - Bounded: least recently used entries are dropped past `maxEntries`.
 */

/** Methods that never change a session row (they may write messages or games). */
const LEAVES_SESSIONS_ALONE = new Set([
  'getSession',
  'appendMessages',
  'listMessages',
  'saveGame',
  'getGame',
  'latestGameForSession',
  'sessionSummary',
  'countActiveSessions',
  'usageFigures',
  'deleteOpenGame',
  'deleteExpiredOpenGames',
  'ping',
  'close',
]);

export function memoSessions(repo: Repository, opts: { maxEntries?: number } = {}): Repository {
  const maxEntries = opts.maxEntries ?? 5_000;
  const memo = new Map<string, StoredSession>();
  // Bumped by every deletion: a read or write that was in flight meanwhile may carry a row that
  // no longer exists, and must not bring it back.
  let epoch = 0;
  const forget = (id?: string) => {
    epoch++;
    if (id === undefined) memo.clear();
    else memo.delete(id);
  };

  const remember = (s: StoredSession, since: number) => {
    if (since !== epoch) {
      // Something was deleted meanwhile: this row may be one of them. Ask the database next time.
      memo.delete(s.id);
      return;
    }
    const known = memo.get(s.id);
    if (known && known.version > s.version) return;
    memo.delete(s.id);
    memo.set(s.id, s);
    if (memo.size > maxEntries) memo.delete(memo.keys().next().value as string);
  };
  const live = (s: StoredSession) => s.expiresAt === null || s.expiresAt.getTime() > Date.now();

  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repo as unknown as Record<string, unknown>)) {
    if (typeof fn !== 'function') continue;
    const call = fn as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = LEAVES_SESSIONS_ALONE.has(name)
      ? call
      : async (...args: unknown[]) => {
          try {
            return await call(...args);
          } finally {
            forget();
          }
        };
  }

  const own: Partial<Repository> = {
    async getSession(id) {
      const known = memo.get(id);
      if (known) {
        if (live(known)) {
          // Most recently used last: the bound drops the idlest.
          memo.delete(id);
          memo.set(id, known);
          return known;
        }
        memo.delete(id);
        return null;
      }
      const since = epoch;
      const s = await repo.getSession(id);
      if (s) remember(s, since);
      return s;
    },

    async createSession(id, state, expiresAt, messages) {
      const since = epoch;
      const s = await repo.createSession(id, state, expiresAt, messages);
      remember(s, since);
      return s;
    },

    async saveSession(id, state, expectedVersion, messages, expiresAt) {
      const known = memo.get(id);
      if (known && known.version > expectedVersion) throw new VersionConflictError(id);
      const since = epoch;
      try {
        const s = await repo.saveSession(id, state, expectedVersion, messages, expiresAt);
        remember(s, since);
        return s;
      } catch (e) {
        // Whatever the database holds now, it is not what a failed write would have left.
        forget(id);
        throw e;
      }
    },

    async saveSessionWithGame(id, state, expectedVersion, messages, expiresAt, game) {
      const known = memo.get(id);
      if (known && known.version > expectedVersion) throw new VersionConflictError(id);
      const since = epoch;
      try {
        const saved = await repo.saveSessionWithGame(id, state, expectedVersion, messages, expiresAt, game);
        remember(saved.session, since);
        return saved;
      } catch (e) {
        forget(id);
        throw e;
      }
    },

    async deleteSession(id) {
      forget(id);
      try {
        return await repo.deleteSession(id);
      } finally {
        forget(id);
      }
    },
  };
  return { ...wrapped, ...own } as unknown as Repository;
}
