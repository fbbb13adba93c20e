/**
 * How long a request waits for its generation job: the longest a Code Generator turn can take with
 * the model configured, so that a slow model is waited for, not raced. Past this bound a request
 * answers `game_generation_failed` (retry) while the worker goes on; asking again joins that build.
 */

/** The model settings the bound follows (config.llm). */
export interface ModelTimings {
  provider: string;
  /** One attempt (LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries after the first attempt (LLM_MAX_RETRIES). */
  maxRetries: number;
  /** The longest wait between attempts, a provider's retry-after included (LLM_RETRY_MAX_DELAY_MS). */
  retryMaxDelayMs: number;
}

/**
 * A turn makes up to two model calls: the answer, and one corrective call when nothing usable came
 * back (src/agents/model/model-brain.ts `structured`). Each goes through its own retries.
 */
export const MODEL_CALLS_PER_BUILD = 2;
/** Bots play a new game before it is stored (a few hundred ms of CPU), plus the queue's pick-up. */
export const BUILD_MARGIN_MS = 15_000;
/** With the offline brain a build is milliseconds: this only covers a busy queue and the playtest. */
export const OFFLINE_BUILD_MS = 60_000;

/** The longest one Code Generator turn can take with these settings, playtest and pick-up included. */
export function worstCaseBuildMs(llm: ModelTimings): number {
  if (llm.provider === 'offline') return OFFLINE_BUILD_MS;
  const attempts = 1 + llm.maxRetries;
  const oneCall = attempts * llm.timeoutMs + llm.maxRetries * llm.retryMaxDelayMs;
  return MODEL_CALLS_PER_BUILD * oneCall + BUILD_MARGIN_MS;
}

/**
 * The wait a request gives its job: JOB_TIMEOUT_MS when set, else the model's worst case. A shorter
 * override is allowed (a build is never started twice either way) but worth a warning: children
 * will be asked to try again while their game is still being built.
 */
export function jobWait(config: { jobTimeoutMs?: number | undefined; llm: ModelTimings }): {
  ms: number;
  worstCaseMs: number;
  warning: string | null;
} {
  const worstCaseMs = worstCaseBuildMs(config.llm);
  const ms = config.jobTimeoutMs ?? worstCaseMs;
  const warning =
    config.jobTimeoutMs !== undefined && config.jobTimeoutMs < worstCaseMs
      ? `JOB_TIMEOUT_MS (${config.jobTimeoutMs} ms) is shorter than the slowest game build the model settings allow (${worstCaseMs} ms: LLM_TIMEOUT_MS × (1 + LLM_MAX_RETRIES) + retry delays, twice, + ${BUILD_MARGIN_MS} ms); a slow build will answer game_generation_failed and the child's retry will wait for it. Unset it to follow the model.`
      : null;
  return { ms, worstCaseMs, warning };
}
