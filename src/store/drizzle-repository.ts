import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notExists,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { SessionState } from '../agents/state.js';
import { type Database, type Db, ping } from './database.js';
import {
  type NewGame,
  type NewMessage,
  type Repository,
  type StoredGame,
  type StoredMessage,
  type StoredSession,
  StoreUnavailableError,
  type UsageFigures,
  VersionConflictError,
} from './repository.js';
import { deleteOldGameSessions, deleteOldTranscripts } from './retention.js';
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

/**
 * A number inside a session's `state.usage`, or 0. The guard keeps one odd row (an older state, a
 * hand edit) from failing the whole sum. float8, because both drivers return it as a JS number
 * (bigint and numeric come back as strings).
 */
const usageField = (field: 'calls' | 'inputTokens' | 'outputTokens'): SQL<number> => {
  // A literal from the fixed list above, not a parameter: `jsonb -> $1` leaves Postgres to guess
  // whether $1 is a key or an index.
  const key = sql.raw(`'${field}'`);
  return sql<number>`coalesce(sum(case when jsonb_typeof(${sessions.state}->'usage'->${key}) = 'number' then (${sessions.state}->'usage'->>${key})::float8 else 0 end), 0)::float8`;
};

async function usageFigures(db: Database['db'], since: Date, topBooks: number): Promise<UsageFigures> {
  const games_ = count(games.id).mapWith(Number);
  const day = sql<string>`to_char(${games.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;

  // One read-only snapshot on one connection: the figures agree with each other (the games by
  // type add up to the total), and a report never takes several of the pool's connections.
  return db.transaction(
    async (tx) => {
      // The first game of each session, then the child messages stored up to the answer that
      // brought it: the first agent line stored at or after the game. The message that asked for
      // the game is stored with that answer, after the game's row, so "up to the game" would miss it.
      const firstGames = tx
        .select({ sessionId: games.sessionId, at: sql<Date>`min(${games.createdAt})`.as('at') })
        .from(games)
        .where(isNotNull(games.sessionId))
        .groupBy(games.sessionId)
        .as('first_games');
      const answered = tx
        .select({
          sessionId: firstGames.sessionId,
          at: sql<Date>`coalesce(min(${messages.createdAt}), ${firstGames.at})`.as('answered_at'),
        })
        .from(firstGames)
        .leftJoin(
          messages,
          and(
            eq(messages.sessionId, firstGames.sessionId),
            eq(messages.role, 'agent'),
            gte(messages.createdAt, firstGames.at),
          ),
        )
        .groupBy(firstGames.sessionId, firstGames.at)
        .as('answered');
      const perSession = tx
        .select({ n: count(messages.id).as('n') })
        .from(answered)
        .leftJoin(
          messages,
          and(
            eq(messages.sessionId, answered.sessionId),
            eq(messages.role, 'child'),
            lte(messages.createdAt, answered.at),
          ),
        )
        .groupBy(answered.sessionId)
        .as('per_session');

      const [totals] = await tx
        .select({
          sessions: count().mapWith(Number),
          calls: usageField('calls').mapWith(Number),
          inputTokens: usageField('inputTokens').mapWith(Number),
          outputTokens: usageField('outputTokens').mapWith(Number),
        })
        .from(sessions);
      const byPhase = await tx
        .select({ phase: sessions.phase, sessions: count().mapWith(Number) })
        .from(sessions)
        .groupBy(sessions.phase);
      const [gameTotals] = await tx.select({ games: games_ }).from(games);
      const byType = await tx
        .select({ type: games.type, games: games_ })
        .from(games)
        .groupBy(games.type)
        .orderBy(games.type);
      // Books of conversations only: an open game's title (POST /api/games) is whatever its maker
      // typed, neither a fact of ours nor a title a child gave us.
      const byBook = await tx
        .select({ title: games.bookTitle, games: games_ })
        .from(games)
        .where(isNotNull(games.sessionId))
        .groupBy(games.bookTitle)
        .orderBy(desc(games_), asc(games.bookTitle))
        .limit(topBooks);
      const perDay = await tx
        .select({ day, games: games_ })
        .from(games)
        .where(gte(games.createdAt, onDbClock(since)))
        .groupBy(day)
        .orderBy(day);
      const [median] = await tx
        .select({
          median: sql<number | null>`(percentile_cont(0.5) within group (order by ${perSession.n}))::float8`,
        })
        .from(perSession);
      const m = median?.median;
      return {
        totalSessions: totals?.sessions ?? 0,
        totalGames: gameTotals?.games ?? 0,
        gamesByType: byType,
        gamesByBook: byBook,
        sessionsByPhase: byPhase,
        medianChildMessagesToGame: m === null || m === undefined ? null : Number(m),
        gamesPerDay: perDay,
        model: {
          calls: totals?.calls ?? 0,
          inputTokens: totals?.inputTokens ?? 0,
          outputTokens: totals?.outputTokens ?? 0,
        },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * `write` (a session INSERT or UPDATE ... RETURNING) and the transcript's new rows in one
 * statement: the messages are inserted, in order, only if the write returned its row. They travel
 * as three text arrays (not JSON), so each value is stored exactly as a plain INSERT would store it.
 */
async function withMessages(
  db: Pick<Db, 'execute'>,
  write: { getSQL(): SQL },
  newMessages: NewMessage[],
): Promise<SessionRow[]> {
  const column = (c: { name: string }) => sql.identifier(c.name);
  const texts = (pick: (m: NewMessage) => string | null) => sql`${sql.param(newMessages.map(pick))}::text[]`;
  const result = await db.execute(sql`
    with written as (${write.getSQL()}),
    inserted as (
      insert into ${messages} (${column(messages.sessionId)}, ${column(messages.role)}, ${column(messages.agent)}, ${column(messages.content)})
      select u.${column(sessions.id)}, m.role, m.agent, m.content
      from written u,
        unnest(${texts((m) => m.role)}, ${texts((m) => m.agent)}, ${texts((m) => m.content)})
          with ordinality as m(role, agent, content, n)
      order by m.n
    )
    select * from written`);
  // Both drivers hand raw rows here as Drizzle's own queries get them (timestamps as text, jsonb
  // parsed): its column mappers make them the rows a typed query returns. The contract tests
  // check the dates and the state that come back.
  const raw = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const columns = Object.entries(getTableColumns(sessions));
  return raw.map(
    (r) =>
      Object.fromEntries(
        columns.map(([key, c]) => {
          const value = r[c.name];
          return [key, value === null || value === undefined ? null : c.mapFromDriverValue(value)];
        }),
      ) as SessionRow,
  );
}

/** The database or a transaction on it: where a write runs. */
type Queries = Pick<Db, 'execute' | 'select' | 'insert' | 'update'>;

/**
 * The session's optimistic write with its new transcript lines. One statement rather than BEGIN,
 * UPDATE, INSERT, COMMIT: as atomic (a statement is its own transaction, and the INSERT takes its
 * rows from the UPDATE's, so a failed version check writes nothing), but one round trip: a pooled
 * connection is not held across four turns of a busy event loop, and PGlite runs one query instead
 * of four. Throws VersionConflictError when the stored version is no longer `expectedVersion`.
 */
async function writeSession(
  q: Queries,
  w: {
    id: string;
    state: SessionState;
    expectedVersion: number;
    newMessages: NewMessage[];
    expiresAt: Date | null;
  },
): Promise<SessionRow> {
  const update = q
    .update(sessions)
    .set({
      state: w.state,
      phase: w.state.phase,
      version: w.expectedVersion + 1,
      updatedAt: sql`now()`,
      expiresAt: dbTime(w.expiresAt),
    })
    .where(and(eq(sessions.id, w.id), eq(sessions.version, w.expectedVersion)))
    .returning();
  const rows = w.newMessages.length === 0 ? await update : await withMessages(q, update, w.newMessages);
  const [row] = rows;
  if (!row) throw new VersionConflictError(w.id);
  return row;
}

/** A game's row; a session's games are numbered 1, 2, ... in the order they are made. */
async function insertGame(q: Queries, game: NewGame): Promise<StoredGame> {
  const [prev] = game.sessionId
    ? await q
        .select({ version: games.version })
        .from(games)
        .where(eq(games.sessionId, game.sessionId))
        .orderBy(desc(games.version))
        .limit(1)
    : [];
  const [row] = await q
    .insert(games)
    .values({
      id: game.id,
      sessionId: game.sessionId,
      spec: game.spec,
      type: game.spec.type,
      bookTitle: game.spec.book.title,
      version: (prev?.version ?? 0) + 1,
      deleteTokenHash: game.deleteTokenHash ?? null,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return toGame(row);
}

const notExpired = () => or(isNull(sessions.expiresAt), gt(sessions.expiresAt, sql`now()`));

/**
 * A moment the app names (an expiry, a cut-off), as the database's clock reads it: the app's
 * offset from its own now, added to the database's now(). Instances share one database but not
 * one clock: an instance whose clock ran 31 days ahead wrote expiries a month late and, comparing
 * its own "now" with other instances' stored times, deleted their live sessions and every posted
 * game. With every stored time and every comparison on the database's clock, an app's clock only
 * matters for durations (a TTL, a grace period), which it measures well enough.
 */
export function onDbClock(at: Date) {
  return sql`(now() + ${at.getTime() - Date.now()} * interval '1 millisecond')`;
}
const dbTime = (at: Date | null) => (at === null ? null : onDbClock(at));

export function createDrizzleRepository(database: Database): Repository {
  const { db } = database;
  return {
    createSession: (id, state, expiresAt, newMessages = []) =>
      guard(async () => {
        const insert = db
          .insert(sessions)
          .values({ id, state, phase: state.phase, version: 1, expiresAt: dbTime(expiresAt) })
          .returning();
        const [row] = newMessages.length === 0 ? await insert : await withMessages(db, insert, newMessages);
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
      guard(async () =>
        toSession(await writeSession(db, { id, state, expectedVersion, newMessages, expiresAt })),
      ),

    saveSessionWithGame: (id, state: SessionState, expectedVersion, newMessages, expiresAt, game: NewGame) =>
      guard(() =>
        // A version conflict throws inside the transaction: the game's row is rolled back with it.
        db.transaction(async (tx) => {
          const row = await writeSession(tx, { id, state, expectedVersion, newMessages, expiresAt });
          return { session: toSession(row), game: await insertGame(tx, game) };
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

    saveGame: (game: NewGame) => guard(() => insertGame(db, game)),

    getGame: (id) =>
      guard(async () => {
        const [row] = await db.select().from(games).where(eq(games.id, id));
        return row ? toGame(row) : null;
      }),

    sessionSummary: (sessionId) =>
      guard(async () => {
        const newest = db
          .select({ id: games.id })
          .from(games)
          .where(eq(games.sessionId, sessionId))
          .orderBy(desc(games.version))
          .limit(1);
        const [row] = await db
          .select({
            messageCount:
              sql<number>`(select count(*) from ${messages} where ${messages.sessionId} = ${sessions.id})`.mapWith(
                Number,
              ),
            game: getTableColumns(games),
          })
          .from(sessions)
          .leftJoin(games, eq(games.id, sql`(${newest})`))
          .where(eq(sessions.id, sessionId));
        if (!row) return null;
        return { messageCount: row.messageCount, latestGame: row.game ? toGame(row.game) : null };
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

    deleteOpenGame: (id, tokenHash) =>
      guard(async () => {
        const gone = await db
          .delete(games)
          .where(and(eq(games.id, id), isNull(games.sessionId), eq(games.deleteTokenHash, tokenHash)))
          .returning({ id: games.id });
        return gone.length > 0;
      }),

    deleteExpiredOpenGames: (before, limit = 500) =>
      guard(async () => {
        const doomed = db
          .select({ id: games.id })
          .from(games)
          .where(and(isNull(games.sessionId), lt(games.createdAt, onDbClock(before))))
          .limit(limit);
        const rows = await db.delete(games).where(inArray(games.id, doomed)).returning({ id: games.id });
        return rows.length;
      }),

    deleteOldTranscripts: (before, limit = 500) =>
      guard(() => deleteOldTranscripts(db, onDbClock(before), limit)),

    deleteOldGameSessions: (before, limit = 500) =>
      guard(() => deleteOldGameSessions(db, onDbClock(before), limit)),

    deleteExpired: (now, limit = 500) =>
      guard(async () => {
        // Transcripts go with their session (ON DELETE CASCADE); sessions with a game are kept.
        const doomed = db
          .select({ id: sessions.id })
          .from(sessions)
          .where(
            and(
              lt(sessions.expiresAt, onDbClock(now)),
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
          .where(gt(sessions.updatedAt, onDbClock(since)));
        return Number(row?.n ?? 0);
      }),

    usageFigures: ({ since, topBooks }) => guard(() => usageFigures(db, since, topBooks)),

    ping: () => guard(() => ping(db)),
    close: () => database.close(),
  };
}
