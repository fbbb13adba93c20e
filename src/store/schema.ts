import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { SessionState } from '../agents/state.js';
import type { GameSpec } from '../games/spec.js';

/** One schema for PGlite and PostgreSQL; drizzle-kit generates the migrations in ./drizzle. */

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    state: jsonb('state').$type<SessionState>().notNull(),
    phase: text('phase').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('sessions_expires_at_idx').on(t.expiresAt)],
);

/**
 * Append-only transcript: rows are inserted, never updated. Order comes from the identity column,
 * so concurrent appends never collide on a per-session counter.
 */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    agent: text('agent'),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('messages_session_id_idx').on(t.sessionId, t.id)],
);

export const games = pgTable(
  'games',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    spec: jsonb('spec').$type<GameSpec>().notNull(),
    type: text('type').notNull(),
    bookTitle: text('book_title').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** SHA-256 of the delete token handed out for a game made outside a conversation. */
    deleteTokenHash: text('delete_token_hash'),
  },
  (t) => [
    index('games_session_id_idx').on(t.sessionId, t.version),
    // Open games (no session) expire by age: the clean-up finds them by this.
    index('games_open_created_idx').on(t.createdAt).where(sql`${t.sessionId} is null`),
  ],
);
