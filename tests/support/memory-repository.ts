import type { GameSpec } from '../../src/games/spec.js';
import type {
  NewMessage,
  Repository,
  StoredGame,
  StoredMessage,
  StoredSession,
} from '../../src/store/repository.js';
import { VersionConflictError } from '../../src/store/repository.js';

/**
 * A Map-backed Repository for fast route and browser tests of the games domain. The same tests
 * also run against the real store through the app (see tests/support/app.ts).
 */
export function createMemoryRepository(): Repository {
  const sessions = new Map<string, StoredSession>();
  const messages = new Map<string, StoredMessage[]>();
  const games = new Map<string, StoredGame>();

  const append = (sessionId: string, list: NewMessage[]) => {
    const all = messages.get(sessionId) ?? [];
    for (const m of list) all.push({ ...m, sessionId, seq: all.length + 1, createdAt: new Date() });
    messages.set(sessionId, all);
  };

  return {
    async createSession(id, state, expiresAt) {
      const now = new Date();
      const s: StoredSession = {
        id,
        state,
        phase: state.phase,
        version: 1,
        createdAt: now,
        updatedAt: now,
        expiresAt,
      };
      sessions.set(id, s);
      return s;
    },
    async getSession(id) {
      return sessions.get(id) ?? null;
    },
    async saveSession(id, state, expectedVersion, list, expiresAt) {
      const s = sessions.get(id);
      if (!s || s.version !== expectedVersion) throw new VersionConflictError(id);
      const next: StoredSession = {
        ...s,
        state,
        phase: state.phase,
        version: s.version + 1,
        updatedAt: new Date(),
        expiresAt,
      };
      sessions.set(id, next);
      append(id, list);
      return next;
    },
    async appendMessages(sessionId, list) {
      append(sessionId, list);
    },
    async listMessages(sessionId) {
      return messages.get(sessionId) ?? [];
    },
    async saveGame(game: { id: string; sessionId: string | null; spec: GameSpec }) {
      const version =
        [...games.values()].filter((g) => g.sessionId !== null && g.sessionId === game.sessionId).length + 1;
      const stored: StoredGame = {
        ...game,
        type: game.spec.type,
        bookTitle: game.spec.book.title,
        version,
        createdAt: new Date(),
      };
      games.set(game.id, stored);
      return stored;
    },
    async getGame(id) {
      return games.get(id) ?? null;
    },
    async latestGameForSession(sessionId) {
      const mine = [...games.values()].filter((g) => g.sessionId === sessionId);
      return mine.at(-1) ?? null;
    },
    async deleteExpired(now, limit = 1000) {
      let n = 0;
      for (const [id, s] of sessions) {
        if (n >= limit) break;
        const hasGame = [...games.values()].some((g) => g.sessionId === id);
        if (s.expiresAt && s.expiresAt <= now && !hasGame) {
          sessions.delete(id);
          messages.delete(id);
          n++;
        }
      }
      return n;
    },
    async deleteSession(id) {
      for (const [gameId, g] of games) if (g.sessionId === id) games.delete(gameId);
      messages.delete(id);
      return sessions.delete(id);
    },
    async countActiveSessions(since) {
      return [...sessions.values()].filter((s) => s.updatedAt > since).length;
    },
    async ping() {},
    async close() {},
  };
}
