import type { GameSpec } from '../games/spec.js';
import type {
  Asked,
  BookAnalysis,
  BookInfo,
  GameDesign,
  ProgressStage,
  SessionState,
  TokenUsage,
} from './state.js';

export type { TokenUsage };

/**
 * What each agent returns for one turn: the words to say plus structured results. Phases move only
 * on these structured fields. `notes` replaces the brain's private notes when present. `asked` is
 * the question the reply ends with (absent: unknown; the state then keeps none).
 */
export interface StoryAnalystResult {
  reply: string;
  usage?: TokenUsage;
  /** A candidate (or corrected) book; null clears it (the child said "no"). */
  book?: BookInfo | null;
  bookConfirmed?: boolean;
  /** Set when the discussion is done: moves the session to designing. */
  analysis?: BookAnalysis;
  notes?: Record<string, unknown>;
  asked?: Asked;
}

export interface GameDesignerResult {
  reply: string;
  usage?: TokenUsage;
  /** The design so far (merged into the state's design). */
  design?: GameDesign;
  /** The child said yes to the read-back: moves the session to generating. */
  readyToBuild?: boolean;
  notes?: Record<string, unknown>;
  asked?: Asked;
}

export interface CodeGeneratorResult {
  reply: string;
  usage?: TokenUsage;
  /** A complete, valid spec (run through repairSpec). */
  spec?: GameSpec;
  notes?: Record<string, unknown>;
  asked?: Asked;
}

/**
 * Something a client watching the turn live may want to know (streamed as SSE by the stream route).
 * `restart`: the text streamed so far for the current reply is void (a failed attempt); a new one follows.
 */
export type TurnEvent = { type: 'restart' } | { type: 'progress'; step: ProgressStage; message: string };

/**
 * Optional, per-run context: the offline brain ignores it. A model brain streams its reply through
 * `onToken` as it is written and stops when `signal` aborts (the client went away).
 */
export interface TurnContext {
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
  onEvent?: (event: TurnEvent) => void;
  sessionId?: string;
}

/**
 * The agents' brain: one call per agent turn. `message` is the child's words, or null when the
 * agent speaks first (the Game Designer's greeting right after the discussion ends, the Code
 * Generator building right after the design is confirmed). Implementations: the offline brain
 * (pure, deterministic) and the model brain. Nodes receive a Brain; they never import a model.
 */
export interface Brain {
  readonly name: string;
  storyAnalyst(state: SessionState, message: string | null, ctx?: TurnContext): Promise<StoryAnalystResult>;
  gameDesigner(state: SessionState, message: string | null, ctx?: TurnContext): Promise<GameDesignerResult>;
  codeGenerator(state: SessionState, message: string | null, ctx?: TurnContext): Promise<CodeGeneratorResult>;
}
