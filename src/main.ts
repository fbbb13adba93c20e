import { bootstrap } from './bootstrap.js';
import { loadConfigOrExit } from './config.js';
import { startTracing } from './observability/tracing.js';
import { buildApp } from './server/app.js';
import { startSessionCleanup } from './sessions/cleanup.js';

/** An API process: the services from the composition root, HTTP in front. Stops cleanly on SIGTERM. */
async function main() {
  const config = loadConfigOrExit();
  // Before anything that makes spans: traces go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set.
  const tracing = startTracing({ ...config.tracing, version: config.version });
  const services = await bootstrap(config);
  const app = await buildApp(services);
  const cleanup = startSessionCleanup({
    repo: services.repo,
    intervalMs: config.cleanupIntervalMs,
    log: services.log,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Bounded: if in-flight work does not finish in time, exit anyway.
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    timer.unref();
    // Stop accepting and finish in-flight requests (which await their jobs), then jobs and
    // workers, then the pools. Keep-alive sockets that finish their in-flight request become idle
    // after close() began and would hold it open until their keep-alive timeout: close them.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(sweep);
    await cleanup.stop();
    await services.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    {
      brain: services.brain.name,
      storage: services.storage,
      redis: services.redis,
      jobs: services.jobs.kind,
      tracing: tracing.enabled,
    },
    `The Game Maker is ready on http://${config.host}:${config.port}`,
  );
}

main().catch((e) => {
  console.error('The Game Maker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
