import { openDatabase } from './database.js';
import { createDrizzleRepository } from './drizzle-repository.js';
import type { Repository } from './repository.js';
import { startWorkerRepository } from './worker-repository.js';

/**
 * Storage as the app uses it, migrated and ready: PostgreSQL through a pool when DATABASE_URL is
 * set, else the embedded PGlite in DATA_DIR, run in a worker thread so that its queries (which do
 * not yield) never stall HTTP. Same schema, migrations and Repository either way.
 */
export async function openStore(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<{ repo: Repository; kind: 'pglite' | 'postgres' }> {
  if (!opts.databaseUrl) {
    return { repo: await startWorkerRepository({ dataDir: opts.dataDir }), kind: 'pglite' };
  }
  const database = openDatabase({
    databaseUrl: opts.databaseUrl,
    dataDir: opts.dataDir,
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
  });
  await database.migrate();
  return { repo: createDrizzleRepository(database), kind: 'postgres' };
}
