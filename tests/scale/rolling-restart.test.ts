import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import {
  type Cluster,
  EXPAND_MIGRATION,
  haproxyAvailable,
  makeRelease,
  type RestartTimes,
  SERVERS,
  startCluster,
} from './rolling-cluster.js';
import { checkSessions, closeConnections, startChildren } from './rolling-load.js';

/**
 * A zero-downtime deploy, small: two instances on PostgreSQL + Redis behind HAProxy running
 * deploy/haproxy.cfg, children talking at a child's pace, both instances restarted one after the
 * other into a new release whose first instance applies a migration while the old release still
 * serves. No child's message may fail, no session may be lost. (bench/rolling.ts: 500 children,
 * with latencies.)
 */
const ok = (await servicesAvailable({ postgres: true, redis: true })) && haproxyAvailable();

const CHILDREN = 50;
const PACE_MS = 3_000;
/** Messages a (re)started instance must have answered before the next step: it really took traffic. */
const SERVED = 40;

const until = async (what: string, check: () => boolean, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

let db: FreshDatabase | undefined;
let cluster: Cluster | undefined;
const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
const release = makeRelease(EXPAND_MIGRATION, 'tsx');
// HAProxy logs errors, retries and server state changes: kept for whoever reads a failure.
const proxyLog = join(tmpdir(), `rolling-haproxy-${process.pid}.log`);
afterAll(async () => {
  if (cluster) writeFileSync(proxyLog, cluster.proxy.output.join(''));
  await cluster?.stop();
  closeConnections();
  await db?.drop();
  await deleteKeys(SHARED_REDIS_URL, prefix);
  release.remove();
});

describe.skipIf(!ok)('rolling restart behind HAProxy', () => {
  it(`${CHILDREN} children, both instances restarted into a release with a migration: 0 failed, 0 lost`, async () => {
    db = await createFreshDatabase();
    cluster = await startCluster(
      { DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
      'tsx',
    );
    const c = cluster;
    const children = startChildren(c.proxy.url, CHILDREN, PACE_MS);
    let result: Awaited<ReturnType<typeof children.stop>> | undefined;
    const restarts: RestartTimes[] = [];
    try {
      await until('both instances to serve', () => SERVERS.every((s) => children.answered(s) >= SERVED));
      for (const server of SERVERS) {
        const t = await c.restart(server, release.root);
        restarts.push(t);
        expect(t.exitCode, c.instances[server].output.join('').slice(-2000)).toBe(0);
        const before = children.answered(server);
        await until(
          `restarted ${server} to serve (HAProxy's log: ${proxyLog})`,
          () => children.answered(server) >= before + SERVED,
        );
      }
    } finally {
      result = await children.stop();
    }

    const failures = Object.fromEntries(result.failures);
    const when = result.failedAt.map(({ at, cause }) => {
      const marks = restarts.map(
        (t) =>
          `${t.server} SIGTERM ${((at - t.signalled) / 1000).toFixed(1)} s, up ${((at - t.up) / 1000).toFixed(1)} s`,
      );
      return `${cause} (${marks.join('; ')})`;
    });
    expect(failures, `HAProxy's log: ${proxyLog}\n${when.join('\n')}`).toEqual({});
    expect(result.failed).toBe(0);
    const check = await checkSessions(c.proxy.url, result.sessions);
    expect(check.lost).toEqual([]);
    expect(check.longer).toEqual([]);
    expect(check.checked).toBeGreaterThanOrEqual(CHILDREN);

    // The new release's first instance applied the migration; the old one served meanwhile.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const col = await client.query(
        `select 1 from information_schema.columns where table_name = 'sessions' and column_name = $1`,
        [EXPAND_MIGRATION.column],
      );
      expect(col.rowCount).toBe(1);
    } finally {
      await client.end();
    }
    for (const t of restarts) {
      console.log(
        `${t.server}: exited ${((t.exited - t.signalled) / 1000).toFixed(1)} s after SIGTERM, ready ` +
          `${((t.ready - t.exited) / 1000).toFixed(1)} s after, in the proxy ${((t.up - t.ready) / 1000).toFixed(1)} s later`,
      );
    }
    console.log(
      `rolling restart: ${result.samples.length} messages answered, ${result.failed} failed, ` +
        `${check.checked} sessions read back, ${check.lost.length} lost, ${result.games} games`,
    );
  }, 400_000);
});
