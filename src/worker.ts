import { pino } from 'pino';
import { createBrainFromConfig } from './agents/model/providers.js';
import { createRedisEventBus } from './cache/event-bus.js';
import { createScaleMetrics } from './cache/metrics.js';
import { createBlockingClient, createCommandClient } from './cache/redis-connection.js';
import { RedisHealth } from './cache/redis-health.js';
import { loadConfigOrExit } from './config.js';
import { startGenerationWorker } from './jobs/worker.js';

/**
 * `npm run worker`: a generation worker for the BullMQ queue in REDIS_URL. Run as many as needed
 * next to the API instances (which then may set JOBS_IN_PROCESS=false). On SIGTERM it stops taking
 * jobs and finishes the ones it is running (bounded by SHUTDOWN_TIMEOUT_MS); a job it could not
 * finish, or one it was running when it crashed, is taken over by another worker.
 */
async function main() {
  const config = loadConfigOrExit();
  if (!config.redisUrl) {
    console.error(
      'REDIS_URL is not set: without Redis, generation runs inside the app (make start); no worker is needed.',
    );
    process.exit(2);
  }
  const log = pino({ level: config.logLevel, base: { service: 'the-game-maker-worker' } });
  const health = new RedisHealth(log, createScaleMetrics());
  const publisher = createCommandClient(
    config.redisUrl,
    config.redisCommandTimeoutMs,
    'gamemaker-worker-pub',
  );
  const subscriber = createBlockingClient(config.redisUrl);
  const bus = createRedisEventBus(publisher, subscriber, health, config.redisKeyPrefix);
  // The same brain as the API processes (the model when configured, the offline brain beneath).
  const { brain } = createBrainFromConfig(config.llm);
  const worker = startGenerationWorker({
    redisUrl: config.redisUrl,
    brain,
    bus,
    log,
    prefix: `${config.redisKeyPrefix}bull`,
    ...(process.env.WORKER_CONCURRENCY ? { concurrency: Number(process.env.WORKER_CONCURRENCY) } : {}),
  });
  worker.on('ready', () => log.info({ brain: brain.name }, 'generation worker ready'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    timer.unref();
    await worker.close();
    await bus.close();
    subscriber.disconnect();
    await publisher.quit().catch(() => publisher.disconnect());
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error('The generation worker could not start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
