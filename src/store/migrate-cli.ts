import { loadConfigOrExit, loadDotEnv } from '../config.js';
import { openDatabase } from './database.js';

/** `npm run migrate` / `make migrate`: apply migrations and exit (the app also does it at start). */
// The same settings as the app: `.env` under the real environment, a bad value exits 2 naming it.
loadDotEnv();
const config = loadConfigOrExit();
const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  console.log(
    `migrations applied (${database.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`,
  );
} finally {
  await database.close();
}
