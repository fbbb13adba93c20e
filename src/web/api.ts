import type { AgentName, Phase } from '../agents/state.js';
import { createSseParser } from './sse.js';

/**
 * The page's only way to the server: the v1 API's calls, and `streamMessage`, which sends the
 * child's message to `/api/message/stream` and hands the reply to the page as it is written (and
 * falls back to `/api/message` where the stream is not offered).
 */

export interface GameData {
  ready: true;
  game_id: string;
  game_title: string;
  game_type: string;
  url: string;
}

export interface AgentTurn {
  agent: AgentName;
  text: string;
}

export interface StartResult {
  session_id: string;
  message: string;
  phase: Phase;
}

export interface MessageResult {
  message: string;
  phase: Phase;
  agent: AgentName;
  is_complete: boolean;
  game_data: GameData | null;
  turns: AgentTurn[];
}

export interface SessionInfo {
  session_id: string;
  phase: Phase;
  book_info: { title: string; author?: string } | null;
  game_data: GameData | null;
}

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
    return this.code === 'session_not_found';
  }

  /** Busy or briefly unavailable: the same request may well work in a moment. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

const TIMEOUT_MS = 90_000;
const RETRY_DELAYS_MS = [700, 1500];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Method = 'GET' | 'POST' | 'DELETE';

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
  const data = (await res.json().catch(() => null)) as
    | (T & { success?: boolean; error?: string; message?: string; action?: string })
    | null;
  if (!res.ok || !data || data.success === false) {
    throw new ApiError(
      res.status,
      data?.error ?? 'http_error',
      data?.message ?? 'Something went wrong.',
      data?.action,
    );
  }
  return data;
}

/** Busy (409) and unavailable (503) answers are retried a couple of times before the child sees them. */
async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(method, path, body);
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      const transient = e instanceof ApiError && (e.status === 409 || e.status === 503);
      if (!transient || delay === undefined) throw e;
      await sleep(delay);
    }
  }
}

/** An agent starts speaking; `restart` voids what it has said so far in this reply. */
export interface AgentEvent {
  agent: AgentName;
  name: string;
  avatar: string;
  phase: Phase;
  restart?: boolean;
}

export interface ProgressEvent {
  step: string;
  message: string;
}

export interface StreamHandlers {
  onAgent?(e: AgentEvent): void;
  /** The next piece of the current agent's reply. */
  onToken?(text: string): void;
  onProgress?(e: ProgressEvent): void;
  onGame?(g: GameData): void;
}

/** Codes of the stream's `error` event, as the statuses `/api/message` would have answered with. */
const STREAM_ERROR_STATUS: Record<string, number> = {
  session_busy: 409,
  session_not_found: 404,
  rate_limited: 429,
  model_unavailable: 503,
  service_unavailable: 503,
};

/** No byte for this long (the server sends a heartbeat every 15 s) means the stream is dead. */
const STREAM_IDLE_MS = 45_000;

/** Set once the server answered that it has no stream route: later messages go straight to JSON. */
let streamMissing = false;

const UNAVAILABLE = Symbol('stream unavailable');

/** Failures the stream reported after it opened: the turn ran (in part), so they are not retried. */
const midStream = new WeakSet<ApiError>();

/** Nothing of the turn has reached the page: the caller may use `/api/message` instead. */
async function streamOnce(
  body: { message: string; session_id: string },
  on: StreamHandlers,
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
    const data = (await res.json().catch(() => null)) as {
      error?: string;
      message?: string;
      action?: string;
    } | null;
    // No such route here (an older server, a proxy): not the same as an unknown session.
    const noRoute =
      res.ok ||
      ((res.status === 404 || res.status === 405 || res.status === 501) &&
        data?.error !== 'session_not_found');
    if (noRoute) {
      streamMissing = true;
      return UNAVAILABLE;
    }
    throw new ApiError(
      res.status,
      data?.error ?? 'http_error',
      data?.message ?? 'Something went wrong.',
      data?.action,
    );
  }

  // Set from the parser's callback (an object, so the checks below see the writes).
  const got: { result?: MessageResult; failure?: ApiError } = {};
  const parser = createSseParser(({ event, data }) => {
    if (got.result || got.failure) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    if (event === 'agent') on.onAgent?.(payload as AgentEvent);
    else if (event === 'token') on.onToken?.((payload as { text: string }).text ?? '');
    else if (event === 'progress') on.onProgress?.(payload as ProgressEvent);
    else if (event === 'game') on.onGame?.(payload as GameData);
    else if (event === 'done') got.result = payload as MessageResult;
    else if (event === 'error') {
      const e = payload as { error?: string; message?: string };
      const code = e.error ?? 'internal_error';
      const failure = new ApiError(
        STREAM_ERROR_STATUS[code] ?? 500,
        code,
        e.message ?? 'Something went wrong.',
      );
      midStream.add(failure);
      got.failure = failure;
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

/**
 * The child's message, answered as it is written: `on` sees each agent, token, build step and the
 * game; the promise gives the full reply (its `turns` are the final text). Busy and unavailable
 * answers before the stream opens are retried like `call`.
 */
async function streamMessage(sessionId: string, message: string, on: StreamHandlers): Promise<MessageResult> {
  const body = { message, session_id: sessionId };
  for (let attempt = 0; !streamMissing; attempt++) {
    try {
      const out = await streamOnce(body, on);
      if (out === UNAVAILABLE) break;
      return out;
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      const transient = e instanceof ApiError && (e.status === 409 || e.status === 503) && !midStream.has(e);
      if (!transient || delay === undefined) throw e;
      await sleep(delay);
    }
  }
  return call<MessageResult>('POST', '/api/message', body);
}

export const api = {
  streamMessage,
  startSession: () => call<StartResult>('POST', '/api/start_session', {}),
  sendMessage: (sessionId: string, message: string) =>
    call<MessageResult>('POST', '/api/message', { message, session_id: sessionId }),
  getSession: (sessionId: string) =>
    call<SessionInfo>('GET', `/api/session/${encodeURIComponent(sessionId)}`),
  /**
   * Deletes the conversation, its transcript and its games on the server, for good. A session the
   * server no longer knows counts as forgotten already.
   */
  forgetSession: async (sessionId: string): Promise<void> => {
    try {
      await call<{ deleted: true }>('DELETE', `/api/session/${encodeURIComponent(sessionId)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.sessionLost) return;
      throw e;
    }
  },
};
