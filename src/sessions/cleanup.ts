import type { Log } from '../observability/log.js';
import type { Repository } from '../store/repository.js';

/**
 * The periodic clean-up: deletes sessions idle past their expiry, with their transcripts, unless a
 * game was saved. Every instance may run it; deleting is idempotent, so no coordination is needed.
 * Works in batches so a large backlog never becomes one long transaction.
 */
export function startSessionCleanup(opts: {
  repo: Repository;
  intervalMs: number;
  log: Log;
  /** Games made outside a conversation are deleted this long after they were made. */
  openGameTtlMs?: number;
  batch?: number;
}): { runOnce(): Promise<number>; stop(): Promise<void> } {
  const batch = opts.batch ?? 500;
  let running: Promise<number> | null = null;

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await opts.repo.deleteExpired(new Date(), batch);
      total += n;
      if (n < batch) break;
    }
    if (total > 0) opts.log.info({ deleted: total }, 'expired sessions deleted');
    if (opts.openGameTtlMs !== undefined) {
      const before = new Date(Date.now() - opts.openGameTtlMs);
      let games = 0;
      for (;;) {
        const n = await opts.repo.deleteExpiredOpenGames(before, batch);
        games += n;
        if (n < batch) break;
      }
      if (games > 0) opts.log.info({ deleted: games }, 'expired open games deleted');
      total += games;
    }
    return total;
  }

  const runOnce = () => {
    running ??= sweep().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    runOnce().catch((e) =>
      opts.log.warn({ reason: (e as Error).message }, 'session clean-up failed; will retry'),
    );
  }, opts.intervalMs);
  // The clean-up never keeps the process alive on its own.
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
