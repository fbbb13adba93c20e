import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnModuleWorker } from '../threads/spawn.js';
import { type FromWorker, fromWire } from './worker-protocol.js';

/**
 * A new embedded data directory is made (PGlite's initdb, then the migrations) by a storage thread
 * of its own that ends as soon as it is done; the store then opens the directory in a fresh thread.
 *
 * Why: PGlite runs initdb as a second Postgres with its own WebAssembly memory and copies the new
 * directory through memory, some 450 MB more at once. That memory is garbage afterwards, but an
 * idle thread's heap is never collected, so a first start stayed at 720-830 MB resident until the
 * process restarted (docs/memory.md). A thread that exits gives all of it back.
 */
export function needsPreparing(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

export async function prepareDataDir(dataDir: string): Promise<void> {
  const w = spawnModuleWorker(import.meta.url, 'pglite-worker', { dataDir, prepareOnly: true });
  try {
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: FromWorker) => {
        if (m.type === 'prepared') resolve();
        else if (m.type === 'failed') reject(fromWire(m.error));
      });
      w.on('error', reject);
      w.on('exit', (code) => reject(new Error(`the storage thread exited (${code}) making ${dataDir}`)));
    });
  } finally {
    await w.terminate();
  }
}
