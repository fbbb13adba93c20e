import { pino } from 'pino';
import { openSharedServices } from './cache/shared-services.js';
import { loadConfigOrExit } from './config.js';
import { startTracing } from './observability/tracing.js';
import { buildApp } from './server/app.js';
import { createMetrics } from './server/metrics.js';
import { createObservedBrain } from './server/observed-brain.js';
import { startSessionCleanup } from './sessions/cleanup.js';
import { openDatabase } from './store/database.js';
import { createDrizzleRepository } from './store/drizzle-repository.js';

/** Start-up: config, database and migrations, brain, HTTP. Stops cleanly on SIGTERM/SIGINT. */
async function main() {
  const config = loadConfigOrExit();
  // Before anything that makes spans: traces go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set.
  const tracing = startTracing({ ...config.tracing, version: config.version });
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const baseRepo = createDrizzleRepository(database);
  const storage = database.kind === 'pglite' ? `pglite:${config.dataDir}` : 'postgres';
  const log = pino({ level: config.logLevel, base: { service: 'the-game-maker' } });
  // The model named by LLM_PROVIDER (anthropic when ANTHROPIC_API_KEY is set), else offline.
  const metrics = createMetrics();
  const { brain } = createObservedBrain(config.llm, metrics, log);
  // Redis (REDIS_URL) or in-process equivalents: session cache, lock, rate limits, bus, jobs.
  const shared = await openSharedServices({ config, repo: baseRepo, brain, log });
  const repo = shared.repo;
  const app = await buildApp({ config, repo, brain: shared.brain, storage, shared, metrics });
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
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { brain: brain.name, storage, redis: shared.redis, jobs: shared.jobs.kind, tracing: tracing.enabled },
    `The Game Maker is ready on http://${config.host}:${config.port}`,
  );
}

main().catch((e) => {
  console.error('The Game Maker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
