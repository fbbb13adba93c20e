import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
  TimeoutStrategy,
  timeout,
} from 'cockatiel';
import { isAbort, isPolicyTimeout, isTransient, ModelTimeoutError, retryAfterMs } from './errors.js';

/**
 * Resilience around one provider's model calls (cockatiel): a timeout per attempt, retries with
 * exponential backoff and jitter on transient failures (honouring `retry-after`), and a circuit
 * breaker shared by every call to the provider. One failed *turn* (all its retries spent) counts
 * once towards the breaker, so `threshold` reads as "this many turns in a row failed".
 */
export interface ResilienceOptions {
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  /** For tests: replaces Math.random in the jitter. */
  random?: () => number;
}

export interface CallInfo {
  /** 1 for the first try. */
  attempt: number;
  signal: AbortSignal;
}

export interface Resilience {
  execute<T>(fn: (call: CallInfo) => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
  onBreak(listener: () => void): void;
  onReset(listener: () => void): void;
  onRetry(listener: (info: { attempt: number; delay: number }) => void): void;
}

/** The delay before retry `attempt` (1-based): exponential, jittered, and never shorter than asked. */
export function backoffDelay(
  attempt: number,
  error: unknown,
  opts: Pick<ResilienceOptions, 'retryBaseMs' | 'retryMaxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.retryMaxDelayMs, opts.retryBaseMs * 2 ** (attempt - 1));
  // Jitter spreads retries from many sessions so they do not hit a recovering provider together.
  const jittered = exp * (0.5 + random() * 0.5);
  const asked = retryAfterMs(error) ?? 0;
  return Math.round(Math.max(jittered, asked));
}

export function createResilience(opts: ResilienceOptions): Resilience {
  const random = opts.random ?? Math.random;
  const breaker: CircuitBreakerPolicy = circuitBreaker(
    // A cancelled run says nothing about the provider's health.
    handleWhen((e) => !isAbort(e)),
    { halfOpenAfter: opts.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(opts.breakerThreshold) },
  );
  const retryListeners: Array<(info: { attempt: number; delay: number }) => void> = [];

  async function execute<T>(fn: (call: CallInfo) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Built per call: the predicate must see this run's signal (a cancelled run is never retried).
    const retryable = (e: Error) => {
      if (signal?.aborted || isAbort(e) || !isTransient(e)) return false;
      // A provider asking for a longer wait than we would ever make a child wait: give up now.
      const asked = retryAfterMs(e);
      return asked === null || asked <= opts.retryMaxDelayMs;
    };
    const retries = retry(handleWhen(retryable), {
      maxAttempts: opts.maxRetries,
      backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) =>
        backoffDelay(ctx.attempt, 'error' in ctx.result ? ctx.result.error : undefined, opts, random),
      ),
    });
    retries.onRetry(({ attempt, delay }) => {
      for (const l of retryListeners) l({ attempt, delay });
    });
    const perAttempt = timeout(opts.timeoutMs, TimeoutStrategy.Aggressive);
    return breaker.execute(
      () =>
        retries.execute(
          ({ attempt }) =>
            perAttempt
              .execute(
                ({ signal: attemptSignal }) => fn({ attempt: attempt + 1, signal: attemptSignal }),
                signal,
              )
              .catch((e: unknown) => {
                if (signal?.aborted) throw signal.reason ?? e;
                // cockatiel's timeout error, named for logs and the retry rule.
                if (isPolicyTimeout(e)) throw new ModelTimeoutError('call', opts.timeoutMs);
                throw e;
              }),
          signal,
        ),
      signal,
    );
  }

  return {
    execute,
    get state() {
      switch (breaker.state) {
        case CircuitState.Closed:
          return 'closed' as const;
        case CircuitState.HalfOpen:
          return 'half-open' as const;
        default:
          return 'open' as const;
      }
    },
    onBreak: (l) => void breaker.onBreak(l),
    onReset: (l) => void breaker.onReset(l),
    onRetry: (l) => void retryListeners.push(l),
  };
}
