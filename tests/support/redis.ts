import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';

/**
 * Redis for tests: the machine's shared server (never stopped; tests use their own key prefix or a
 * spare logical database) and private `redis-server` processes on spare ports for outage tests.
 */

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisReachable(url = SHARED_REDIS_URL): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A private, memory-only redis-server: stopping it is an outage, starting it again is an empty cache. */
export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  let server: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const r: PrivateRedis = {
    url,
    port,
    async start() {
      server = spawn(
        'redis-server',
        // DEBUG SLEEP lets a test make this private server slow.
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--enable-debug-command',
          'yes',
        ],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (await redisReachable(url)) return;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`private redis-server on port ${port} did not start`);
    },
    async stop() {
      const s = server;
      if (!s || s.exitCode !== null) return;
      server = null;
      const exited = new Promise<void>((res) => s.once('exit', () => res()));
      s.kill('SIGKILL');
      await exited;
    },
  };
  await r.start();
  return r;
}

/** Deletes every key under `prefix` (SCAN, never KEYS): tests and benches leave the shared Redis clean. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A test's Redis may be gone (outage tests): nothing to clean then.
  } finally {
    r.disconnect();
  }
}
