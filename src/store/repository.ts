import type { AgentName, Phase, SessionState } from '../agents/state.js';
import type { GameSpec } from '../games/spec.js';

/**
 * The storage seam. Services talk to this interface only; the Drizzle implementation backs it with
 * PGlite (embedded) or PostgreSQL (DATABASE_URL). Errors that mean "the database is unavailable"
 * surface as StoreUnavailableError so routes can answer 503 with a retry hint.
 */

export interface StoredSession {
  id: string;
  state: SessionState;
  phase: Phase;
  /** Bumped by every write; writers must name the version they read (optimistic locking). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
}

export interface NewMessage {
  role: 'child' | 'agent';
  agent: AgentName | null;
  content: string;
}

export interface StoredMessage extends NewMessage {
  sessionId: string;
  /** 1-based position in the session's transcript. */
  seq: number;
  createdAt: Date;
}

export interface StoredGame {
  /** The public game id (also used in share links). */
  id: string;
  sessionId: string | null;
  spec: GameSpec;
  type: string;
  bookTitle: string;
  /** 1 for the first game of a session; remixes add versions. */
  version: number;
  createdAt: Date;
}

/**
 * Aggregates for the operators' analytics, computed by the store (in SQL where it can be). Counts
 * only: no message text and no id ever leaves through here.
 */
export interface UsageFigures {
  totalSessions: number;
  totalGames: number;
  gamesByType: { type: string; games: number }[];
  /**
   * The books most games were made from in conversations (open games' titles are free text), most
   * games first (ties by title), at most `topBooks`.
   */
  gamesByBook: { title: string; games: number }[];
  /** Sessions by their current phase (phases with no session are left out). */
  sessionsByPhase: { phase: string; sessions: number }[];
  /**
   * Over sessions with a game: the median number of child messages stored up to the creation of
   * the session's first game; null when no session has a game.
   */
  medianChildMessagesToGame: number | null;
  /** Games created since `since`, per UTC day (`YYYY-MM-DD`); days without a game are left out. */
  gamesPerDay: { day: string; games: number }[];
  /** Model use summed over sessions' `state.usage` (offline sessions have none). */
  model: { calls: number; inputTokens: number; outputTokens: number };
}

export interface NewGame {
  id: string;
  sessionId: string | null;
  spec: GameSpec;
  deleteTokenHash?: string;
}

export class VersionConflictError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} was changed by another request`);
    this.name = 'VersionConflictError';
  }
}

export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the database is unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

export interface Repository {
  /** `messages`: the transcript's first lines (the greeting), stored with the session in one write. */
  createSession(
    id: string,
    state: SessionState,
    expiresAt: Date | null,
    messages?: NewMessage[],
  ): Promise<StoredSession>;
  getSession(id: string): Promise<StoredSession | null>;
  /**
   * Writes the new state and appends the messages in one transaction, only if the stored version
   * is still `expectedVersion`; otherwise throws VersionConflictError and writes nothing.
   */
  saveSession(
    id: string,
    state: SessionState,
    expectedVersion: number,
    messages: NewMessage[],
    expiresAt: Date | null,
  ): Promise<StoredSession>;
  /**
   * saveSession and a new game of the session in one transaction: both are stored or neither (a
   * version conflict leaves no game behind). `state.gameId` should already name `game.id`.
   */
  saveSessionWithGame(
    id: string,
    state: SessionState,
    expectedVersion: number,
    messages: NewMessage[],
    expiresAt: Date | null,
    game: NewGame,
  ): Promise<{ session: StoredSession; game: StoredGame }>;
  /** Appends to the transcript without touching the state (the child's words of a turn that failed). */
  appendMessages(sessionId: string, messages: NewMessage[]): Promise<void>;
  listMessages(sessionId: string): Promise<StoredMessage[]>;
  /** `deleteTokenHash`: for a game made outside a conversation, the hash of its delete token. */
  saveGame(game: NewGame): Promise<StoredGame>;
  /** Deletes an open game (no session) whose delete token hashes to `tokenHash`. */
  deleteOpenGame(id: string, tokenHash: string): Promise<boolean>;
  /** Deletes open games (made outside a conversation) created before `before`; bounded per call. */
  deleteExpiredOpenGames(before: Date, limit?: number): Promise<number>;
  getGame(id: string): Promise<StoredGame | null>;
  /**
   * What a session's page needs beyond its state, in one query: how many lines its transcript
   * holds and its newest game. Null when there is no such session.
   */
  sessionSummary(sessionId: string): Promise<{ messageCount: number; latestGame: StoredGame | null } | null>;
  /** The newest game of a session, if any. */
  latestGameForSession(sessionId: string): Promise<StoredGame | null>;
  /**
   * Deletes sessions that expired before `now` together with their transcripts, except sessions
   * that produced a game (a saved game keeps its conversation). Returns how many were deleted.
   * Bounded per call (`limit`) so a large backlog never holds one long transaction.
   */
  deleteExpired(now: Date, limit?: number): Promise<number>;
  /**
   * Deletes the transcripts (messages and the words kept in the state) of conversations idle since
   * before `before`; their games stay. Bounded per call (src/store/retention.ts).
   */
  deleteOldTranscripts(before: Date, limit?: number): Promise<number>;
  /** Deletes conversations idle since before `before`, with their games. Bounded per call. */
  deleteOldGameSessions(before: Date, limit?: number): Promise<number>;
  /** Sessions written (a message answered or a session started) since `since`. */
  countActiveSessions(since: Date): Promise<number>;
  /**
   * Deletes a session with its transcript and its games, for a family that asks us to forget
   * them. Returns false when there was no such session.
   */
  deleteSession(id: string): Promise<boolean>;
  /** Aggregate figures for /api/analytics; `since` bounds the per-day series. */
  usageFigures(opts: { since: Date; topBooks: number }): Promise<UsageFigures>;
  /** Readiness: throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
