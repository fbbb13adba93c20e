import { z } from 'zod';
import { type AgentName, ASKED, type Asked, type Phase, type ProgressStage } from '../contract/vocabulary.js';
import { GAME_TYPES, type GameSpec } from '../games/spec.js';

export { AGENTS, ASKED, PHASES, PROGRESS_STAGES } from '../contract/vocabulary.js';
export type { AgentName, Asked, Phase, ProgressStage };

export const AskedSchema = z.enum(ASKED);

/** The book being talked about. `catalogId` is set when it came from our knowledge base. */
export const BookInfoSchema = z.object({
  title: z.string().min(1).max(120),
  author: z.string().max(80).optional(),
  catalogId: z.string().optional(),
});
export type BookInfo = z.infer<typeof BookInfoSchema>;

const Named = z.object({ name: z.string().min(1).max(40), emoji: z.string().max(16).optional() });

/** What the Story Analyst learned from the discussion. */
export const BookAnalysisSchema = z.object({
  characters: z.array(Named).max(8),
  setting: z.string().max(80),
  themes: z.array(z.string().max(40)).max(6),
  storyObjects: z.array(Named).max(8),
  antagonist: Named.optional(),
  favouriteCharacter: z.string().max(40).optional(),
});
export type BookAnalysis = z.infer<typeof BookAnalysisSchema>;

/**
 * What the Game Designer agreed with the child. Partial while designing; the Code Generator turns
 * a confirmed design into a GameSpec (repairSpec fills whatever is missing).
 */
export const GameDesignSchema = z.object({
  gameType: z.enum(GAME_TYPES).optional(),
  hero: Named.optional(),
  collectibles: z.array(Named).max(3).optional(),
  hazards: z.array(Named).max(3).optional(),
  setting: z.string().max(60).optional(),
  confirmed: z.boolean().optional(),
});
export type GameDesign = z.infer<typeof GameDesignSchema>;

/** One line of the conversation, as the agents see it (the store keeps the full transcript). */
export interface Turn {
  role: 'child' | AgentName;
  text: string;
}

/** Tokens a model spent (summed over calls and retries): per turn from a brain, per session in state. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Model calls made, retries included. */
  calls: number;
}

/**
 * A session's conversation state: plain JSON, stored whole in the sessions table. The phase is
 * never stored on its own say-so: `derivePhase` computes it from the typed fields below.
 */
export interface SessionState {
  phase: Phase;
  book: BookInfo | null;
  bookConfirmed: boolean;
  analysis: BookAnalysis | null;
  design: GameDesign | null;
  spec: GameSpec | null;
  gameId: string | null;
  /** The question the last reply asked; absent when unknown (older states, a model that did not say). */
  asked?: Asked | undefined;
  /** Child messages answered in each phase: the safety valve that stops any loop. */
  turnsInPhase: number;
  /** The offline brain's private notes (which question it asked, the candidate book...). */
  notes: Record<string, unknown>;
  /** Recent turns, bounded, for agents that need context. */
  recent: Turn[];
  /** Model tokens spent on this session (absent for offline-only sessions and older states). */
  usage?: TokenUsage;
  /** v1's `user_id`: an opaque label the caller gave, kept as is and never shown or sent to a model. */
  userId?: string;
  /**
   * Keyed hashes (HMAC, safety/remember.ts) of the names and handles scrubbed from the child's
   * messages, never the words: a name scrubbed once is scrubbed in every later message too.
   */
  scrubbed?: string[];
}

export function initialState(): SessionState {
  return {
    phase: 'identifying',
    book: null,
    bookConfirmed: false,
    analysis: null,
    design: null,
    spec: null,
    gameId: null,
    turnsInPhase: 0,
    asked: 'book',
    notes: {},
    recent: [],
  };
}

/** The phase follows from what is known, never from what anyone said. */
export function derivePhase(
  s: Pick<SessionState, 'book' | 'bookConfirmed' | 'analysis' | 'design' | 'spec'>,
): Phase {
  if (!s.book || !s.bookConfirmed) return 'identifying';
  if (!s.analysis) return 'discussing';
  if (!s.design?.confirmed) return 'designing';
  if (!s.spec) return 'generating';
  return 'complete';
}

export const RECENT_TURNS = 12;

/**
 * The open question: the one the last reply asked, or, when no brain said (older states, a model
 * that left it out), the first thing the typed fields still lack, in the order both brains ask.
 */
export function openQuestion(
  s: Pick<SessionState, 'phase' | 'asked' | 'book' | 'bookConfirmed' | 'design'>,
): Asked {
  if (s.asked) return s.asked;
  switch (s.phase) {
    case 'identifying':
      return s.book && !s.bookConfirmed ? 'confirm' : 'book';
    case 'discussing':
      return 'other';
    case 'designing': {
      const d = s.design ?? {};
      if (!d.gameType) return 'type';
      if (!d.hero) return 'hero';
      if (!d.collectibles?.length) return 'collect';
      return d.hazards === undefined ? 'avoid' : 'read-back';
    }
    default:
      return 'none';
  }
}
