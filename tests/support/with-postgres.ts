/**
 * Runs a command with TEST_DATABASE_URL pointing at a fresh database on the machine's PostgreSQL,
 * dropped afterwards: `tsx tests/support/with-postgres.ts npx vitest run tests/server` runs the API
 * suite on PostgreSQL (tests/support/app.ts reads TEST_DATABASE_URL). Without a server: fails under
 * CI=true, skips with a message otherwise.
 */
import { spawn } from 'node:child_process';
import { createFreshDatabase, postgresReachable } from './postgres.js';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: tsx tests/support/with-postgres.ts <command> [args...]');
  process.exit(2);
}
if (!(await postgresReachable())) {
  const msg = 'PostgreSQL on 127.0.0.1:5432 is not reachable: the API suite on PostgreSQL';
  if (process.env.CI === 'true') {
    console.error(`${msg} cannot run (CI=true: failing)`);
    process.exit(1);
  }
  console.warn(`${msg} is skipped`);
  process.exit(0);
}
const db = await createFreshDatabase();
console.log(`API suite on PostgreSQL: fresh database ${db.name}`);
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: db.url } });
const code = await new Promise<number>((resolve) =>
  child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))),
);
await db.drop().catch((e) => console.warn(`could not drop ${db.name}: ${(e as Error).message}`));
process.exit(code);
