/**
 * A value read from somewhere slow (the database, Redis) for a metric, so that a scrape never waits
 * on it or adds a query: `get()` answers from the cache at once and, when the value is older than
 * `maxAgeMs`, starts one read in the background for the next scrape. At most one read runs at a
 * time and at most one starts per `maxAgeMs`, however often anyone scrapes. A failed read keeps the
 * last value (an outage shows as a stale number, not a failed scrape).
 */
export interface CachedValue<T> {
  /** The last value read (`initial` until the first read returns). */
  get(): T;
  /** Reads now unless a read is running; resolves when that read is done. */
  refresh(): Promise<void>;
}

export function cachedValue<T>(
  read: () => Promise<T>,
  opts: { maxAgeMs: number; initial: T; now?: () => number },
): CachedValue<T> {
  const now = opts.now ?? Date.now;
  let value = opts.initial;
  let readAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  const refresh = () => {
    if (running) return running;
    readAt = now();
    running = read()
      .then(
        (v) => {
          value = v;
        },
        () => {},
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    get() {
      if (now() - readAt >= opts.maxAgeMs) void refresh();
      return value;
    },
    refresh,
  };
}
