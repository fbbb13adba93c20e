import { statfs } from 'node:fs/promises';

/**
 * Free space where the embedded database writes (DATA_DIR), for readiness. PGlite in a full file
 * system fails every write, so an instance below `failMb` is taken out of the balancer before the
 * children's messages fail; below `lowMb` it stays in but says `low` (an operator's warning, and
 * the number to alert on). statfs costs microseconds, but a balancer asks twice a second: a figure
 * younger than `freshMs` is reused.
 */
export interface DiskVerdict {
  free_mb: number;
  status: 'ok' | 'low' | 'full';
}

export const DISK_LOW_MB = 512;
export const DISK_FULL_MB = 64;

export function diskProbe(dir: string, opts: { lowMb?: number; failMb?: number; freshMs?: number } = {}) {
  const lowMb = opts.lowMb ?? DISK_LOW_MB;
  const failMb = opts.failMb ?? DISK_FULL_MB;
  const freshMs = opts.freshMs ?? 5_000;
  let last: { verdict: DiskVerdict; at: number } | null = null;
  return async (): Promise<DiskVerdict | null> => {
    if (last && Date.now() - last.at < freshMs) return last.verdict;
    try {
      const s = await statfs(dir);
      const free = Math.floor((Number(s.bavail) * Number(s.bsize)) / 2 ** 20);
      const status = free < failMb ? 'full' : free < lowMb ? 'low' : 'ok';
      last = { verdict: { free_mb: free, status }, at: Date.now() };
      return last.verdict;
    } catch {
      // A directory that cannot be measured says nothing either way: the database probe decides.
      return null;
    }
  };
}

/**
 * The data directory named by the storage label bootstrap gives ("pglite:<dir>"), or null for
 * PostgreSQL, whose disk is the database server's. The path itself is never shown (src/server/routes/health.ts).
 */
export function embeddedDataDir(storage: string): string | null {
  return storage.startsWith('pglite:') ? storage.slice('pglite:'.length) : null;
}

/** The storage label as /api/health shows it: the kind, never a path on the server. */
export function publicStorage(storage: string): string {
  return storage.split(':')[0] ?? storage;
}
