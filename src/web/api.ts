import { statusOf } from '../contract/errors.js';
import type { AgentEvent, ErrorEvent, ProgressEvent, TokenEvent } from '../contract/events.js';
import type { GameRef } from '../contract/game-ref.js';
import type { MessageResult, SessionInfo, StartResult } from '../contract/schemas.js';
import { createSseParser } from './sse.js';

/**
 * The page's only way to the server: the v1 API's calls, and `streamMessage`, which sends the
 * child's message to `/api/message/stream` and hands the reply to the page as it is written (and
 * falls back to `/api/message` where the stream is not offered). Shapes and codes come from the
 * API contract (src/contract); only its types are imported from the zod schemas, so zod stays out
 * of the page.
 */

/** A failed call, with the server's code and action when it sent them. `status` 0 means no answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly action?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The session is gone (expired, or the server forgot it): only a new session helps. */
  get sessionLost(): boolean {
    return this.code === 'session_not_found' || this.action === 'please_start_new_session';
  }

  /** Busy or briefly unavailable: the same request may well work in a moment. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** The stream's `error` event: the turn failed after it started (in part it ran), so it is not sent again. */
export class TurnFailedError extends ApiError {
  override name = 'TurnFailedError';
}

export interface StreamHandlers {
  onAgent?(e: AgentEvent): void;
  /** The next piece of the current agent's reply. */
  onToken?(text: string): void;
  /** A step of the generation job, once per step. */
  onProgress?(e: ProgressEvent): void;
  /** The game exists (sent before `done`). */
  onGame?(g: GameRef): void;
}

export interface Api {
  /**
   * The child's message, answered as it is written: `on` sees each agent, token, build step and the
   * game; the promise gives the full reply (its `turns` are the final text). Busy and unavailable
   * answers before the stream opens are retried like the other calls.
   */
  streamMessage(sessionId: string, message: string, on: StreamHandlers): Promise<MessageResult>;
  startSession(): Promise<StartResult>;
  getSession(sessionId: string): Promise<SessionInfo>;
  /**
   * Deletes the conversation, its transcript and its games on the server, for good. A session the
   * server no longer knows counts as forgotten already.
   */
  forgetSession(sessionId: string): Promise<void>;
}

const TIMEOUT_MS = 90_000;
const RETRY_DELAYS_MS = [700, 1500];
/** No byte for this long (the server sends a heartbeat every 15 s) means the stream is dead. */
const STREAM_IDLE_MS = 45_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Method = 'GET' | 'POST' | 'DELETE';

interface ErrorFields {
  success?: boolean;
  error?: string;
  message?: string;
  action?: string;
}

const apiError = (status: number, data: ErrorFields | null) =>
  new ApiError(status, data?.error ?? 'http_error', data?.message ?? 'Something went wrong.', data?.action);

async function once<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
    });
  } catch {
    throw new ApiError(0, 'network', 'We could not reach the helpers.');
  } finally {
    clearTimeout(timer);
  }
  const data = (await res.json().catch(() => null)) as (T & ErrorFields) | null;
  if (!res.ok || !data || data.success === false) throw apiError(res.status, data);
  return data;
}

const transient = (e: unknown) => e instanceof ApiError && (e.status === 409 || e.status === 503);

/** Busy (409) and unavailable (503) answers are retried a couple of times before the child sees them. */
async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(method, path, body);
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!transient(e) || delay === undefined) throw e;
      await sleep(delay);
    }
  }
}

const UNAVAILABLE = Symbol('stream unavailable');

/** Nothing of the turn has reached the page when this answers UNAVAILABLE: `/api/message` may be used. */
async function streamOnce(
  body: { message: string; session_id: string },
  on: StreamHandlers,
  routeMissing: () => void,
): Promise<MessageResult | typeof UNAVAILABLE> {
  const ctrl = new AbortController();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const wake = () => {
    clearTimeout(idle);
    idle = setTimeout(() => ctrl.abort(), STREAM_IDLE_MS);
  };
  wake();
  let res: Response;
  try {
    res = await fetch('/api/message/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal: ctrl.signal,
    });
  } catch {
    clearTimeout(idle);
    // A network failure before any answer: the plain endpoint may still get through. Our own
    // timeout is not retried that way: the server is there, only slow.
    if (ctrl.signal.aborted) throw new ApiError(0, 'timeout', 'The helpers took too long to answer.');
    return UNAVAILABLE;
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !type.startsWith('text/event-stream') || !res.body) {
    clearTimeout(idle);
    const data = (await res.json().catch(() => null)) as ErrorFields | null;
    // No such route here (an older server, a proxy): not the same as an unknown session.
    const noRoute =
      res.ok ||
      ((res.status === 404 || res.status === 405 || res.status === 501) &&
        data?.error !== 'session_not_found');
    if (noRoute) {
      routeMissing();
      return UNAVAILABLE;
    }
    throw apiError(res.status, data);
  }

  // Set from the parser's callback (an object, so the checks below see the writes).
  const got: { result?: MessageResult; failure?: TurnFailedError } = {};
  const parser = createSseParser(({ event, data }) => {
    if (got.result || got.failure) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    if (event === 'agent') on.onAgent?.(payload as AgentEvent);
    else if (event === 'token') on.onToken?.((payload as TokenEvent).text ?? '');
    else if (event === 'progress') on.onProgress?.(payload as ProgressEvent);
    else if (event === 'game') on.onGame?.(payload as GameRef);
    else if (event === 'done') got.result = payload as MessageResult;
    else if (event === 'error') {
      const e = payload as Partial<ErrorEvent>;
      const code = e.error ?? 'internal_error';
      // The status `/api/message` would have answered with, from the contract's one error table.
      got.failure = new TurnFailedError(statusOf(code), code, e.message ?? 'Something went wrong.', e.action);
    }
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!got.result && !got.failure) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // Cut off mid-answer (or our idle timeout): part of the turn may have run, so no second try.
        throw new ApiError(0, 'network', 'We lost the helpers for a moment.');
      }
      if (chunk.done) break;
      wake();
      parser.push(decoder.decode(chunk.value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    clearTimeout(idle);
    // Done (the server closes right after `done`), failed, or a handler threw: let the socket go.
    reader.cancel().catch(() => {});
  }
  if (got.failure) throw got.failure;
  if (!got.result) throw new ApiError(0, 'network', 'We lost the helpers for a moment.');
  return got.result;
}

export function createApi(): Api {
  /** Set once the server answered that it has no stream route: later messages go straight to JSON. */
  let streamMissing = false;
  const routeMissing = () => {
    streamMissing = true;
  };

  return {
    async streamMessage(sessionId, message, on) {
      const body = { message, session_id: sessionId };
      for (let attempt = 0; !streamMissing; attempt++) {
        try {
          const out = await streamOnce(body, on, routeMissing);
          if (out === UNAVAILABLE) break;
          return out;
        } catch (e) {
          const delay = RETRY_DELAYS_MS[attempt];
          if (!transient(e) || e instanceof TurnFailedError || delay === undefined) throw e;
          await sleep(delay);
        }
      }
      return call<MessageResult>('POST', '/api/message', body);
    },
    startSession: () => call<StartResult>('POST', '/api/start_session', {}),
    getSession: (sessionId) => call<SessionInfo>('GET', `/api/session/${encodeURIComponent(sessionId)}`),
    async forgetSession(sessionId) {
      try {
        await call<{ deleted: true }>('DELETE', `/api/session/${encodeURIComponent(sessionId)}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && e.sessionLost) return;
        throw e;
      }
    },
  };
}
