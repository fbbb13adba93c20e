import { Redis } from 'ioredis';

/**
 * Redis clients tuned to fail fast: a command that waits longer than `commandTimeoutMs`, or is sent
 * while disconnected, rejects at once instead of queueing, so callers fall back to the database
 * within a bounded time. The client keeps reconnecting in the background (capped backoff).
 */
export function createCommandClient(url: string, commandTimeoutMs: number, name = 'gamemaker'): Redis {
  const client = new Redis(url, {
    connectionName: name,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
  });
  // Errors surface on the commands themselves; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}

/**
 * A connection for SUBSCRIBE or BullMQ's blocking commands: no command timeout (they block by
 * design) and an offline queue, so subscriptions are re-sent after a reconnect.
 */
export function createBlockingClient(url: string, name = 'gamemaker-sub'): Redis {
  const client = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
  });
  client.on('error', () => {});
  return client;
}

/** Resolves when the client is ready, or after `ms` (start-up must not hang on a missing Redis). */
export async function readyWithin(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}
