/**
 * `npm run bench` (rolling part): a zero-downtime deploy under load. Two app instances
 * (`node dist/src/main.js`; build first) on PostgreSQL + Redis behind a real HAProxy running
 * deploy/haproxy.cfg; N children at a child's pace through the proxy; then each instance in turn is
 * sent SIGTERM, waited for, and replaced by a new release (the same build with one more, additive
 * migration, which the first new instance applies at start while the old release still serves).
 *
 * Reported: failed child messages (nothing is retried by the children), lost sessions (every
 * session read back at the end, its transcript as long as what was answered), and latency (from
 * when each message was due): p50/p99 in the steady minute before the first restart, and of the
 * messages each restarted instance answered in its first minute in the proxy.
 *
 *   tsx bench/rolling.ts                                  (500 children, 1 message / 5 s each)
 *   tsx bench/rolling.ts --children 100 --window 20       (a first look)
 *   tsx bench/rolling.ts --out docs/rolling.md            (also writes the markdown report)
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  EXPAND_MIGRATION,
  haproxyAvailable,
  makeRelease,
  type RestartTimes,
  SERVERS,
  startCluster,
} from '../tests/scale/rolling-cluster.js';
import {
  checkSessions,
  closeConnections,
  quantile,
  type Sample,
  startChildren,
} from '../tests/scale/rolling-load.js';
import { createFreshDatabase, postgresReachable } from '../tests/support/postgres.js';
import { deleteKeys, redisReachable, SHARED_REDIS_URL } from '../tests/support/redis.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    children: { type: 'string', default: '500' },
    /** Seconds between one child's messages (±20%). */
    pace: { type: 'string', default: '5' },
    /** Seconds of steady load measured before the first restart, and after each restart. */
    window: { type: 'string', default: '60' },
    out: { type: 'string' },
  },
});
const children = Number(values.children);
const paceMs = Number(values.pace) * 1000;
const windowMs = Number(values.window) * 1000;

