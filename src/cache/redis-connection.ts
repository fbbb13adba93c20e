import { Redis } from 'ioredis';

/**
 * Redis clients tuned to fail fast: a command that waits longer than `commandTimeoutMs`, or is sent
 * while disconnected, rejects at once instead of queueing, so callers fall back to the database
 * within a bounded time. The client keeps reconnecting in the background (capped backoff).
 */
export function createCommandClient(
  url: string,
  commandTimeoutMs: number,
  name = 'gamemaker',
  opts: { autoPipelining?: boolean } = {},
): Redis {
  const client = new Redis(url, {
    connectionName: name,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    // Commands issued in the same tick (many requests at once) leave in one write, not one each.
    // Opt-in: BullMQ's connections keep one write per command, as BullMQ is tested with.
    enableAutoPipelining: opts.autoPipelining ?? false,
  });
  // Errors surface on the commands themselves; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  timeOutOnlyWhenUnanswered(client);
  return client;
}

/** The part of an ioredis Command (5.x-6.x, not public API) that its command timeout uses. */
interface TimedCommand {
  isSettled: boolean;
  reject(err: Error): void;
  setTimeout(ms: number): void;
  /** Where ioredis keeps the timer; it clears it when the command settles. */
  _commandTimeoutTimer?: NodeJS.Timeout;
}

/** Whether `command` has the shape this file was written for: otherwise ioredis's own timeout. */
const isTimedCommand = (command: unknown): command is TimedCommand => {
  const c = command as Partial<TimedCommand> | null;
  return (
    typeof c?.isSettled === 'boolean' && typeof c.reject === 'function' && typeof c.setTimeout === 'function'
  );
};

/**
 * A command times out only if its reply has not arrived, not merely because the process was too
 * busy to read it. When the event loop stalls (a CPU-bound burst of requests), a command's timer
 * and its reply become due in the same loop turn, and timers run before sockets are read: ioredis
 * would fail a command Redis answered in a millisecond, and every such "failure" sends the app to
 * its fallbacks (database reads, a purge of the cache when Redis "comes back"), making the stall
 * worse. Here the timer defers its verdict with setImmediate, which runs after the loop has read
 * its sockets: a reply that is there wins.
 *
 * It replaces Command#setTimeout, which is not public API: on a command of another shape (a future
 * ioredis) it changes nothing, so the worst case is ioredis's own timeout. If ioredis stopped
 * clearing `_commandTimeoutTimer`, the timer would still check `isSettled` before failing anything.
 * tests/scale/redis-timeout.test.ts checks that it is in effect on the installed version.
 */
function timeOutOnlyWhenUnanswered(client: Redis) {
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: unknown, stream?: unknown) => {
    if (isTimedCommand(command)) command.setTimeout = deferredTimeout;
    return send(command as never, stream as never);
  }) as Redis['sendCommand'];
}

function deferredTimeout(this: TimedCommand, ms: number) {
  // Set once: ioredis calls this again when a command is re-sent (offline queue, reconnect).
  if (this._commandTimeoutTimer) return;
  this._commandTimeoutTimer = setTimeout(() => {
    setImmediate(() => {
      if (!this.isSettled) this.reject(new Error('Command timed out'));
    });
  }, ms);
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
