import type { Callbacks } from '@langchain/core/callbacks/manager';
import { type Chip, chipsFor } from '../agents/choices.js';
import { type AgentGraph, runTurn, type TurnHooks, type Utterance } from '../agents/graph.js';
import {
  type AgentName,
  type Asked,
  initialState,
  openQuestion,
  type Phase,
  type SessionState,
} from '../agents/state.js';
import { createLocalSessionLock, type SessionLock } from '../cache/session-lock.js';
import { type GameRef, gameRef } from '../contract/game-ref.js';
import { GREETING } from '../contract/personas.js';
import { inSpan } from '../observability/tracing.js';
import { createScrubMemory, type ScrubMemory } from '../safety/remember.js';
import { newId } from '../store/ids.js';
import type { NewMessage, Repository, StoredGame, StoredSession } from '../store/repository.js';
import { VersionConflictError } from '../store/repository.js';
import type { Admission } from './admission.js';
import { SessionBusyError, SessionNotFoundError } from './errors.js';
import { sessionTurns } from './session-turn.js';

export interface TurnOutcome {
  message: string;
  phase: Phase;
  agent: AgentName;
  isComplete: boolean;
  game: GameRef | null;
  /** Each agent's words in order (a hand-over makes two). */
  turns: Utterance[];
  /** What the child can tap to answer next (src/agents/choices.ts). */
  chips: Chip[];
  /** The question the reply ended with (state.asked, or what the typed fields still lack). */
  asked: Asked;
}

export interface ConversationDeps {
  repo: Repository;
  graph: AgentGraph;
  sessionTtlMs: number;
  /** Hooks for metrics; the service knows nothing of Prometheus. */
  /** `from`: the phase the child's message arrived in; `phase`: the phase after the turn. */
  onTurn?: (info: { from: Phase; phase: Phase; agent: AgentName; ms: number }) => void;
  onGame?: (game: StoredGame) => void;
  /** Tracing handlers for each graph run (LangSmith when configured). */
  callbacks?: Callbacks;
  /** Deletes what generation jobs still hold of a session (Redis job data and results). */
  forgetJobs?: (sessionId: string) => Promise<void>;
  /** One message at a time per session; across instances with Redis. In-process by default. */
  lock?: SessionLock;
  /** How many turns run at once in this process (src/sessions/admission.ts); unlimited without. */
  admission?: Admission;
  /**
   * The scrubber that remembers a conversation's names as keyed hashes (SCRUB_SECRET); without
   * one, a key of this process.
   */
  scrubMemory?: ScrubMemory;
}

/**
 * The conversation service: start a session, answer a child's message through the agent graph,
 * persist state, transcript and game. Knows nothing of HTTP.
 */
export function createConversationService(deps: ConversationDeps) {
  const scrubMemory = deps.scrubMemory ?? createScrubMemory(undefined);
  const { repo } = deps;
  // One message at a time per session (across instances when the lock is Redis-backed); the
  // version column catches the rest.
  const lock = deps.lock ?? createLocalSessionLock();
  const expiry = () => new Date(Date.now() + deps.sessionTtlMs);
  // Without admission control every turn is let in at once.
  const admission: Pick<Admission, 'enter' | 'tryEnter'> = deps.admission ?? {
    enter: async () => () => {},
    tryEnter: () => () => {},
  };
  const withSessionTurn = sessionTurns({ lock, admission, read: get });
  const turnDeps = { ...deps, expiry };

  const start = (opts: { userId?: string | undefined } = {}) => startSession(repo, admission, expiry, opts);

  async function get(sessionId: string): Promise<StoredSession> {
    const s = await repo.getSession(sessionId);
    if (!s) throw new SessionNotFoundError(sessionId);
    return s;
  }

  /** `hooks` lets a streaming client watch the run live; `/api/message` passes none. */
  async function send(
    sessionId: string,
    rawMessage: string,
    signal?: AbortSignal,
    hooks?: TurnHooks,
  ): Promise<TurnOutcome> {
    return inSpan('conversation.turn', { 'gamemaker.session_id': sessionId }, async (span) => {
      const out = await answer(sessionId, rawMessage, signal, hooks);
      span.setAttributes({
        'gamemaker.phase': out.phase,
        'gamemaker.agent': out.agent,
        'gamemaker.complete': out.isComplete,
      });
      return out;
    });
  }

  /** The use case: under the session's turn, the child's words answered and stored with the answer. */
  async function answer(
    sessionId: string,
    rawMessage: string,
    signal: AbortSignal | undefined,
    hooks: TurnHooks | undefined,
  ): Promise<TurnOutcome> {
    return withSessionTurn(sessionId, async (stored) => {
      // A name scrubbed in an earlier message is scrubbed here too (the session keeps only hashes).
      const scrubbed = scrubMemory.scrub(rawMessage.trim(), stored.state.scrubbed);
      const message = scrubbed.text;
      const childLine: NewMessage = { role: 'child', agent: null, content: message };
      // The child's words are stored with the answer, in the same statement (one write a message,
      // not two); a turn that fails stores them alone, so a failed turn loses nothing.
      try {
        const remembering = { ...stored, state: { ...stored.state, scrubbed: scrubbed.remembered } };
        return await turn(turnDeps, { sessionId, stored: remembering, message, childLine, signal, hooks });
      } catch (e) {
        await repo.appendMessages(sessionId, [childLine]).catch(() => {});
        if (e instanceof VersionConflictError) throw new SessionBusyError(sessionId);
        throw e;
      }
    });
  }

  async function latestGame(sessionId: string): Promise<StoredGame | null> {
    await get(sessionId);
    return repo.latestGameForSession(sessionId);
  }

  /** A session with its transcript's length and newest game: two reads (the first often cached). */
  async function view(sessionId: string) {
    const session = await get(sessionId);
    const summary = await repo.sessionSummary(sessionId);
    // Deleted between the two reads: as if it had never been found.
    if (!summary) throw new SessionNotFoundError(sessionId);
    return { session, ...summary };
  }

  async function countMessages(sessionId: string): Promise<number> {
    return (await repo.listMessages(sessionId)).length;
  }

  /** Forgets a session: its state, transcript and games. */
  async function forget(sessionId: string): Promise<void> {
    if (!(await repo.deleteSession(sessionId))) throw new SessionNotFoundError(sessionId);
    await deps.forgetJobs?.(sessionId);
  }

  return { start, get, view, send, latestGame, countMessages, forget };
}

