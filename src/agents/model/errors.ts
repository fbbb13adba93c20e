import { isBrokenCircuitError } from 'cockatiel';
import type { TokenUsage } from '../state.js';

/**
 * How the agents' model can fail, and what each failure means for the child. Provider SDK errors
 * (Anthropic, OpenAI) are classified by status and shape, never by importing their classes, so the
 * same rules hold for every provider behind LangChain.
 */

/** The model did not answer in time, or went silent in the middle of a streamed answer. */
export class ModelTimeoutError extends Error {
  constructor(
    readonly kind: 'call' | 'idle',
    ms: number,
  ) {
    super(
      kind === 'call'
        ? `the model call took longer than ${ms} ms`
        : `the model stream was silent for ${ms} ms`,
    );
    this.name = 'ModelTimeoutError';
  }
}

/** The model is unavailable (circuit open, or every retry failed) and fallback is switched off: 503. */
export class ModelUnavailableError extends Error {
  /** Tokens the failed turn spent before giving up (they are billed all the same). */
  usage?: TokenUsage;
  constructor(cause?: unknown) {
    super('The storyteller model is not available right now.', { cause });
    this.name = 'ModelUnavailableError';
  }
}

/** The model answered but nothing usable came back, and fallback is switched off: 503, retry. */
export class AgentFailedError extends Error {
  usage?: TokenUsage;
  constructor(readonly agent: string) {
    super(`The ${agent} agent gave no usable answer.`);
    this.name = 'AgentFailedError';
  }
}

/** The provider keeps rate limiting us and fallback is switched off: 429 with a retry hint. */
export class ModelRateLimitedError extends Error {
  usage?: TokenUsage;
  constructor(
    readonly retryAfterMs: number | null,
    cause?: unknown,
  ) {
    super('The storyteller model is busy right now.', { cause });
    this.name = 'ModelRateLimitedError';
  }
}

/**
 * A step the model brain leaves to the offline brain beneath it by design, not by failure: past
 * the safety valve's turns in a phase, or a change to a game that already exists.
 */
export class StepDeclinedError extends Error {
  constructor(
    readonly agent: string,
    readonly reason: 'past_limit' | 'not_generating',
  ) {
    super(`the model brain leaves this ${agent} step to the offline brain (${reason})`);
    this.name = 'StepDeclinedError';
  }
}

/**
 * cockatiel's own timeout error. (Its exported `isTaskCancelledError` tests for the wrong marker in
 * 3.2.1, so the marker is checked here.)
 */
export function isPolicyTimeout(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'isTaskCancelledError' in e;
}

interface ErrorLike {
  name?: unknown;
  status?: unknown;
  code?: unknown;
  message?: unknown;
  headers?: unknown;
  error?: unknown;
  type?: unknown;
  cause?: unknown;
}

const asObject = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : {});

export function statusOf(e: unknown): number | undefined {
  const s = asObject(e).status;
  return typeof s === 'number' ? s : undefined;
}

/** The run was cancelled by its caller (the client went away): never retried, never a fallback. */
export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = asObject(e).name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'EAI_AGAIN',
]);

/** An overloaded or rate-limit error can also arrive as an SSE `error` event, with no status. */
function streamedErrorType(e: unknown): string | undefined {
  const body = asObject(asObject(e).error);
  const inner = asObject(body.error);
  const t = inner.type ?? body.type ?? asObject(e).type;
  return typeof t === 'string' ? t : undefined;
}

/** Worth another try: rate limits, server errors, overload (529), network failures, timeouts. */
export function isTransient(e: unknown): boolean {
  if (e instanceof ModelTimeoutError || isPolicyTimeout(e)) return true;
  const status = statusOf(e);
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  const type = streamedErrorType(e);
  if (type === 'overloaded_error' || type === 'rate_limit_error' || type === 'api_error') return true;
  const o = asObject(e);
  if (o.name === 'APIConnectionError' || o.name === 'APIConnectionTimeoutError') return true;
  for (let c: unknown = e, depth = 0; c && depth < 4; c = asObject(c).cause, depth++) {
    const code = asObject(c).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const message = asObject(c).message;
    if (
      typeof message === 'string' &&
      /fetch failed|terminated|socket hang up|other side closed/i.test(message)
    ) {
      return true;
    }
  }
  return false;
}

export function isRateLimit(e: unknown): boolean {
  return statusOf(e) === 429 || streamedErrorType(e) === 'rate_limit_error';
}

export function isCircuitOpen(e: unknown): boolean {
  return isBrokenCircuitError(e);
}

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** The wait a provider asked for (`retry-after-ms`, or `retry-after` in seconds or as a date). */
export function retryAfterMs(e: unknown, now = Date.now()): number | null {
  const headers = asObject(e).headers;
  const ms = Number(header(headers, 'retry-after-ms'));
  if (header(headers, 'retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(headers, 'retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** A short, log-safe description: status and type only, never a request body or a key. */
export function describeModelError(e: unknown): string {
  if (isCircuitOpen(e)) return 'circuit_open';
  if (e instanceof ModelTimeoutError) return `timeout_${e.kind}`;
  if (isPolicyTimeout(e)) return 'timeout_call';
  const status = statusOf(e);
  const type = streamedErrorType(e);
  if (status !== undefined) return `http_${status}${type ? `_${type}` : ''}`;
  if (type) return type;
  return isTransient(e) ? 'network' : String(asObject(e).name ?? 'error');
}
