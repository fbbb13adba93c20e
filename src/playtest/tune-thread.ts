import type { Worker } from 'node:worker_threads';
import type { GameSpec } from '../games/spec.js';
import { spawnModuleWorker } from '../threads/spawn.js';
import { type PlaytestedOptions, playtested } from './record.js';
import type { TuneReply } from './tune-worker.js';

/**
 * Playtesting off the thread that serves HTTP. The bots' games cost a few hundred milliseconds of
 * CPU per new game; on the main thread that is a pause for every child talking to this process.
 * One worker thread, started on first use, plays specs one after another. If the thread cannot
 * start or dies, the spec is played here instead: slower for others, never lost.
 */
export interface Playtester {
  playtested(spec: GameSpec, opts?: PlaytestedOptions): Promise<GameSpec>;
  close(): Promise<void>;
}

/** In the calling thread: for workers and tools that have no HTTP to keep responsive. */
export const inThreadPlaytester: Playtester = {
  playtested: async (spec, opts) => playtested(spec, opts),
  close: async () => {},
};

export function startPlaytestThread(): Playtester {
  let worker: Worker | null = null;
  let broken = false;
  let seq = 0;
  const pending = new Map<number, { resolve: (s: GameSpec) => void; reject: (e: Error) => void }>();

  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };
  const thread = (): Worker | null => {
    if (worker || broken) return worker;
    try {
      const w = spawnModuleWorker(import.meta.url, 'tune-worker', null);
      w.on('message', (r: TuneReply) => {
        const p = pending.get(r.id);
        pending.delete(r.id);
        if (pending.size === 0) w.unref();
        if (r.ok) p?.resolve(r.spec);
        else p?.reject(new Error(`playtest failed: ${r.message}`));
      });
      w.on('error', () => {
        broken = true;
        worker = null;
        failAll('playtest thread failed');
      });
      w.on('exit', () => {
        worker = null;
        failAll('playtest thread exited');
      });
      // An idle thread does not keep the process alive; one with a game to play does.
      w.unref();
      worker = w;
    } catch {
      broken = true;
    }
    return worker;
  };

  return {
    async playtested(spec, opts = {}) {
      const w = thread();
      if (!w) return playtested(spec, opts);
      const id = ++seq;
      const done = new Promise<GameSpec>((resolve, reject) => pending.set(id, { resolve, reject }));
      w.ref();
      w.postMessage({ id, spec, opts });
      // A thread that died mid-game leaves this one to be played here.
      return done.catch(() => playtested(spec, opts));
    },
    async close() {
      const w = worker;
      worker = null;
      broken = true;
      failAll('closing');
      await w?.terminate();
    },
  };
}
