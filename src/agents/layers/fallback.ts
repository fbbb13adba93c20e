import type { Brain, TurnContext } from '../brain.js';
import {
  AgentFailedError,
  isAbort,
  ModelRateLimitedError,
  ModelUnavailableError,
  StepDeclinedError,
} from '../model/errors.js';
import type { SessionState, TokenUsage } from '../state.js';

/**
 * The offline brain beneath a model brain: the floor under every turn.
 *
 * The model brain answers or throws a typed error; this layer decides what the child hears then:
 * - a step the model brain leaves to the offline brain (past the safety valve, a remix): the
 *   offline brain answers, always;
 * - nothing usable came back (no reply, an unsafe one, no game): the offline brain says that step
 *   quietly;
 * - the provider is failing (retries spent, circuit open): the offline brain answers and the child
 *   is told once per session, gently, until the provider recovers.
 * With `fallback` off the last two reach the caller as they are (503/429 with a retry hint).
 * Tokens the failed model calls spent still count: they travel on the error.
 */

export const NAP_NOTICE = "My thinking cap is having a nap, so I'll use my quick brain for a bit!";

export interface FallbackOptions {
  /** false: an outage or an unusable answer is the caller's error, not the offline brain's turn. */
  fallback: boolean;
  /** Called with a listener to run when the provider recovers (the breaker closes). */
  onRecovery?: (listener: () => void) => void;
}

/** Bounded: a long outage with many sessions must not grow the set of sessions told without limit. */
const MAX_ANNOUNCED = 10_000;

export function withOfflineFallback(model: Brain, offline: Brain, opts: FallbackOptions): Brain {
  // Sessions already told about the nap; forgotten when the provider recovers.
  const announced = new Set<string>();
  opts.onRecovery?.(() => announced.clear());

  const floored =
    <R extends { reply: string; usage?: TokenUsage }>(
      primary: (s: SessionState, m: string | null, c?: TurnContext) => Promise<R>,
      floor: (s: SessionState, m: string | null, c?: TurnContext) => Promise<R>,
    ) =>
    async (state: SessionState, message: string | null, ctx?: TurnContext): Promise<R> => {
      const sessionId = ctx?.sessionId;
      try {
        const r = await primary(state, message, ctx);
        if (sessionId) announced.delete(sessionId);
        return r;
      } catch (e) {
        if (isAbort(e, ctx?.signal)) throw e;
        if (e instanceof StepDeclinedError) return floor(state, message, ctx);
        const outage = e instanceof ModelUnavailableError || e instanceof ModelRateLimitedError;
        if (!opts.fallback || !(outage || e instanceof AgentFailedError)) throw e;
        const r = withUsage(await floor(state, message, ctx), e.usage);
        if (!outage || (sessionId && announced.has(sessionId))) return r;
        if (announced.size > MAX_ANNOUNCED) announced.clear();
        if (sessionId) announced.add(sessionId);
        return { ...r, reply: `${NAP_NOTICE} ${r.reply}` };
      }
    };

  return {
    name: model.name,
    storyAnalyst: floored(
      (s, m, c) => model.storyAnalyst(s, m, c),
      (s, m, c) => offline.storyAnalyst(s, m, c),
    ),
    gameDesigner: floored(
      (s, m, c) => model.gameDesigner(s, m, c),
      (s, m, c) => offline.gameDesigner(s, m, c),
    ),
    codeGenerator: floored(
      (s, m, c) => model.codeGenerator(s, m, c),
      (s, m, c) => offline.codeGenerator(s, m, c),
    ),
  };
}

function withUsage<R extends { usage?: TokenUsage }>(r: R, usage: TokenUsage | undefined): R {
  return usage && usage.calls > 0 ? { ...r, usage } : r;
}