export type ConversationService = ReturnType<typeof createConversationService>;

/** A new session, its greeting the transcript's first line (stored with it in one write). */
async function startSession(
  repo: Repository,
  admission: Pick<Admission, 'enter'>,
  expiry: () => Date,
  opts: { userId?: string | undefined },
): Promise<{ sessionId: string; message: string; phase: Phase }> {
  const id = newId();
  const state: SessionState = { ...initialState(), ...(opts.userId ? { userId: opts.userId } : {}) };
  const leave = await admission.enter();
  try {
    await repo.createSession(id, state, expiry(), [
      { role: 'agent', agent: 'story_analyst', content: GREETING },
    ]);
  } finally {
    leave();
  }
  return { sessionId: id, message: GREETING, phase: state.phase };
}

/** What one turn works on: the stored session, the child's words (scrubbed) and their line. */
interface TurnInput {
  sessionId: string;
  stored: StoredSession;
  message: string;
  childLine: NewMessage;
  signal: AbortSignal | undefined;
  hooks: TurnHooks | undefined;
}

/** One turn of the graph over a stored session, and its outcome stored: the answer's state and lines. */
async function turn(
  deps: ConversationDeps & { expiry: () => Date },
  { sessionId, stored, message, childLine, signal, hooks }: TurnInput,
): Promise<TurnOutcome> {
  const { repo, expiry } = deps;
  const started = Date.now();
  // The session id travels with the turn so a generation job can report progress on its channel.
  const { session, said } = await runTurn(deps.graph, stored.state, message, {
    signal,
    sessionId,
    hooks,
    callbacks: deps.callbacks,
  });
  const last = said[said.length - 1];
  if (!last) throw new Error('the agent graph produced no reply');

  const lines: NewMessage[] = [
    childLine,
    ...said.map((u): NewMessage => ({ role: 'agent', agent: u.agent, content: u.text })),
  ];
  let game: StoredGame | null = null;
  let state: SessionState = session;
  if (session.spec && session.spec !== stored.state.spec) {
    // A new game and the session that names it: one transaction, so a lost race leaves no game.
    const gameId = newId();
    state = { ...session, gameId };
    const spec = session.spec;
    ({ game } = await repo.saveSessionWithGame(sessionId, state, stored.version, lines, expiry(), {
      id: gameId,
      sessionId,
      spec,
    }));
    deps.onGame?.(game);
  } else {
    if (state.gameId) game = await repo.getGame(state.gameId);
    await repo.saveSession(sessionId, state, stored.version, lines, expiry());
  }
  deps.onTurn?.({
    from: stored.state.phase,
    phase: state.phase,
    agent: last.agent,
    ms: Date.now() - started,
  });
  return {
    message: said.map((u) => u.text).join('\n\n'),
    phase: state.phase,
    agent: last.agent,
    isComplete: state.phase === 'complete',
    game: game ? gameRef(game) : null,
    turns: said,
    chips: chipsFor(state),
    asked: openQuestion(state),
  };
}
