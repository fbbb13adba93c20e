import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { createCachedRepository } from '../../src/cache/cached-repository.js';
import { createScaleMetrics } from '../../src/cache/metrics.js';
import { createCommandClient, readyWithin } from '../../src/cache/redis-connection.js';
import { RedisHealth } from '../../src/cache/redis-health.js';
import type { Log } from '../../src/observability/log.js';
import { openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import { type Repository, VersionConflictError } from '../../src/store/repository.js';
import { runConcurrentWriters } from '../store/concurrent-writers.js';
import { sparePort } from '../support/postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

const ok = await servicesAvailable({ redis: true });

const recordingLog = () => {
  const lines: string[] = [];
  const log: Log = {
    info: (_o, m) => lines.push(`info ${m}`),
    warn: (_o, m) => lines.push(`warn ${m}`),
    error: (_o, m) => lines.push(`error ${m}`),
  };
  return { log, lines };
};

const counts = async (metrics: ReturnType<typeof createScaleMetrics>) => {
  const m = await metrics.cacheRequests.get();
  const by = (r: string) => m.values.find((v) => v.labels.result === r)?.value ?? 0;
  return { hit: by('hit'), miss: by('miss'), error: by('error') };
};

describe.skipIf(!ok)('the Redis session cache', () => {
  let dir: string;
  let base: Repository;
  let redisServer: PrivateRedis;
  let client: Redis;
  let raw: Redis;
  let repo: Repository;
  let metrics: ReturnType<typeof createScaleMetrics>;
  const rec = recordingLog();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gm-cache-'));
    const db = openDatabase({ dataDir: dir });
    await db.migrate();
    base = createDrizzleRepository(db);
    // A private server: this suite stops it and makes it slow.
    redisServer = await startPrivateRedis(await sparePort());
    client = createCommandClient(redisServer.url, 150);
    await readyWithin(client, 3_000);
    raw = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    raw.on('error', () => {});
    metrics = createScaleMetrics();
    repo = createCachedRepository(base, client, new RedisHealth(rec.log, metrics), metrics, {
      ttlSeconds: 7200,
      prefix: 't:',
    });
  });
  afterAll(async () => {
    client?.disconnect();
    raw?.disconnect();
    await redisServer?.stop();
    await base?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves reads from Redis with a TTL, and refreshes the entry on every write', async () => {
    await repo.createSession('c1', initialState(), null);
    const before = await counts(metrics);
    expect((await repo.getSession('c1'))?.version).toBe(1);
    const ttl = await raw.ttl('t:session:c1');
    expect(ttl).toBeGreaterThan(7000);
    await repo.saveSession('c1', { ...initialState(), turnsInPhase: 3 }, 1, [], null);
    const s = await repo.getSession('c1');
    expect(s?.version).toBe(2);
    expect(s?.state.turnsInPhase).toBe(3);
    expect(s?.createdAt).toBeInstanceOf(Date);
    const after = await counts(metrics);
    expect(after.hit - before.hit).toBe(2);
  });

  it('forgets a deleted session in the cache too', async () => {
    await repo.createSession('c-del', initialState(), null);
    expect(await repo.getSession('c-del')).not.toBeNull();
    expect(await raw.exists('t:session:c-del')).toBe(1);
    expect(await repo.deleteSession('c-del')).toBe(true);
    expect(await raw.exists('t:session:c-del')).toBe(0);
    expect(await repo.getSession('c-del')).toBeNull();
    expect(await repo.deleteSession('c-del')).toBe(false);
  });

  it('never lets an older version overwrite a newer entry, and refreshes the entry on a conflict', async () => {
    await repo.createSession('c2', initialState(), null);
    const v1 = await base.getSession('c2');
    await repo.saveSession('c2', { ...initialState(), turnsInPhase: 1 }, 1, [], null);
    // A slow reader that read v1 from the database tries to fill the cache afterwards.
    await client.eval(
      "local cur = redis.call('GET', KEYS[1]) if cur then local v = tonumber(string.match(cur, '^(%d+)|')) if v and v > tonumber(ARGV[1]) then return 0 end end redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2]) return 1",
      1,
      't:session:c2',
      1,
      JSON.stringify(v1),
    );
    expect((await repo.getSession('c2'))?.version).toBe(2);
    // Make the cache stale behind the repository's back, then write with the stale version.
    await base.saveSession('c2', { ...initialState(), turnsInPhase: 2 }, 2, [], null);
    const stale = await repo.getSession('c2');
    expect(stale?.version).toBe(2);
    await expect(repo.saveSession('c2', initialState(), 2, [], null)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect((await repo.getSession('c2'))?.version).toBe(3);
  });

  it('ignores expired entries', async () => {
    await repo.createSession('c3', initialState(), new Date(Date.now() + 300));
    expect(await repo.getSession('c3')).not.toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(await repo.getSession('c3')).toBeNull();
  });

  it('50 concurrent writers through the cache: no lost update, versions strictly increase', async () => {
    const r = await runConcurrentWriters(repo, 'c-50', 50);
    expect(r.marks).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(r.finalVersion).toBe(51);
    expect([...r.versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect((await repo.getSession('c-50'))?.version).toBe(51);
  });

  it('falls through to the database within the command timeout when Redis is slow', async () => {
    await repo.createSession('c4', initialState(), null);
    // The server blocks for 1 s; the cache must not make the read wait for it.
    const sleeping = raw.call('DEBUG', 'SLEEP', '1').catch(() => {});
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    expect((await repo.getSession('c4'))?.version).toBe(1);
    expect(Date.now() - t0).toBeLessThan(700);
    await sleeping;
  });

  it('goes on from the database when Redis is down, logs once, counts it, and recovers by itself', async () => {
    await repo.createSession('c5', initialState(), null);
    await redisServer.stop();
    rec.lines.length = 0;
    const before = await counts(metrics);
    let version = 1;
    for (let i = 0; i < 5; i++) {
      const s = await repo.saveSession('c5', { ...initialState(), turnsInPhase: i }, version, [], null);
      version = s.version;
      expect((await repo.getSession('c5'))?.version).toBe(version);
    }
    const during = await counts(metrics);
    expect(during.error - before.error).toBe(5);
    expect(rec.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    const fallbacks = (await metrics.redisFallbacks.get()).values.reduce((a, v) => a + v.value, 0);
    expect(fallbacks).toBeGreaterThanOrEqual(10);

    await redisServer.start();
    // The client reconnects on its own (capped backoff); reads keep working meanwhile.
    const deadline = Date.now() + 10_000;
    let hits = 0;
    while (Date.now() < deadline && hits === 0) {
      const b = await counts(metrics);
      expect((await repo.getSession('c5'))?.version).toBe(version);
      hits = (await counts(metrics)).hit - b.hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(hits).toBe(1);
    expect(rec.lines).toContain('info Redis is back');
  });
});
