import type { Log } from '../observability/log.js';
import type { ScaleMetrics } from './metrics.js';

export interface RedisHealthOptions {
  /**
   * A cheap command (PING) with the client's command timeout. Set, it alone decides when Redis is
   * back: every `probeEveryMs` while down, in the background, so no child's request pays for it.
   */
  probe?: () => Promise<unknown>;
  probeEveryMs?: number;
}

/**
 * Tracks whether Redis is answering, and is the breaker in front of it. A Redis that hangs
 * (stopped, blackholed: connected but silent) fails each command only at its timeout, and a
 * message makes several: ~1.3 s more per message for the whole outage. So after one failure the
 * breaker opens: every `attempt` takes its fallback at once, without touching Redis, until a
 * background probe succeeds. An outage is logged once,
 * its end too; every fallback is counted.
 */
export class RedisHealth {
  private down = false;
  private probing: NodeJS.Timeout | undefined;
  private readonly recoveryHooks: Array<() => void> = [];
  private readonly opts: RedisHealthOptions;

  constructor(
    private readonly log: Log,
    private readonly metrics: ScaleMetrics,
    opts: RedisHealthOptions = {},
  ) {
    this.opts = opts;
    metrics.redisUp.set(1);
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Probe with this from now on (the client is made after the tracker). */
  probeWith(probe: () => Promise<unknown>, everyMs = 250): void {
    this.opts.probe = probe;
    this.opts.probeEveryMs = everyMs;
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
    this.startProbing();
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.stopProbing();
    this.metrics.redisUp.set(1);
    this.log.info({}, 'Redis is back');
    for (const hook of this.recoveryHooks) hook();
  }

  /** Runs after an outage ends (e.g. to drop cache entries that may have gone stale meanwhile). */
  onRecovery(hook: () => void): void {
    this.recoveryHooks.push(hook);
  }

  /**
   * Whether a request may use Redis now. Without a probe there is no breaker (every request tries,
   * and the first success says Redis is back): tools and tests that make a tracker of their own.
   */
  private mayTry(): boolean {
    return !this.down || !this.opts.probe;
  }

  /** Runs a Redis operation; on failure, or while the breaker is open, returns `fallback()` instead. */
  async attempt<T>(op: string, work: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.mayTry()) {
      this.metrics.redisFallbacks.inc({ op });
      return fallback();
    }
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

  /** Best effort (an unlock, a lease renewal): done only while Redis answers; failures recorded. */
  async whenUp(op: string, work: () => Promise<unknown>): Promise<void> {
    await this.attempt(op, work, () => undefined);
  }

  /** Stops the background probe (on shutdown). */
  close(): void {
    this.stopProbing();
  }

  private startProbing(): void {
    const probe = this.opts.probe;
    if (!probe || this.probing) return;
    let inFlight = false;
    this.probing = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      probe()
        .then(
          () => this.succeeded(),
          () => {},
        )
        .finally(() => {
          inFlight = false;
        });
    }, this.opts.probeEveryMs ?? 250);
    this.probing.unref();
  }

  private stopProbing(): void {
    clearInterval(this.probing);
    this.probing = undefined;
  }
}
