/**
 * A generation worker process for tests: the real startGenerationWorker with a short lock (so a
 * crash is noticed in seconds) and a brain whose Code Generator takes SLOW_MS first, so a test can
 * kill the process while a job is running. Prints "active <jobId>" when it starts a job.
 */
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { createRedisEventBus } from '../../src/cache/event-bus.js';
import { createScaleMetrics } from '../../src/cache/metrics.js';
import { createBlockingClient, createCommandClient } from '../../src/cache/redis-connection.js';
import { RedisHealth } from '../../src/cache/redis-health.js';
import { startGenerationWorker } from '../../src/jobs/worker.js';
import { silentLog } from '../../src/observability/log.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.REDIS_KEY_PREFIX ?? 'gmtest:';
const slowMs = Number(process.env.SLOW_MS ?? '0');
const offline = createOfflineBrain();
const brain = {
  ...offline,
  name: offline.name,
  storyAnalyst: offline.storyAnalyst.bind(offline),
  gameDesigner: offline.gameDesigner.bind(offline),
  codeGenerator: async (...args: Parameters<typeof offline.codeGenerator>) => {
    await new Promise((r) => setTimeout(r, slowMs));
    return offline.codeGenerator(...args);
  },
};
const health = new RedisHealth(silentLog, createScaleMetrics());
const bus = createRedisEventBus(
  createCommandClient(redisUrl, 500),
  createBlockingClient(redisUrl),
  health,
  prefix,
);
const worker = startGenerationWorker({
  redisUrl,
  brain,
  bus,
  log: silentLog,
  prefix: `${prefix}bull`,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
});
worker.on('active', (job) => console.log(`active ${job.id}`));
worker.on('completed', (job) => console.log(`completed ${job.id}`));
worker.on('ready', () => console.log('ready'));
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
