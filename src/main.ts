import { bootstrap } from './bootstrap.js';
import { loadConfigOrExit, loadDotEnv } from './config.js';
import { tuneHeapGrowth } from './heap.js';
import { startMetricsServer } from './observability/metrics-server.js';
import { startTracing } from './observability/tracing.js';
import { buildApp } from './server/app.js';
import { watchBalancer } from './server/drain.js';
import { warmUp } from './server/warm-up.js';
import { startSessionCleanup } from './sessions/cleanup.js';
import { onShutdown } from './shutdown.js';

/** An API process: the services from the composition root, HTTP in front. Stops cleanly on SIGTERM. */
async function main() {
  // An operator's `.env` in the working directory, under what the real environment sets.
  const fromFile = loadDotEnv();
  const config = loadConfigOrExit();
  // Fewer major GCs, before the first: each one held children's answers (src/heap.ts).
  tuneHeapGrowth(config.heapGrowthPercent);
  // Before anything that makes spans: traces go to OTEL_EXPORTER_OTLP_ENDPOINT when it is set.
  const tracing = startTracing({ ...config.tracing, version: config.version });
  const services = await bootstrap(config);
  if (fromFile.length > 0) services.log.info({ settings: fromFile }, 'settings read from .env');
  for (const warning of config.warnings) services.log.warn({}, warning);
  // GET /api/ready says `starting` until the instance is warm (below): no balancer sends it children cold.
  const app = await buildApp(services, { startNotReady: true });
  // METRICS_PORT: /metrics on a port of its own (the app's port then has none), for Prometheus only.
  const metricsServer =
    config.metrics.port === undefined
      ? null
      : await startMetricsServer({
          registry: services.metrics.registry,
          host: config.host,
          port: config.metrics.port,
          token: config.metrics.token,
          log: services.log,
          setting: 'METRICS_PORT',
        });
  const cleanup = startSessionCleanup({
    repo: services.repo,
    intervalMs: config.cleanupIntervalMs,
    log: services.log,
    openGameTtlMs: config.gameTtlMs,
    transcriptTtlMs: config.transcriptTtlMs,
    gameSessionTtlMs: config.sessionGameTtlMs,
  });

  const balancer = watchBalancer(app.server);
  onShutdown(config.shutdownTimeoutMs, app.log, async () => {
    // First answer newcomers 503 (JSON, retry-after) and readiness `draining` while the listener
    // still accepts, until the load balancer has let go (src/server/drain.ts): closing the listener
    // or an idle keep-alive connection while it still sends would reset children's messages. Then
    // stop accepting and finish in-flight requests (which await their jobs), then jobs and
    // workers, then the pools. Keep-alive sockets that finish their in-flight request become idle
    // after close() began: close them as they go idle.
    app.drain();
    await balancer.letGo({ quietMs: 300, maxMs: Math.min(5_000, config.shutdownTimeoutMs / 3) });
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(sweep);
    await cleanup.stop();
    await metricsServer?.close();
    await services.close();
    await tracing.shutdown();
  });

  // A burst of children connecting at once must queue, not be dropped: Node's default is 511.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  // Listening already (liveness answers), ready only once warm (src/server/warm-up.ts).
  const warm = await warmUp(services);
  app.markReady();
  app.log.info(
    {
      brain: services.brain.name,
      storage: services.storage,
      redis: services.redis,
      jobs: services.jobs.kind,
      tracing: tracing.enabled,
      warm_up_ms: warm.ms,
    },
    `The Game Maker is ready on http://${config.host}:${config.port}`,
  );
}

main().catch((e) => {
  console.error('The Game Maker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
