/**
 * VACUUM for the embedded PGlite, which has no autovacuum (Postgres in single-user mode runs no
 * background workers). Every message rewrites its session's row, and without a vacuum the old
 * versions are never reused: the issue measured 23-42 KB of disk per 2,000-character message, the
 * sessions table 97% dead after 1,000 of them. A plain VACUUM (not FULL: no exclusive rewrite)
 * marks the dead rows' space for reuse, so the files stop growing once the live data stops growing.
 *
 * Run after every `everyWrites` writes, and every `everyMs` in any case (deletions by the expiry
 * clean-up count too). Never two at once; a failed vacuum is retried at the next trigger.
 */
export const VACUUM_EVERY_WRITES = 500;
export const VACUUM_EVERY_MS = 10 * 60_000;

export interface VacuumSchedule {
  /** Counts one write; starts a vacuum when enough have been made since the last. */
  wrote(): void;
  /** Resolves when no vacuum is running. */
  idle(): Promise<void>;
  /** Vacuums done so far (for tests and logs). */
  count(): number;
  stop(): void;
}

export function vacuumSchedule(opts: {
  run: () => Promise<unknown>;
  everyWrites?: number;
  everyMs?: number;
}): VacuumSchedule {
  const everyWrites = opts.everyWrites ?? VACUUM_EVERY_WRITES;
  let writes = 0;
  let done = 0;
  let running: Promise<void> | null = null;
  const start = () => {
    if (running) return;
    writes = 0;
    running = opts
      .run()
      .then(
        () => {
          done++;
        },
        () => {},
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(start, opts.everyMs ?? VACUUM_EVERY_MS);
  timer.unref();
  return {
    wrote() {
      if (++writes >= everyWrites) start();
    },
    idle: async () => {
      await running;
    },
    count: () => done,
    stop: () => clearInterval(timer),
  };
}
