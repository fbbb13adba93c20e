import type { AgentName, Phase } from '../agents/state.js';

/**
 * The page's only way to the server: three calls of the v1 API. Kept small on purpose so the
 * streaming endpoint can be added beside `sendMessage` without touching the views.
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

async function once<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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
async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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

export const api = {
  startSession: () => call<StartResult>('POST', '/api/start_session', {}),
  sendMessage: (sessionId: string, message: string) =>
    call<MessageResult>('POST', '/api/message', { message, session_id: sessionId }),
  getSession: (sessionId: string) =>
    call<SessionInfo>('GET', `/api/session/${encodeURIComponent(sessionId)}`),
};
