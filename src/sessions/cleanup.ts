import type { Log } from '../observability/log.js';
import type { Repository } from '../store/repository.js';

/**
 * The periodic clean-up, enforcing the retention stated in src/store/retention.ts: sessions idle past their
 * expiry that made no game go with their transcripts; transcripts of conversations that made a game
 * go after `transcriptTtlMs` idle (the game stays); those conversations go with their games after
 * `gameSessionTtlMs`; open games after `openGameTtlMs`. Every instance may run it; deleting is
 * idempotent, so no coordination is needed. Works in batches so a large backlog never becomes one
 * long transaction.
 */

/** Runs a bounded delete until a batch comes back short. */
async function drain(del: (limit: number) => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await del(batch);
    total += n;
    if (n < batch) return total;
  }
}

export function startSessionCleanup(opts: {
  repo: Repository;
  intervalMs: number;
  log: Log;
  /** Games made outside a conversation are deleted this long after they were made. */
  openGameTtlMs?: number;
  /** Transcripts of conversations that made a game are deleted after this long idle. */
  transcriptTtlMs?: number;
  /** Conversations that made a game are deleted with their games after this long idle. */
  gameSessionTtlMs?: number;
  batch?: number;
}): { runOnce(): Promise<number>; stop(): Promise<void> } {
  const batch = opts.batch ?? 500;
  let running: Promise<number> | null = null;
  const ago = (ms: number) => new Date(Date.now() - ms);

  async function sweep(): Promise<number> {
    const now = new Date();
    const expired = await drain((n) => opts.repo.deleteExpired(now, n), batch);
    if (expired > 0) opts.log.info({ deleted: expired }, 'expired sessions deleted');
    let total = expired;
    type Step = [number | undefined, (before: Date, n: number) => Promise<number>, string];
    const steps: Step[] = [
      [opts.openGameTtlMs, (b, n) => opts.repo.deleteExpiredOpenGames(b, n), 'expired open games deleted'],
      [opts.transcriptTtlMs, (b, n) => opts.repo.deleteOldTranscripts(b, n), 'old transcripts deleted'],
      [opts.gameSessionTtlMs, (b, n) => opts.repo.deleteOldGameSessions(b, n), 'old games deleted'],
    ];
    for (const [ttl, del, said] of steps) {
      if (ttl === undefined) continue;
      const before = ago(ttl);
      const n = await drain((limit) => del(before, limit), batch);
      if (n > 0) opts.log.info({ deleted: n }, said);
      total += n;
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
