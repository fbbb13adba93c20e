import { bootstrapWorker } from './bootstrap.js';
import { loadConfigOrExit, loadDotEnv } from './config.js';
import { startTracing } from './observability/tracing.js';
import { onShutdown } from './shutdown.js';

/**
 * `npm run worker`: a generation worker for the BullMQ queue in REDIS_URL. Run as many as needed
 * next to the API instances (which then may set JOBS_IN_PROCESS=false). On SIGTERM it stops taking
 * jobs and finishes the ones it is running (bounded by SHUTDOWN_TIMEOUT_MS); a job it could not
 * finish, or one it was running when it crashed, is taken over by another worker.
 */
async function main() {
  // An operator's `.env` in the working directory, under what the real environment sets.
  const fromFile = loadDotEnv();
  const config = loadConfigOrExit();
  if (!config.redisUrl) {
    console.error(
      'REDIS_URL is not set: without Redis, generation runs inside the app (make start); no worker is needed.',
    );
    process.exit(2);
  }
  const tracing = startTracing({ ...config.tracing, version: config.version });
  // The same brain and layers as an API process: traced, counted, with the offline fallback.
  const w = await bootstrapWorker(config);
  if (fromFile.length > 0) w.log.info({ settings: fromFile }, 'settings read from .env');
  for (const warning of config.warnings) w.log.warn({}, warning);
  w.worker.on('ready', () => w.log.info({ brain: w.brain.name }, 'generation worker ready'));

  onShutdown(config.shutdownTimeoutMs, w.log, async () => {
    await w.close();
    await tracing.shutdown();
  });
}

main().catch((e) => {
  console.error('The generation worker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
