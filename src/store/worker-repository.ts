import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../threads/spawn.js';
import { needsPreparing, prepareDataDir } from './prepare-data-dir.js';
import { type Repository, StoreUnavailableError } from './repository.js';
import { batcher, type CallMessage, type FromWorker, fromWire, type ToWorker } from './worker-protocol.js';

/**
 * The embedded PGlite behind a worker thread (src/store/pglite-worker.ts), as a Repository.
 *
 * Why a whole repository call per message rather than SQL proxied statement by statement: the
 * repository's transactions (saveSession's optimistic write with its transcript) then run inside
 * the worker unchanged and stay atomic, with no transaction protocol across threads; a message
 * costs one round trip instead of four to six; and Drizzle's query building moves off the HTTP
 * thread too. Every Repository method the Drizzle repository has is offered, as the worker lists
 * them (new ones need nothing here), as long as their arguments and results are plain data.
 *
 * - Bounded: past `maxPending` calls in flight a call fails at once with StoreUnavailableError
 *   (503 with a retry hint) instead of queueing without end.
 * - A worker that dies fails its calls with StoreUnavailableError and is restarted on the next
 *   call (at most once per `restartDelayMs`): PGlite recovers its data directory at start.
 * - close() stops taking calls, waits for those in flight, lets the worker close PGlite cleanly,
 *   then ends the thread.
 */

export interface WorkerRepositoryOptions {
  dataDir: string;
  /** Calls in flight at most; more fail fast. */
  maxPending?: number;
  restartDelayMs?: number;
  /** Longest wait for in-flight calls and PGlite's own close at shutdown. */
  closeTimeoutMs?: number;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * The storage thread's own JavaScript heap, kept small: it holds the session memo and PGlite's glue
 * (PGlite's database memory is WebAssembly memory, outside these limits). V8 sizes a thread's young
 * generation like the main thread's (up to 48 MB) and only collects an idle thread's garbage when
 * it runs out of room, so unlimited, this thread's heap was 67 MB after 1,000 children, most of it
 * garbage (docs/measurements/2026-12-08-memory-embedded.md). A thread that outgrows the old
 * generation's cap is ended by Node and restarted like a crashed one (its calls fail with a retry).
 */
export const STORE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 96 };

const spawnWorker = (workerData: unknown) =>
  spawnModuleWorker(import.meta.url, 'pglite-worker', workerData, STORE_THREAD_LIMITS);

const unavailable = (why: string) => new StoreUnavailableError(new Error(why));

export async function startWorkerRepository(opts: WorkerRepositoryOptions): Promise<Repository> {
  const maxPending = opts.maxPending ?? 4096;
  const restartDelayMs = opts.restartDelayMs ?? 2_000;
  const closeTimeoutMs = opts.closeTimeoutMs ?? 15_000;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let starting: Promise<Worker> | null = null;
  let lastStart = 0;
  let closing = false;
  let idle: (() => void) | null = null;
  let onClosed: (() => void) | null = null;
  /** The repository's methods, as the worker lists them when it is ready. */
  let methods: string[] = [];

  const settle = (id: number, f: (p: Pending) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    f(p);
    if (pending.size === 0) {
      // An idle worker does not keep the process alive; one with calls in flight does.
      worker?.unref();
      idle?.();
    }
  };

  function failAll(why: string) {
    for (const id of [...pending.keys()]) settle(id, (p) => p.reject(unavailable(why)));
  }

  async function start(): Promise<Worker> {
    lastStart = Date.now();
    if (needsPreparing(opts.dataDir)) await prepareDataDir(opts.dataDir);
    const w = spawnWorker({ dataDir: opts.dataDir });
    return new Promise<Worker>((resolve, reject) => {
      let ready = false;
      w.on('message', (m: FromWorker) => {
        if (m.type === 'replies') {
          for (const r of m.replies) {
            if (r.ok) settle(r.id, (p) => p.resolve(r.value));
            else settle(r.id, (p) => p.reject(fromWire(r.error)));
          }
        } else if (m.type === 'ready') {
          ready = true;
          methods = m.methods;
          resolve(w);
        } else if (m.type === 'failed') {
          reject(fromWire(m.error));
        } else if (m.type === 'closed') {
          onClosed?.();
        }
      });
      w.on('error', (e) => {
        if (!ready) reject(e);
      });
      w.on('exit', () => {
        if (worker === w) worker = null;
        if (!ready) reject(new Error('the storage worker exited while starting'));
        // Calls it had not answered are lost with it: fail them now rather than never.
        if (!closing) failAll('the storage worker stopped');
        onClosed?.();
      });
    });
  }

  async function ensureWorker(): Promise<Worker> {
    if (worker) return worker;
    if (!starting) {
      if (Date.now() - lastStart < restartDelayMs) throw unavailable('the storage worker is restarting');
      starting = start().then(
        (w) => {
          worker = w;
          starting = null;
          return w;
        },
        (e: unknown) => {
          starting = null;
          throw new StoreUnavailableError(e);
        },
      );
    }
    return starting;
  }

  /** Sends this turn's calls together, once the worker is there. */
  const outbox = batcher<CallMessage>((calls) => {
    const post = (w: Worker) => {
      w.ref();
      try {
        w.postMessage({ type: 'calls', calls } satisfies ToWorker);
      } catch (e) {
        // Arguments that cannot be cloned (a function, a class instance with private state):
        // find the culprit, so that only its call fails.
        for (const c of calls) {
          try {
            w.postMessage({ type: 'calls', calls: [c] } satisfies ToWorker);
          } catch {
            settle(c.id, (p) => p.reject(e));
          }
        }
      }
    };
    if (worker) post(worker);
    else
      ensureWorker().then(post, (e: unknown) => {
        for (const c of calls) settle(c.id, (p) => p.reject(e));
      });
  });

  function call(method: string, args: unknown[]): Promise<unknown> {
    if (closing) return Promise.reject(unavailable('the store is closing'));
    if (pending.size >= maxPending) return Promise.reject(unavailable('the storage queue is full'));
    const id = nextId++;
    const result = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
    outbox({ id, method, args });
    return result;
  }

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    const w = worker ?? (await starting?.catch(() => null)) ?? null;
    if (!w) return;
    const deadline = new Promise<void>((r) => setTimeout(r, closeTimeoutMs).unref());
    if (pending.size > 0) await Promise.race([new Promise<void>((r) => (idle = r)), deadline]);
    const closed = new Promise<void>((r) => (onClosed = r));
    w.ref();
    w.postMessage({ type: 'close' } satisfies ToWorker);
    await Promise.race([closed, deadline]);
    failAll('the store closed');
    await w.terminate();
  }

  (await ensureWorker()).unref();
  const repo: Record<string | symbol, unknown> = { close };
  for (const name of methods) repo[name] = (...args: unknown[]) => call(name, args);
  Object.defineProperty(repo, STORE_WORKER, { get: () => worker, enumerable: false });
  return repo as unknown as Repository;
}

/** For tests: the live worker thread behind a repository from startWorkerRepository, if any. */
export const STORE_WORKER = Symbol('gamemaker.storeWorker');
