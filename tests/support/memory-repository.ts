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
  const tokens = new Map<string, string>();

  const append = (sessionId: string, list: NewMessage[]) => {
    const all = messages.get(sessionId) ?? [];
    for (const m of list) all.push({ ...m, sessionId, seq: all.length + 1, createdAt: new Date() });
    messages.set(sessionId, all);
  };

  return {
    async createSession(id, state, expiresAt, lines = []) {
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
      append(id, lines);
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
    async saveSessionWithGame(id, state, expectedVersion, list, expiresAt, game) {
      // A conflict throws before the game is stored: both or neither, as in the database.
      const session = await this.saveSession(id, state, expectedVersion, list, expiresAt);
      return { session, game: await this.saveGame(game) };
    },
    async appendMessages(sessionId, list) {
      append(sessionId, list);
    },
    async listMessages(sessionId) {
      return messages.get(sessionId) ?? [];
    },
    async saveGame(game: { id: string; sessionId: string | null; spec: GameSpec; deleteTokenHash?: string }) {
      const version =
        [...games.values()].filter((g) => g.sessionId !== null && g.sessionId === game.sessionId).length + 1;
      const { deleteTokenHash, ...rest } = game;
      if (deleteTokenHash) tokens.set(game.id, deleteTokenHash);
      const stored: StoredGame = {
        ...rest,
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
    async sessionSummary(sessionId) {
      if (!sessions.has(sessionId)) return null;
      const mine = [...games.values()].filter((g) => g.sessionId === sessionId);
      return { messageCount: messages.get(sessionId)?.length ?? 0, latestGame: mine.at(-1) ?? null };
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
    async deleteOldTranscripts(before, limit = 1000) {
      let n = 0;
      for (const [id, s] of sessions) {
        if (s.updatedAt >= before) continue;
        const list = messages.get(id) ?? [];
        const keep = list.filter((m) => m.createdAt >= before || n++ >= limit);
        messages.set(id, keep);
        sessions.set(id, { ...s, state: { ...s.state, recent: [] } });
      }
      return Math.min(n, limit);
    },
    async deleteOldGameSessions(before, limit = 1000) {
      let n = 0;
      for (const [id, s] of sessions) {
        const hasGame = [...games.values()].some((g) => g.sessionId === id);
        if (n >= limit || s.updatedAt >= before || !hasGame) continue;
        for (const [gameId, g] of games) if (g.sessionId === id) games.delete(gameId);
        messages.delete(id);
        sessions.delete(id);
        n++;
      }
      return n;
    },
    async deleteOpenGame(id, tokenHash) {
      const g = games.get(id);
      if (!g || g.sessionId !== null || tokens.get(id) !== tokenHash) return false;
      return games.delete(id);
    },
    async deleteExpiredOpenGames(before, limit = 1000) {
      let n = 0;
      for (const [id, g] of games) {
        if (n < limit && g.sessionId === null && g.createdAt < before) {
          games.delete(id);
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
    async usageFigures({ since, topBooks }) {
      const tally = <K extends string>(keys: K[]) => {
        const m = new Map<K, number>();
        for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
        return [...m];
      };
      const all = [...games.values()];
      const firstGame = new Map<string, Date>();
      for (const g of all) {
        const at = firstGame.get(g.sessionId ?? '');
        if (g.sessionId !== null && (!at || g.createdAt < at)) firstGame.set(g.sessionId, g.createdAt);
      }
      const toGame = [...firstGame]
        .map(
          ([id, at]) =>
            (messages.get(id) ?? []).filter((m) => m.role === 'child' && m.createdAt <= at).length,
        )
        .sort((a, b) => a - b);
      const mid = toGame.length / 2;
      const median =
        toGame.length === 0
          ? null
          : toGame.length % 2
            ? (toGame[Math.floor(mid)] ?? 0)
            : ((toGame[mid - 1] ?? 0) + (toGame[mid] ?? 0)) / 2;
      const usage = [...sessions.values()].map((s) => s.state.usage);
      const sum = (f: 'calls' | 'inputTokens' | 'outputTokens') =>
        usage.reduce((n, u) => n + (typeof u?.[f] === 'number' ? u[f] : 0), 0);
      return {
        totalSessions: sessions.size,
        totalGames: all.length,
        gamesByType: tally(all.map((g) => g.type))
          .map(([type, n]) => ({ type, games: n }))
          .sort((a, b) => a.type.localeCompare(b.type)),
        gamesByBook: tally(all.filter((g) => g.sessionId !== null).map((g) => g.bookTitle))
          .map(([title, n]) => ({ title, games: n }))
          .sort((a, b) => b.games - a.games || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
          .slice(0, topBooks),
        sessionsByPhase: tally([...sessions.values()].map((s) => s.phase)).map(([phase, n]) => ({
          phase,
          sessions: n,
        })),
        medianChildMessagesToGame: median,
        gamesPerDay: tally(
          all.filter((g) => g.createdAt >= since).map((g) => g.createdAt.toISOString().slice(0, 10)),
        )
          .map(([day, n]) => ({ day, games: n }))
          .sort((a, b) => a.day.localeCompare(b.day)),
        model: { calls: sum('calls'), inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens') },
      };
    },
    async ping() {},
    async close() {},
  };
}
