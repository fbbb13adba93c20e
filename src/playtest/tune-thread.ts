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
export interface PlaytestRequest extends PlaytestedOptions {
  /**
   * `child` (the default): a game a child is waiting for, played first and never refused.
   * `posted`: a spec posted to POST /api/games, queued behind children's up to a bound.
   */
  lane?: 'child' | 'posted';
}

export interface Playtester {
  playtested(spec: GameSpec, opts?: PlaytestRequest): Promise<GameSpec>;
  close(): Promise<void>;
}

/** The posted lane is full: the route answers 503 `playtest_busy` with a retry hint. */
export class PlaytestBusyError extends Error {
  readonly retryAfterSeconds = 5;
  constructor() {
    super('the playtest queue for posted games is full');
    this.name = 'PlaytestBusyError';
  }
}

/** In the calling thread: for workers and tools that have no HTTP to keep responsive. */
export const inThreadPlaytester: Playtester = {
  playtested: async (spec, { lane: _lane, ...opts } = {}) => playtested(spec, opts),
  close: async () => {},
};

interface Job {
  spec: GameSpec;
  opts: PlaytestedOptions;
  resolve: (s: GameSpec) => void;
  reject: (e: Error) => void;
}

/**
 * One game at a time goes to the thread, children's first: before, every spec was posted to the
 * thread at once, so 30 posted specs in its queue delayed a child's game from 28 ms to 8.3 s.
 * Posted specs wait at most `postedQueueMax` deep; beyond that they are refused, not queued.
 */
export function startPlaytestThread(opts: { postedQueueMax?: number } = {}): Playtester {
  const postedMax = opts.postedQueueMax ?? 4;
  const lanes = { child: [] as Job[], posted: [] as Job[] };
  let worker: Worker | null = null;
  let broken = false;
  let seq = 0;
  const pending = new Map<number, Job>();

  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
    for (const j of [...lanes.child.splice(0), ...lanes.posted.splice(0)]) j.reject(new Error(why));
  };
  /** The next game to the thread when it has none: a child's before a posted one. */
  const pump = () => {
    const w = worker;
    if (!w || pending.size > 0) return;
    const job = lanes.child.shift() ?? lanes.posted.shift();
    if (!job) return;
    const id = ++seq;
    pending.set(id, job);
    w.ref();
    w.postMessage({ id, spec: job.spec, opts: job.opts });
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
        pump();
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
    async playtested(spec, { lane = 'child', ...given } = {}) {
      const w = thread();
      if (!w) return playtested(spec, given);
      if (lane === 'posted' && lanes.posted.length >= postedMax && pending.size > 0) {
        throw new PlaytestBusyError();
      }
      const done = new Promise<GameSpec>((resolve, reject) =>
        lanes[lane].push({ spec, opts: given, resolve, reject }),
      );
      pump();
      // A thread that died mid-game leaves this one to be played here.
      return done.catch(() => playtested(spec, given));
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
