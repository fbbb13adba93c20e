import {
  AgentFailedError,
  isAbort,
  ModelRateLimitedError,
  ModelUnavailableError,
} from '../agents/model/errors.js';

/**
 * Why a game was not built. The words are fixed (never the child's, never a provider's text),
 * because the reason travels through Redis as a failed job's `failedReason` and into logs.
 */
export type GenerationFailure =
  /** The model was down or kept failing, after the brain's own retries (fallback off). */
  | 'model_unavailable'
  /** The provider kept rate limiting us (fallback off). */
  | 'model_busy'
  /** The model answered, twice, with nothing a game can be built from (fallback off). */
  | 'no_usable_answer'
  /** What came back is not a valid game even after repair. */
  | 'invalid_game'
  /** A worker is still building it, past the longest a request waits: asking again joins it. */
  | 'still_running'
  /** Anything else (a bug, a playtest crash). */
  | 'failed';

const REASONS: ReadonlySet<string> = new Set<GenerationFailure>([
  'model_unavailable',
  'model_busy',
  'no_usable_answer',
  'invalid_game',
  'still_running',
  'failed',
]);

const PREFIX = 'game generation failed: ';

/**
 * A game could not be built this time. The API answers it with
 * `game_generation_failed` (503, retry); the child's words are already in the transcript, so
 * sending the message again builds.
 */
export class GameGenerationError extends Error {
  constructor(
    readonly reason: GenerationFailure,
    opts: { cause?: unknown; retryAfterMs?: number | null } = {},
  ) {
    super(`${PREFIX}${reason}`, { cause: opts.cause });
    this.name = 'GameGenerationError';
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }

  readonly retryAfterMs: number | null;

  /**
   * Running the same job again at once would only pay the model again: the brain has already
   * retried it (with backoff) before giving up. An invalid game, or an unknown failure, may come
   * out right on another attempt.
   */
  get final(): boolean {
    return this.reason !== 'invalid_game' && this.reason !== 'failed';
  }

  /** Seconds a client should wait before asking again. */
  get retryAfterSeconds(): number {
    if (this.retryAfterMs !== null) return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
    return this.reason === 'model_unavailable' ? 30 : 5;
  }
}

/** A failure of the generation step as a GameGenerationError; a cancelled run stays what it is. */
export function asGenerationError(e: unknown, signal?: AbortSignal): unknown {
  if (e instanceof GameGenerationError || isAbort(e, signal)) return e;
  if (e instanceof ModelRateLimitedError)
    return new GameGenerationError('model_busy', { cause: e, retryAfterMs: e.retryAfterMs });
  if (e instanceof ModelUnavailableError) return new GameGenerationError('model_unavailable', { cause: e });
  if (e instanceof AgentFailedError) return new GameGenerationError('no_usable_answer', { cause: e });
  return new GameGenerationError('failed', { cause: e });
}

/** A queued job's `failedReason` (the message of the error the worker threw) read back. */
export function fromFailedReason(failedReason: string | undefined): GameGenerationError {
  const reason = failedReason?.startsWith(PREFIX) ? failedReason.slice(PREFIX.length) : '';
  return new GameGenerationError(REASONS.has(reason) ? (reason as GenerationFailure) : 'failed');
}
