import { performance } from 'node:perf_hooks';

/**
 * Admission control for conversation turns: how many may run at once in this process, adjusted to
 * keep the event loop responsive.
 *
 * Without it, a burst of a thousand children starts a thousand turns at once. They interleave on
 * the one event loop, so every step of every turn waits behind all the others: each turn takes as
 * long as the whole burst, a pooled database connection is held across those waits until the pool
 * times out (503), Redis replies are read too late, and /api/health waits seconds for its turn.
 * Queued in order instead, admitted turns finish in milliseconds and the rest wait their turn,
 * holding nothing.
 *
 * The limit is not fixed: turns on the offline brain are CPU-bound (a few in flight saturate the
 * process), turns that wait seconds for a model provider are not (hundreds can be in flight). So
 * the limit follows the event loop, measured every `intervalMs`: when it is late (mean delay above
 * `targetDelayMs`) and busy, the limit shrinks by a fifth; when turns are queued and the loop keeps
 * up or has idle time, it grows by a tenth (quick to back off, careful to grow).
 */

export interface Admission {
  /** Waits for a slot; call the returned function when the turn is over. */
  enter(): Promise<() => void>;
  /** A slot now if one is free and nobody is waiting, else null (then `enter` queues). */
  tryEnter(): (() => void) | null;
  /** For metrics and tests. */
  readonly state: { limit: number; running: number; queued: number };
  close(): void;
}

export interface AdmissionOptions {
  /** Event-loop delay (mean over an interval, ms) above which fewer turns are let in. */
  targetDelayMs?: number;
  initialLimit?: number;
  minLimit?: number;
  maxLimit?: number;
  intervalMs?: number;
}

export function createAdmission(opts: AdmissionOptions = {}): Admission {
  const target = opts.targetDelayMs ?? 15;
  const min = opts.minLimit ?? 32;
  const max = opts.maxLimit ?? 2_000;
  const intervalMs = opts.intervalMs ?? 200;
  let limit = Math.min(max, Math.max(min, opts.initialLimit ?? 64));
  let running = 0;
  const queue: Array<() => void> = [];

  // The loop's delay: how late a 10 ms timer fires, averaged over each interval. A mean, not a
  // maximum: one GC pause or one moment without a core on a busy machine is no reason to let
  // fewer turns in; a loop that is late all the time is.
  const SAMPLE_MS = 10;
  let lateSum = 0;
  let samples = 0;
  let expected = performance.now() + SAMPLE_MS;
  const sampler = setInterval(() => {
    const now = performance.now();
    lateSum += Math.max(0, now - expected);
    samples++;
    expected = now + SAMPLE_MS;
  }, SAMPLE_MS);
  sampler.unref();

  const leave = () => {
    running--;
    admit();
  };
  const slot = () => {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      leave();
    };
  };
  function admit() {
    while (running < limit && queue.length > 0) {
      running++;
      (queue.shift() as () => void)();
    }
  }

  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    // A stall longer than the whole interval leaves a single, very late sample: it still counts.
    const late = samples === 0 ? intervalMs : lateSum / samples;
    lateSum = 0;
    samples = 0;
    // The share of the interval the loop was working rather than waiting for I/O. Lateness alone
    // cannot tell a loop with too much to do from a process the OS did not give a core (a busy
    // machine): only the first is helped by letting fewer turns in. And a loop with idle time
    // while turns wait in the queue is wasting it: those turns are waiting on I/O (a model, the
    // database), so more of them can run.
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, elu).utilization;
    elu = now;
    if (late > target && busy > 0.9) {
      // Shrink towards what is running now, so a long queue cannot keep the loop saturated.
      limit = Math.max(min, Math.min(limit, Math.floor(running * 0.8)));
    } else if (queue.length > 0 && running >= limit && (late <= target || busy < 0.9)) {
      // Turns are waiting and the loop keeps up: let a few more in (a tenth, at least one).
      limit = Math.min(max, limit + Math.max(1, Math.ceil(limit / 10)));
      admit();
    }
  }, intervalMs);
  timer.unref();

  function tryEnter() {
    if (running >= limit || queue.length > 0) return null;
    running++;
    return slot();
  }

  return {
    async enter() {
      const now = tryEnter();
      if (now) return now;
      await new Promise<void>((resolve) => queue.push(resolve));
      return slot();
    },
    tryEnter,
    get state() {
      return { limit, running, queued: queue.length };
    },
    close() {
      clearInterval(timer);
      clearInterval(sampler);
      // Nobody is left waiting for a slot that will never come.
      limit = Number.POSITIVE_INFINITY;
      admit();
    },
  };
}
