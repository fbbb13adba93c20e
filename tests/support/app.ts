import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Brain } from '../../src/agents/brain.js';
import { bootstrap, type Services } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { silentLog } from '../../src/observability/log.js';
import { buildApp, LOG_REDACT } from '../../src/server/app.js';
import type { Repository } from '../../src/store/repository.js';
import { deleteKeys } from './redis.js';

export interface TestApp {
  app: Awaited<ReturnType<typeof buildApp>>;
  repo: Repository;
  /** Everything the composition root built (bus, jobs, metrics ...), as main.ts gets it. */
  shared: Services;
  dataDir: string;
  /** Base URL when started with `listen: true`. */
  url: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real app over real PGlite in a fresh temporary DATA_DIR (or the one given, to test restarts).
 * `listen: true` serves it on a random loopback port for browser tests.
 * `databaseUrl` (default: TEST_DATABASE_URL, set by tests/support/with-postgres.ts so that the API
 * suite also runs on PostgreSQL) and `redisUrl` wire the app as main.ts does in production.
 */
export async function startTestApp(
  opts: {
    dataDir?: string;
    listen?: boolean;
    brain?: Brain;
    env?: Record<string, string>;
    databaseUrl?: string;
    redisUrl?: string;
    /** Redis key prefix, so that tests sharing the machine's Redis never see each other's keys. */
    redisPrefix?: string;
    /** Where the app's pino logs go (e.g. a stream a test reads); silent by default. */
    logStream?: NodeJS.WritableStream;
  } = {},
): Promise<TestApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gamemaker-test-'));
  const databaseUrl = opts.databaseUrl ?? process.env.TEST_DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...opts.env,
  });
  const redisPrefix = opts.redisPrefix ?? `gmtest:${randomBytes(4).toString('hex')}:`;
  // The same composition root as main.ts: from the env given (LLM_PROVIDER, ANTHROPIC_BASE_URL...),
  // offline unless a test names a model or injects a brain.
  const shared = await bootstrap(config, {
    log: silentLog,
    redisPrefix,
    ...(opts.brain ? { brain: opts.brain } : {}),
  });
  const repo = shared.repo;
  const app = await buildApp(shared, {
    logger: opts.logStream ? { level: 'info', redact: LOG_REDACT, stream: opts.logStream } : false,
  });
  let url = '';
  if (opts.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    if (addr && typeof addr === 'object') url = `http://127.0.0.1:${addr.port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    repo,
    shared,
    dataDir,
    url,
    async close({ keepData = false } = {}) {
      await app.close();
      await shared.close();
      if (config.redisUrl && !opts.redisPrefix) await deleteKeys(config.redisUrl, redisPrefix);
      if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
