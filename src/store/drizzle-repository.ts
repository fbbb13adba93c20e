import { and, asc, desc, eq, gt, inArray, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import type { SessionState } from '../agents/state.js';
import type { GameSpec } from '../games/spec.js';
import { type Database, ping } from './database.js';
import {
  type NewMessage,
  type Repository,
  type StoredGame,
  type StoredMessage,
  type StoredSession,
  StoreUnavailableError,
  VersionConflictError,
} from './repository.js';
import { games, messages, sessions } from './schema.js';

type SessionRow = typeof sessions.$inferSelect;
type GameRow = typeof games.$inferSelect;

const toSession = (r: SessionRow): StoredSession => ({
  id: r.id,
  state: r.state,
  phase: r.phase as StoredSession['phase'],
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  expiresAt: r.expiresAt,
});

const toGame = (r: GameRow): StoredGame => ({
  id: r.id,
  sessionId: r.sessionId,
  spec: r.spec,
  type: r.type,
  bookTitle: r.bookTitle,
  version: r.version,
  createdAt: r.createdAt,
});

/** Connection-level failures (server gone, pool exhausted) as opposed to bad queries. */
function isUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: unknown };
  const code = err?.code ?? '';
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|57P0[123]|08\d\d\d|53300)$/.test(code))
    return true;
  const msg = String(err?.message ?? '');
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      msg,
    )
  )
    return true;
  return err?.cause ? isUnavailable(err.cause) : false;
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof VersionConflictError || e instanceof StoreUnavailableError) throw e;
    if (isUnavailable(e)) throw new StoreUnavailableError(e);
    throw e;
  }
}

const notExpired = () => or(isNull(sessions.expiresAt), gt(sessions.expiresAt, sql`now()`));

export function createDrizzleRepository(database: Database): Repository {
  const { db } = database;
  return {
    createSession: (id, state, expiresAt) =>
      guard(async () => {
        const [row] = await db
          .insert(sessions)
          .values({ id, state, phase: state.phase, version: 1, expiresAt })
          .returning();
        if (!row) throw new Error('insert returned no row');
        return toSession(row);
      }),

    getSession: (id) =>
      guard(async () => {
        const [row] = await db
          .select()
          .from(sessions)
          .where(and(eq(sessions.id, id), notExpired()));
        return row ? toSession(row) : null;
      }),

    saveSession: (id, state: SessionState, expectedVersion, newMessages, expiresAt) =>
      guard(() =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .update(sessions)
            .set({
              state,
              phase: state.phase,
              version: expectedVersion + 1,
              updatedAt: new Date(),
              expiresAt,
            })
            .where(and(eq(sessions.id, id), eq(sessions.version, expectedVersion)))
            .returning();
          if (!row) throw new VersionConflictError(id);
          if (newMessages.length > 0) {
            await tx.insert(messages).values(newMessages.map((m) => ({ ...m, sessionId: id })));
          }
          return toSession(row);
        }),
      ),

    appendMessages: (sessionId, newMessages: NewMessage[]) =>
      guard(async () => {
        if (newMessages.length === 0) return;
        await db.insert(messages).values(newMessages.map((m) => ({ ...m, sessionId })));
      }),

    listMessages: (sessionId) =>
      guard(async () => {
        const rows = await db
          .select()
          .from(messages)
          .where(eq(messages.sessionId, sessionId))
          .orderBy(asc(messages.id));
        return rows.map(
          (r, i): StoredMessage => ({
            sessionId: r.sessionId,
            seq: i + 1,
            role: r.role as StoredMessage['role'],
            agent: r.agent as StoredMessage['agent'],
            content: r.content,
            createdAt: r.createdAt,
          }),
        );
      }),

    saveGame: (game: { id: string; sessionId: string | null; spec: GameSpec }) =>
      guard(async () => {
        const [prev] = game.sessionId
          ? await db
              .select({ version: games.version })
              .from(games)
              .where(eq(games.sessionId, game.sessionId))
              .orderBy(desc(games.version))
              .limit(1)
          : [];
        const [row] = await db
          .insert(games)
          .values({
            id: game.id,
            sessionId: game.sessionId,
            spec: game.spec,
            type: game.spec.type,
            bookTitle: game.spec.book.title,
            version: (prev?.version ?? 0) + 1,
          })
          .returning();
        if (!row) throw new Error('insert returned no row');
        return toGame(row);
      }),

    getGame: (id) =>
      guard(async () => {
        const [row] = await db.select().from(games).where(eq(games.id, id));
        return row ? toGame(row) : null;
      }),

    latestGameForSession: (sessionId) =>
      guard(async () => {
        const [row] = await db
          .select()
          .from(games)
          .where(eq(games.sessionId, sessionId))
          .orderBy(desc(games.version))
          .limit(1);
        return row ? toGame(row) : null;
      }),

    deleteSession: (id) =>
      guard(() =>
        db.transaction(async (tx) => {
          await tx.delete(games).where(eq(games.sessionId, id));
          // The transcript goes with the session (ON DELETE CASCADE).
          const gone = await tx.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id });
          return gone.length > 0;
        }),
      ),

    deleteExpired: (now, limit = 500) =>
      guard(async () => {
        // Transcripts go with their session (ON DELETE CASCADE); sessions with a game are kept.
        const doomed = db
          .select({ id: sessions.id })
          .from(sessions)
          .where(
            and(
              lt(sessions.expiresAt, now),
              notExists(db.select({ one: sql`1` }).from(games).where(eq(games.sessionId, sessions.id))),
            ),
          )
          .limit(limit);
        const rows = await db
          .delete(sessions)
          .where(inArray(sessions.id, doomed))
          .returning({ id: sessions.id });
        return rows.length;
      }),

    countActiveSessions: (since) =>
      guard(async () => {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(sessions)
          .where(gt(sessions.updatedAt, since));
        return Number(row?.n ?? 0);
      }),

    ping: () => guard(() => ping(db)),
    close: () => database.close(),
  };
}
