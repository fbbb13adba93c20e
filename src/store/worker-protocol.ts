import { StoreUnavailableError, VersionConflictError } from './repository.js';

/**
 * The messages between the main thread and the storage worker (src/store/pglite-worker.ts). One
 * call = one whole Repository method, so a transaction (saveSession's optimistic write) runs
 * entirely inside the worker, atomic exactly as it is in-process. Arguments and results cross by
 * structured clone (plain data, Dates), errors as plain objects rebuilt on this side.
 */

export interface CallMessage {
  id: number;
  method: string;
  args: unknown[];
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/**
 * Calls and replies travel in batches: all those made in one turn of a thread's event loop (a
 * burst of requests read from their sockets together) go in one message, so a burst costs one
 * cross-thread wake-up, not one per call.
 */
export type ToWorker = { type: 'calls'; calls: CallMessage[] } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; methods: string[] }
  | { type: 'failed'; error: WireError }
  | { type: 'prepared' }
  | { type: 'closed' }
  | { type: 'replies'; replies: Reply[] };

/**
 * Collects items and hands them over once this turn of the event loop has done its I/O
 * (setImmediate runs right after the loop has read its sockets and ports): a microtask would flush
 * after each request's own callback, batching nothing across requests.
 *
 * A batch is also handed over as soon as it holds `max` items. A burst of replies lets the main
 * thread run a hundred turns in one go; held to the end of that burst, their calls would reach the
 * storage thread only when the main thread had finished, and its replies only when it had: the two
 * threads would take turns, each idle while the other worked. Handed over in small batches, the
 * storage thread starts on the first calls while the main thread is still making the next ones.
 */
export function batcher<T>(flush: (items: T[]) => void, max = 16): (item: T) => void {
  let batch: T[] = [];
  let scheduled = false;
  const send = () => {
    const items = batch;
    batch = [];
    if (items.length > 0) flush(items);
  };
  return (item) => {
    batch.push(item);
    if (batch.length >= max) send();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        send();
      });
    }
  };
}

export interface WireError {
  name: string;
  message: string;
  code?: string;
  sessionId?: string;
  cause?: WireError;
}

export function toWire(e: unknown, depth = 0): WireError {
  const err = e as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    sessionId?: unknown;
    cause?: unknown;
  };
  const wire: WireError = {
    name: typeof err?.name === 'string' ? err.name : 'Error',
    message: typeof err?.message === 'string' ? err.message : String(e),
  };
  if (typeof err?.code === 'string') wire.code = err.code;
  if (typeof err?.sessionId === 'string') wire.sessionId = err.sessionId;
  if (err?.cause !== undefined && depth < 3) wire.cause = toWire(err.cause, depth + 1);
  return wire;
}

/** The error as the in-process repository would have thrown it (same classes for the ones we map). */
export function fromWire(w: WireError): Error {
  if (w.name === 'VersionConflictError' && w.sessionId !== undefined)
    return new VersionConflictError(w.sessionId);
  const cause = w.cause ? fromWire(w.cause) : undefined;
  if (w.name === 'StoreUnavailableError') return new StoreUnavailableError(cause);
  const e = new Error(w.message, cause ? { cause } : undefined);
  e.name = w.name;
  if (w.code !== undefined) Object.assign(e, { code: w.code });
  return e;
}