const missing: string[] = [];
if (!(await postgresReachable())) missing.push('PostgreSQL on 127.0.0.1:5432');
if (!(await redisReachable())) missing.push('Redis on 127.0.0.1:6379');
if (!haproxyAvailable()) missing.push('HAProxy');
if (missing.length > 0) {
  console.error(`bench/rolling.ts needs ${missing.join(', ')}`);
  process.exit(1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const stats = (xs: Sample[]) => {
  const ms = xs.map((s) => s.ms);
  return { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: quantile(ms, 1) };
};

const db = await createFreshDatabase();
const prefix = `gmbench:${randomBytes(3).toString('hex')}:`;
const release = makeRelease(EXPAND_MIGRATION, 'dist');
const cluster = await startCluster(
  { DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
  'dist',
);
const load0 = loadavg()[0]?.toFixed(1);
console.log(
  `rolling: ${children} children, 1 message / ${paceMs / 1000} s each, through ${cluster.proxy.url}`,
);
const kids = startChildren(cluster.proxy.url, children, paceMs);
const t0 = performance.now();
// One pace interval for every child to arrive and start, then the steady window.
await sleep(paceMs);
const steadyFrom = performance.now();
await sleep(windowMs);
const steadyTo = performance.now();
const restarts: RestartTimes[] = [];
for (const server of SERVERS) {
  const t = await cluster.restart(server, release.root);
  restarts.push(t);
  console.log(
    `${server}: exit ${t.exitCode} ${((t.exited - t.signalled) / 1000).toFixed(1)} s after SIGTERM; ` +
      `ready ${((t.ready - t.exited) / 1000).toFixed(1)} s after; in the proxy ${((t.up - t.ready) / 1000).toFixed(1)} s later`,
  );
  // Its first minute in the proxy, before the next restart.
  await sleep(windowMs);
}
const result = await kids.stop();
const ran = (performance.now() - t0) / 1000;
const check = await checkSessions(cluster.proxy.url, result.sessions);
const pgc = new pg.Client({ connectionString: db.url });
await pgc.connect();
const migrated =
  (
    await pgc.query(
      `select 1 from information_schema.columns where table_name = 'sessions' and column_name = $1`,
      [EXPAND_MIGRATION.column],
    )
  ).rowCount === 1;
await pgc.end();
// HAProxy's log (errors, retries, servers going down and up), for whoever reads a failure.
const proxyLog = join(tmpdir(), `rolling-haproxy-${process.pid}.log`);
writeFileSync(proxyLog, cluster.proxy.output.join(''));
const serverEvents = cluster.proxy.output
  .join('')
  .split('\n')
  .filter((l) => /^Server api\/web\d is (UP|DOWN), reason/.test(l))
  .map((l) => l.replace(/ \d+ active and.*/, ''));
await cluster.stop();
closeConnections();
await db.drop();
await deleteKeys(SHARED_REDIS_URL, prefix);
release.remove();

const steady = stats(result.samples.filter((s) => s.at >= steadyFrom && s.at < steadyTo));
const rows = restarts.map((t) => {
  const first = stats(
    result.samples.filter((s) => s.server === t.server && s.at >= t.up && s.at < t.up + windowMs),
  );
  // Everyone's latency while that instance was away (SIGTERM to back in the proxy).
  const during = stats(result.samples.filter((s) => s.at >= t.signalled && s.at < t.up));
  return { t, first, during };
});
const failures = [...result.failures].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
// When the failures happened: before the first restart, while an instance was away, or after.
const phaseOf = (at: number) => {
  for (const t of restarts) if (at >= t.signalled && at < t.up) return `while ${t.server} was away`;
  if (at < (restarts[0]?.signalled ?? Number.POSITIVE_INFINITY)) return 'before the restarts';
  return 'with both instances up';
};
const byPhase = new Map<string, number>();
for (const f of result.failedAt) byPhase.set(phaseOf(f.at), (byPhase.get(phaseOf(f.at)) ?? 0) + 1);
const failedWhen = [...byPhase].map(([k, v]) => `${v} ${k}`).join(', ');
const lines = [
  `| | messages | p50 ms | p99 ms | max ms |`,
  `|---|---:|---:|---:|---:|`,
  `| steady (both instances, ${windowMs / 1000} s before the first restart) | ${steady.n} | ${fmt(steady.p50)} | ${fmt(steady.p99)} | ${fmt(steady.max)} |`,
  ...rows.flatMap(({ t, first, during }) => [
    `| all, while ${t.server} was away (${((t.up - t.signalled) / 1000).toFixed(1)} s) | ${during.n} | ${fmt(during.p50)} | ${fmt(during.p99)} | ${fmt(during.max)} |`,
    `| restarted ${t.server}, its first ${windowMs / 1000} s in the proxy | ${first.n} | ${fmt(first.p50)} | ${fmt(first.p99)} | ${fmt(first.max)} |`,
  ]),
];
const ratio = Math.max(...rows.map((r) => r.first.p99)) / steady.p99;
const summary = [
  `- failed child messages: **${result.failed}** (${failures}${failedWhen ? `; ${failedWhen}` : ''}), of ${result.samples.length + result.failed} sent over ${ran.toFixed(0)} s`,
  `- lost sessions: **${check.lost.length}** of ${check.checked} read back (each must exist with at least the transcript its child saw answered)`,
  `- sessions holding more than their child saw (a message the child gave up on, answered after all): ${check.longer.length}`,
  `- games made: ${result.games}; migration applied by the new release while the old one served: ${migrated ? 'yes' : 'NO'}`,
  `- restarted instances' first-minute p99 / steady p99: **${ratio.toFixed(2)}×** (goal ≤ 2×)`,
  ...restarts.map(
    (t) =>
      `- ${t.server}: exited (code ${t.exitCode}) ${((t.exited - t.signalled) / 1000).toFixed(1)} s after SIGTERM, ` +
      `ready ${((t.ready - t.exited) / 1000).toFixed(1)} s after that (start, migrate, warm up), ` +
      `taken back by HAProxy ${((t.up - t.ready) / 1000).toFixed(1)} s later`,
  ),
];
console.log(['', ...lines, '', ...summary].join('\n'));
if (check.lost.length > 0) console.log('lost:', JSON.stringify(check.lost.slice(0, 10)));
console.log(`HAProxy saw:\n  ${serverEvents.join('\n  ')}\nits log: ${proxyLog}`);

if (values.out) {
  const md = [
    '# Rolling restarts: zero-downtime deploys, measured',
    '',
    `Measured 2026-12-07 on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${load0} at the start, Node ${process.version}, HAProxy from Debian.`,
    '',
    '```',
    `npm run build:server && tsx bench/rolling.ts --children ${children} --pace ${paceMs / 1000} --window ${windowMs / 1000} --out docs/rolling.md`,
    '```',
    '',
    `Two instances (\`node dist/src/main.js\`) on PostgreSQL + Redis behind HAProxy running \`deploy/haproxy.cfg\`; ${children} children, each sending a message every ${paceMs / 1000} s (±20%) through the proxy, whole conversations to a game and then a new one, nothing retried by the children. After ${windowMs / 1000} s of steady load each instance in turn gets SIGTERM, is waited for, and is replaced by a new release (the same build with one more, additive migration: \`ALTER TABLE sessions ADD COLUMN rolling_note text\`, which the first new instance applies at start under the advisory lock while the old release still serves); the next restart comes ${windowMs / 1000} s after the new instance is back in the proxy.`,
    '',
    ...summary,
    '',
    ...lines,
    '',
    'Latency counts from when a message was due (a late answer delays the child\'s next message, and that wait counts too). "First minute" is every message the restarted instance answered in its first window in the proxy.',
    `Load average at the end: ${loadavg()[0]?.toFixed(1)}. On a shared or small host the steady p99 is the host's, not the app's: compare runs on the same host, and the ratio rather than the milliseconds.`,
    '',
    '## How a restart loses nothing',
    '',
    '- **Ready only when warm.** An instance listens at once (`/api/health` answers) but `GET /api/ready` says 503 `starting` until it has migrated (under the advisory lock) and played scripted conversations through a throwaway offline graph (`src/server/warm-up.ts`: no model call, nothing stored, no metric). HAProxy checks `/api/ready` every 0.5 s and sends children only after two 200s, ramping its share over 5 s (`slowstart`).',
    "- **Out before it closes.** On SIGTERM `/api/ready` says 503 `draining` and every other new request is answered 503 `shutting_down` before any work; HAProxy retries those on the other instance (`retry-on conn-failure 503`, `option redispatch`). The instance keeps its listener and idle keep-alive connections until the balancer has let go (`src/server/drain.ts`: two `draining` answers and 300 ms without a request, at most 5 s): closing a pooled connection while HAProxy sends on it reset children's messages (9 in one restart before this). In-flight turns finish (`SHUTDOWN_TIMEOUT_MS`).",
    "- **Never twice.** Only requests no instance ran are retried: a refused connection, or a 503 (all of ours come before the turn is saved). A request that reached an instance and got no answer is not retried, so a child's message is never answered twice.",
    "- **A busy instance stays in.** The readiness check does not queue a database ping behind children's queries (a verdict under 1 s old is reused; an older `ok` is answered while the next ping runs): before, the only instance left during a restart failed its 5 s check and HAProxy had no server. If every check fails anyway, HAProxy tries the instances regardless (`backup` servers without checks) rather than answer every child 503.",
    "- **Expand migrations only.** The new release's first instance migrates while the old release still serves on the same tables: a migration must keep the old code working (add nullable columns and tables; drop or rename only in a later release), and sets a `lock_timeout`.",
    '',
  ].join('\n');
  writeFileSync(values.out, md);
  console.log(`wrote ${values.out}`);
}
process.exit(result.failed === 0 && check.lost.length === 0 ? 0 : 1);
