import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import { startWorkerRepository } from '../../src/store/worker-repository.js';
import { repositoryContract } from './repository-contract.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'gamemaker-repo-'));

repositoryContract('PGlite in this thread', async () => {
  const dir = tempDir();
  const db = openDatabase({ dataDir: dir });
  await db.migrate();
  const repo = createDrizzleRepository(db);
  return {
    repo,
    async close() {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// As the app runs it: PGlite, migrated, in the storage worker thread, sessions remembered there.
repositoryContract('PGlite in the storage worker', async () => {
  const dir = tempDir();
  const repo = await startWorkerRepository({ dataDir: dir });
  return {
    repo,
    async close() {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
