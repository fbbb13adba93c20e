import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { RedisHealth } from './redis-health.js';

/**
 * Publish/subscribe for events that must reach a client whichever instance it is connected to
 * (streamed replies, generation progress). Events are JSON values. Channel names used so far:
 * `session:<sessionId>` for everything about one conversation.
 */
export interface EventBus {
  publish(channel: string, event: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, handler: (event: unknown) => void): () => void;
  close(): Promise<void>;
}

/** One process: an EventEmitter. Also the fallback of the Redis bus. */
export function createLocalEventBus(): EventBus {
  const emitter = new EventEmitter();
  // Many concurrent streams may listen; the default limit of 10 is a leak warning, not a limit.
  emitter.setMaxListeners(0);
  return {
    async publish(channel, event) {
      emitter.emit(channel, event);
    },
    subscribe(channel, handler) {
      emitter.on(channel, handler);
      return () => emitter.off(channel, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Redis pub/sub: `publisher` is the shared command client, `subscriber` a dedicated connection
 * (a subscribed connection can do nothing else; ioredis re-subscribes after a reconnect). When a
 * publish fails the event is delivered in this process only: a client connected here still gets
 * it, one connected elsewhere misses it (and sees the result when its request completes).
 */
export function createRedisEventBus(
  publisher: Redis,
  subscriber: Redis,
  health: RedisHealth,
  prefix = 'gm:',
): EventBus {
  const local = createLocalEventBus();
  const counts = new Map<string, number>();
  const ch = (channel: string) => `${prefix}bus:${channel}`;

  subscriber.on('message', (channel: string, raw: string) => {
    if (!channel.startsWith(`${prefix}bus:`)) return;
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch {
      return;
    }
    void local.publish(channel.slice(prefix.length + 4), event);
  });

  return {
    async publish(channel, event) {
      await health.attempt(
        'publish',
        async () => {
          await publisher.publish(ch(channel), JSON.stringify(event));
        },
        () => local.publish(channel, event),
      );
    },
    subscribe(channel, handler) {
      const off = local.subscribe(channel, handler);
      const n = counts.get(channel) ?? 0;
      counts.set(channel, n + 1);
      if (n === 0) subscriber.subscribe(ch(channel)).catch((e) => health.failed('subscribe', e));
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) {
          counts.set(channel, left);
          return;
        }
        counts.delete(channel);
        subscriber.unsubscribe(ch(channel)).catch(() => {});
      };
    },
    async close() {
      await local.close();
      counts.clear();
    },
  };
}
