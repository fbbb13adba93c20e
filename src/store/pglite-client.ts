import { fsyncSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';

/**
 * PGlite as Drizzle's client, without a cost Drizzle's driver adds to every query.
 *
 * Drizzle's PGlite driver passes its own result parsers with each query (dates and intervals
 * kept as text, which Drizzle's columns then map). PGlite merges per-query parsers into a copy of
 * its whole parser table (some 300 types once array types are loaded), per query: measured at
 * about 300 µs of a 550 µs point select. Here the same parsers are installed once on the client,
 * and each query goes through without them: the rows Drizzle gets are identical.
 */

const asText = (value: string) => value;

/** The parsers Drizzle's PGlite driver sends with every query (drizzle-orm/pglite/session.js). */
export const DRIZZLE_PARSERS: Record<number, (value: string) => unknown> = {
  [types.TIMESTAMP]: asText,
  [types.TIMESTAMPTZ]: asText,
  [types.INTERVAL]: asText,
  [types.DATE]: asText,
  1231: asText, // numeric[]
  1115: asText, // timestamp[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1182: asText, // date[]
};

type QueryOptions = { rowMode?: 'array' | 'object' } | undefined;

/** The part of PGlite's API Drizzle's driver and migrator call. */
export interface LeanClient {
  query(text: string, params?: unknown[], options?: QueryOptions): ReturnType<PGlite['query']>;
  transaction<T>(fn: (tx: LeanClient) => Promise<T>): Promise<T>;
}

function lean(target: PGlite | Transaction): LeanClient {
  return {
    query: (text, params, options) =>
      target.query(text, params, options?.rowMode ? { rowMode: options.rowMode } : undefined),
    transaction: (fn) => {
      if (!(target instanceof PGlite)) throw new Error('nested transactions go through savepoints');
      return target.transaction((tx) => fn(lean(tx)));
    },
  };
}

/**
 * PostgreSQL's shared buffers inside PGlite's WebAssembly memory, which the process holds whole:
 * the default 128 MB put a PGlite store at some 310 MB resident, 16 MB at 160 MB (docs/memory.md),
 * and a store of sessions and games is read through the operating system's file cache anyway.
 * PGlite writes it into the data directory's configuration before Postgres starts.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * Postgres compiled to WebAssembly (a 9 MB module) runs on V8's baseline compiler only. V8 by
 * default recompiles every hot WebAssembly function with its optimising compiler as well and keeps
 * both: for PGlite that was 60-80 MB more resident memory, and it grows as more of Postgres gets
 * hot. Measured on this store's workload (docs/measurements/2026-12-08-memory-embedded.md) the
 * baseline code was no slower: the store's queries wait on the file system and on PGlite's
 * protocol layer, not on Postgres's inner loops, and the optimising compiler's own work competes
 * for the same cores. The flag is process-wide (V8 has no per-thread flags) and is read when a
 * module is compiled: the other WebAssembly in the process, Node's HTTP parser for fetch, is
 * small and runs on the baseline compiler too.
 */
let baselineOnly = false;
export function wasmBaselineOnly(): void {
  if (baselineOnly) return;
  baselineOnly = true;
  setFlagsFromString('--liftoff-only');
}

/**
 * Durable commits. PGlite starts Postgres with `-F` (fsync off), and its file system layer
 * (Emscripten's NODEFS) has no fsync at all; its fdatasync is an empty stub. So a committed message
 * was only in the operating system's cache: safe from a crash of the process, lost to a crash of
 * the machine. Here Postgres runs with fsync on and syncs the WAL with fsync() (not the stubbed
 * fdatasync), and NODEFS gets the fsync it lacks: one real fsync per commit (measured +2-3 ms a
 * commit on this machine's ext4, docs/measurements/2026-12-08-memory-embedded.md).
 */
const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

type EmscriptenFs = { filesystems?: { NODEFS?: { stream_ops: Record<string, unknown> } } };

/** Gives PGlite's NODEFS the fsync Emscripten leaves out; false if PGlite's insides moved. */
function syncToDisk(client: PGlite): boolean {
  const nodefs = (client as unknown as { mod?: { FS?: EmscriptenFs } }).mod?.FS?.filesystems?.NODEFS;
  if (!nodefs) return false;
  nodefs.stream_ops.fsync = (stream: { nfd?: number }) => {
    if (typeof stream.nfd === 'number') fsyncSync(stream.nfd);
    return 0;
  };
  return true;
}

export function openPgliteClient(dataDir: string): { client: PGlite; lean: LeanClient } {
  wasmBaselineOnly();
  const client = new PGlite(dataDir, {
    parsers: DRIZZLE_PARSERS,
    postgresqlconf: [`shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    startParams: DURABLE_START_PARAMS,
  });
  // PGlite derives the array types' parsers while it starts, over the ones given: set Drizzle's
  // again once it is ready (this runs before any query, which waits for readiness too).
  client.waitReady.then(
    () => {
      Object.assign(client.parsers, DRIZZLE_PARSERS);
      if (!syncToDisk(client))
        process.emitWarning('PGlite: no file system hook for fsync; commits are not synced');
    },
    () => {},
  );
  return { client, lean: lean(client) };
}
