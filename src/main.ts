import { pino } from 'pino';
import { createBrainFromConfig } from './agents/model/providers.js';
import { openSharedServices } from './cache/shared-services.js';
import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './server/app.js';
import { startSessionCleanup } from './sessions/cleanup.js';
import { openDatabase } from './store/database.js';
import { createDrizzleRepository } from './store/drizzle-repository.js';

/** Start-up: config, database and migrations, brain, HTTP. Stops cleanly on SIGTERM/SIGINT. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const baseRepo = createDrizzleRepository(database);
  const storage = database.kind === 'pglite' ? `pglite:${config.dataDir}` : 'postgres';
  const log = pino({ level: config.logLevel, base: { service: 'the-game-maker' } });
  // The model named by LLM_PROVIDER (anthropic when ANTHROPIC_API_KEY is set), else offline. Model
  // trouble is logged by kind only (status, timeout, circuit): never a key, never the child's words.
  const { brain, resilience } = createBrainFromConfig(config.llm, {
    onCall: (call) => {
      if (call.outcome !== 'ok') log.warn({ model: call }, 'model turn did not succeed');
    },
  });
  resilience?.onBreak(() => log.error({ provider: config.llm.provider }, 'model circuit opened'));
  resilience?.onReset(() => log.info({ provider: config.llm.provider }, 'model circuit closed'));
  // Redis (REDIS_URL) or in-process equivalents: session cache, lock, rate limits, bus, jobs.
  const shared = await openSharedServices({ config, repo: baseRepo, brain, log });
  const repo = shared.repo;
  const app = await buildApp({ config, repo, brain: shared.brain, storage, shared });
  const cleanup = startSessionCleanup({ repo, intervalMs: config.cleanupIntervalMs, log });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Bounded: if in-flight work does not finish in time, exit anyway.
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    timer.unref();
    // Stop accepting and finish in-flight requests (which await their jobs), then jobs and
    // workers, then the pools.
    // Keep-alive sockets that finish their in-flight request become idle after close() began and
    // would hold it open until their keep-alive timeout: close them as they go idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(sweep);
    await cleanup.stop();
    await shared.close();
    await repo.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { brain: brain.name, storage, redis: shared.redis, jobs: shared.jobs.kind },
    `The Game Maker is ready on http://${config.host}:${config.port}`,
  );
}

main().catch((e) => {
  console.error('The Game Maker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
