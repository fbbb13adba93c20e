import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which session the current agent turn belongs to. The Brain interface carries no session id
 * (brains are pure functions of state), but a generation job reports progress on the session's
 * channel; the conversation service sets this around each turn.
 */
const storage = new AsyncLocalStorage<{ sessionId: string }>();

export function withSessionContext<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
  return storage.run({ sessionId }, work);
}

export function currentSessionId(): string | null {
  return storage.getStore()?.sessionId ?? null;
}
