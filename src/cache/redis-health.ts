import type { Log } from '../observability/log.js';
import type { ScaleMetrics } from './metrics.js';

/**
 * Tracks whether Redis is answering, so that an outage is logged once (not once per request) and
 * its end is logged too. Every fallback is counted. Recovery needs nothing from us: the client
 * reconnects by itself and the next successful command flips the state back.
 */
export class RedisHealth {
  private down = false;
  private readonly recoveryHooks: Array<() => void> = [];

  constructor(
    private readonly log: Log,
    private readonly metrics: ScaleMetrics,
  ) {
    metrics.redisUp.set(1);
  }

  get isDown(): boolean {
    return this.down;
  }

  failed(op: string, err: unknown): void {
    this.metrics.redisFallbacks.inc({ op });
    if (this.down) return;
    this.down = true;
    this.metrics.redisUp.set(0);
    const reason = err instanceof Error ? err.message : String(err);
    this.log.warn(
      { op, reason },
      'Redis is unavailable or slow: going on without it (database and in-process fallbacks)',
    );
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.metrics.redisUp.set(1);
    this.log.info({}, 'Redis is back');
    for (const hook of this.recoveryHooks) hook();
  }

  /** Runs after an outage ends (e.g. to drop cache entries that may have gone stale meanwhile). */
  onRecovery(hook: () => void): void {
    this.recoveryHooks.push(hook);
  }

  /** Runs a Redis operation; on failure records it and returns `fallback()` instead. */
  async attempt<T>(op: string, work: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await work();
    } catch (e) {
      this.failed(op, e);
      return fallback();
    }
    this.succeeded();
    return value;
  }
}
