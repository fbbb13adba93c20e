import { and, exists, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { games, messages, sessions } from './schema.js';

/**
 * How long each kind of data is kept (the stated retention, enforced by the clean-up):
 * - a conversation that made no game: until its session expires (SESSION_TTL_HOURS, 3 days);
 * - the transcript of one that made a game (its messages and the words in its state): until it
 *   has been idle TRANSCRIPT_TTL_DAYS (30); the game itself stays playable;
 * - a game made in a conversation, with its session: until idle SESSION_GAME_TTL_DAYS (90);
 * - a game made outside a conversation (POST /api/games): GAME_TTL_DAYS (30) after it was made.
 * Transcripts are the most personal (a child's own words), so they go first.
 *
 * These are the statements; the Drizzle repository offers them as methods (the embedded PGlite
 * runs in a worker thread, where only the repository reaches the database). `before` is turned
 * into the database's clock by the caller (onDbClock), as every expiry is.
 */

export async function deleteOldTranscripts(db: Db, before: SQL, limit = 500): Promise<number> {
  const idle = db.select({ id: sessions.id }).from(sessions).where(lt(sessions.updatedAt, before));
  const doomed = db
    .select({ id: messages.id })
    .from(messages)
    .where(and(lt(messages.createdAt, before), inArray(messages.sessionId, idle)))
    .limit(limit);
  const rows = await db.delete(messages).where(inArray(messages.id, doomed)).returning({ id: messages.id });
  // The state keeps the last turns word for word (for the next reply): they go with the transcript.
  // updated_at is left alone, so the session's own (longer) retention still counts from its last use.
  await db
    .update(sessions)
    .set({ state: sql`jsonb_set(${sessions.state}, '{recent}', '[]'::jsonb)` })
    .where(
      and(
        lt(sessions.updatedAt, before),
        sql`jsonb_array_length(coalesce(${sessions.state}->'recent', '[]'::jsonb)) > 0`,
      ),
    );
  return rows.length;
}

export async function deleteOldGameSessions(db: Db, before: SQL, limit = 500): Promise<number> {
  const doomed = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        lt(sessions.updatedAt, before),
        exists(db.select({ one: sql`1` }).from(games).where(sql`${games.sessionId} = ${sessions.id}`)),
      ),
    )
    .limit(limit);
  if (doomed.length === 0) return 0;
  const ids = doomed.map((r) => r.id);
  // Games first: on their own a session's games would only lose their link (ON DELETE SET NULL).
  await db.delete(games).where(inArray(games.sessionId, ids));
  const rows = await db.delete(sessions).where(inArray(sessions.id, ids)).returning({ id: sessions.id });
  return rows.length;
}
