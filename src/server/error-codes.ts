import { AgentFailedError, ModelRateLimitedError, ModelUnavailableError } from '../agents/model/errors.js';
import { RateLimitedError } from '../cache/rate-limit-store.js';
import type { ErrorCode } from '../contract/errors.js';
import { GameGenerationError } from '../jobs/errors.js';
import { PlaytestBusyError } from '../playtest/tune-thread.js';
import { GameNotFoundError, SessionBusyError, SessionNotFoundError } from '../sessions/errors.js';
import { StoreUnavailableError } from '../store/repository.js';

/** Which error code an exception from a service means; null for the unexpected (a 500). */
export function errorCodeOf(e: unknown): ErrorCode | null {
  if (e instanceof SessionNotFoundError) return 'session_not_found';
  if (e instanceof GameGenerationError) return 'game_generation_failed';
  if (e instanceof GameNotFoundError) return 'game_not_found';
  if (e instanceof SessionBusyError) return 'session_busy';
  if (e instanceof RateLimitedError || e instanceof ModelRateLimitedError) return 'rate_limited';
  if (e instanceof ModelUnavailableError) return 'model_unavailable';
  if (e instanceof AgentFailedError) return 'agent_execution_failed';
  if (e instanceof StoreUnavailableError) return 'service_unavailable';
  if (e instanceof PlaytestBusyError) return 'playtest_busy';
  return null;
}

/** Seconds a client should wait before retrying, where the error says. */
export function retryAfterSeconds(e: unknown): number | null {
  if (e instanceof RateLimitedError) return Math.max(1, Math.ceil(e.retryAfterMs / 1000));
  if (e instanceof GameGenerationError) return e.retryAfterSeconds;
  if (e instanceof ModelRateLimitedError) return Math.max(1, Math.ceil((e.retryAfterMs ?? 10_000) / 1000));
  if (e instanceof ModelUnavailableError) return 30;
  if (e instanceof AgentFailedError) return 5;
  if (e instanceof StoreUnavailableError) return 5;
  if (e instanceof PlaytestBusyError) return e.retryAfterSeconds;
  return null;
}
