import { Gauge, type Metric } from 'prom-client';
import { cachedValue } from './cached-value.js';

/**
 * The generation queue's backlog, for the queue alerts: jobs by state and the age of the oldest
 * one still waiting for a worker. Read from Redis at most every `maxAgeMs`, in the background (a
 * scrape never waits on Redis). Every process with the queue exports the same numbers, so alerts
 * and dashboards take `max` over instances, never `sum`.
 */

/** What is read of a BullMQ Queue (structurally: this folder does not import src/jobs). */
export interface QueueReader {
  getJobCounts(...types: QueueState[]): Promise<Record<string, number>>;
  getJobs(
    types: QueueState[],
    start: number,
    end: number,
    asc: boolean,
  ): Promise<Array<{ timestamp: number } | undefined>>;
}

type QueueState = 'waiting' | 'prioritized' | 'delayed' | 'active';
const STATES: QueueState[] = ['waiting', 'prioritized', 'delayed', 'active'];

interface Backlog {
  counts: Record<QueueState, number>;
  /** When the oldest waiting job was added (ms); null when none waits. Its age grows between reads. */
  oldestWaitingSince: number | null;
}

export function createQueueGauges(
  queue: QueueReader,
  opts: { maxAgeMs: number; now?: () => number },
): { metrics: Metric[]; refresh(): Promise<void> } {
  const now = opts.now ?? Date.now;
  const backlog = cachedValue<Backlog | null>(
    async () => {
      const counts = await queue.getJobCounts(...STATES);
      // Oldest first: BullMQ takes jobs from this end of the list.
      const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
      return {
        counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as Backlog['counts'],
        oldestWaitingSince: oldest ? oldest.timestamp : null,
      };
    },
    { maxAgeMs: opts.maxAgeMs, initial: null, now },
  );
  const jobs = new Gauge({
    name: 'gamemaker_generation_queue_jobs',
    help: 'Generation jobs in the queue by state (waiting, prioritized, delayed, active); the same on every instance: use max',
    labelNames: ['state'] as const,
    registers: [],
    collect() {
      const b = backlog.get();
      if (b) for (const s of STATES) this.set({ state: s }, b.counts[s]);
    },
  });
  const oldest = new Gauge({
    name: 'gamemaker_generation_queue_oldest_waiting_seconds',
    help: 'Age of the oldest generation job no worker has taken yet (0: none waiting); the same on every instance: use max',
    registers: [],
    collect() {
      const b = backlog.get();
      if (b) this.set(b.oldestWaitingSince === null ? 0 : Math.max(0, (now() - b.oldestWaitingSince) / 1000));
    },
  });
  return { metrics: [jobs, oldest], refresh: () => backlog.refresh() };
}
