/**
 * `npm run bench` (memory part): resident memory of each process the plan deploys, against the
 * budget (≤ 350 MB per web instance, ≤ 300 MB per generation worker). Real processes from the build
 * (`npm run build:server` first), offline brain, real HTTP on 127.0.0.1:
 *
 *   web, embedded PGlite         RSS at start, after every public route was used (book search with
 *   web, PostgreSQL + Redis      distinct queries included), and at 1,000 children (open loop at a
 *                                child's pace: the peak while they play, then after)
 *   worker (PostgreSQL + Redis)  `node dist/src/worker.js` next to the web instance (which then runs
 *                                no jobs itself): at start and after the 1,000 children's games
 *
 * RSS is read from /proc after two full GCs (SIGUSR2, bench/load/instance-hooks.mjs); "peak" is
 * the kernel's high-water mark (VmHWM) over the whole run. PostgreSQL gets a fresh database that is
 * dropped afterwards, Redis a key prefix of its own.
 *
 *   tsx bench/memory.ts                        (all three; about 4 minutes)
 *   tsx bench/memory.ts --setups embedded --children 200 --seconds 20
 *   tsx bench/memory.ts --out docs/memory.md   (also the table as markdown)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { budgetNodeFlags, heapCapMb } from '../src/memory-budget.js';
import { type Instance, startInstance } from '../tests/scale/instance.js';
import { createFreshDatabase, postgresReachable } from '../tests/support/postgres.js';
import { type Call, usePublicRoutes } from '../tests/support/public-routes.js';
import { deleteKeys, redisReachable, SHARED_REDIS_URL } from '../tests/support/redis.js';
import { request, resetConnections } from './load/client.js';
import { openLoop } from './load/loops.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    setups: { type: 'string', default: 'embedded,pg' },
    children: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '40' },
    pace: { type: 'string', default: '10' },
    /** Rounds of every public route (each with --searches distinct book searches). */
    rounds: { type: 'string', default: '10' },
    searches: { type: 'string', default: '30' },
    /** Extra Node flags for the app and worker processes, space-separated. */
    'node-args': { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const children = Number(values.children);
const seconds = Number(values.seconds);
const pace = Number(values.pace);
const rounds = Number(values.rounds);
const searches = Number(values.searches);
const extraArgs = (values['node-args'] ?? '').split(' ').filter(Boolean);
const NODE_ARGS = [...extraArgs, '--expose-gc', '--import', './bench/load/instance-hooks.mjs'];
/** As the Docker image runs them: the budget, and the heap cap that fits it (src/memory-budget.ts). */
const WEB_BUDGET_MB = 350;
const WORKER_BUDGET_MB = 300;
const budgetArgs = (mb: number) => budgetNodeFlags(mb);
/** The image's environment for the allocator (Dockerfile); a caller's own setting wins. */
process.env.MALLOC_ARENA_MAX ??= '2';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function procStatus(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** RSS after two full GCs (and time for the allocator to hand pages back). */
async function settledRss(child: ChildProcess): Promise<{ rss: number; peak: number }> {
  for (let i = 0; i < 2; i++) {
    child.kill('SIGUSR2');
    await sleep(1_500);
  }
  return procStatus(child.pid as number);
}

const overHttp =
  (base: string): Call =>
  async (method, url, body, headers) => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.text() };
  };

interface Row {
  process: string;
  start: number;
  routes: number | null;
  peak: number;
  after: number;
  budget: number;
  note: string;
}

/** A generation worker, started like `npm run worker`; resolves once it says it is ready. */
async function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, ...budgetArgs(WORKER_BUDGET_MB), 'dist/src/worker.js'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        MEMORY_BUDGET_MB: String(WORKER_BUDGET_MB),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const onData = (d: string) => {
      output.push(d);
      if (output.join('').includes('generation worker ready')) resolve();
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) at start:\n${output.join('')}`)));
  });
  return child;
}

async function webRun(name: string, env: Record<string, string>, rows: Row[], withWorker: boolean) {
  const worker = withWorker ? await startWorkerProcess(env) : null;
  const workerStart = worker ? await settledRss(worker) : null;
  const inst: Instance = await startInstance(
    { MEMORY_BUDGET_MB: String(WEB_BUDGET_MB), ...env, ...(worker ? { JOBS_IN_PROCESS: 'false' } : {}) },
    { entry: 'dist', nodeArgs: [...NODE_ARGS, ...budgetArgs(WEB_BUDGET_MB)] },
  );
  try {
    const start = await settledRss(inst.child);
    const call = overHttp(inst.url);
    for (let r = 0; r < rounds; r++) await usePublicRoutes(call, r, searches);
    const routes = await settledRss(inst.child);
    console.log(
      `${name}: start ${mb(start.rss)} MB, after ${rounds} rounds of every public route (${rounds * searches} book searches) ${mb(routes.rss)} MB`,
    );
    resetConnections();
    const run =
      children > 0
        ? await openLoop([inst.url], children, seconds, pace)
        : { answered: 0, errors: new Map<string, number>(), games: 0 };
    const answered = run.answered;
    const errors = [...run.errors.values()].reduce((a, b) => a + b, 0);
    if (run.errors.size > 0) console.log(`  ${name}: errors by cause:`, Object.fromEntries(run.errors));
    const after = await settledRss(inst.child);
    const health = await request(inst.url, 'GET', '/api/health', undefined, 10_000);
    rows.push({
      process: `web, ${name}`,
      start: start.rss,
      routes: routes.rss,
      peak: after.peak,
      after: after.rss,
      budget: WEB_BUDGET_MB,
      note: `${children} children: ${answered} messages, ${errors} errors, ${run.games} games; health ${health.status}${name.startsWith('embedded') && firstStartNote ? `; ${firstStartNote}` : ''}`,
    });
    if (worker && workerStart) {
      const w = await settledRss(worker);
      rows.push({
        process: `worker, ${name}`,
        start: workerStart.rss,
        routes: null,
        peak: w.peak,
        after: w.rss,
        budget: WORKER_BUDGET_MB,
        note: `built the ${run.games} games of the ${children} children`,
      });
    }
  } finally {
    await inst.kill();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGKILL');
      await exited;
    }
  }
}

let firstStartNote = '';

async function main() {
  if (!existsSync('dist/src/main.js'))
    throw new Error('no dist/src/main.js: run `npm run build:server` first');
  const wanted = new Set((values.setups ?? '').split(','));
  const rows: Row[] = [];
  const started = new Date();
  const loadBefore = loadavg()[0]?.toFixed(1);
  if (wanted.has('embedded')) {
    // A data directory that an earlier start created, as on every start but an instance's first:
    // the first start also runs PGlite's initdb, whose memory the process keeps (reported apart).
    const dataDir = mkdtempSync(join(tmpdir(), 'gm-mem-'));
    const first = await startInstance(
      { DATA_DIR: dataDir },
      { entry: 'dist', nodeArgs: [...NODE_ARGS, ...budgetArgs(WEB_BUDGET_MB)] },
    );
    const firstStart = await settledRss(first.child);
    await first.stop();
    console.log(
      `embedded PGlite, first start ever (initdb): ${mb(firstStart.rss)} MB, peak ${mb(firstStart.peak)} MB`,
    );
    firstStartNote = `first start ever (initdb in an empty DATA_DIR): ${mb(firstStart.rss)} MB, peak ${mb(firstStart.peak)} MB`;
    // Its own row: the peak counts against the budget like any other (a container is killed at it).
    rows.push({
      process: 'web, embedded PGlite, first start (initdb)',
      start: firstStart.rss,
      routes: null,
      peak: firstStart.peak,
      after: firstStart.rss,
      budget: WEB_BUDGET_MB,
      note: 'an empty DATA_DIR: PGlite initdb and the migrations, then stopped',
    });
    await webRun('embedded PGlite', { DATA_DIR: dataDir }, rows, false);
  }
  if (wanted.has('pg')) {
    if (!(await postgresReachable()) || !(await redisReachable()))
      throw new Error('the pg setup needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379');
    const db = await createFreshDatabase();
    const prefix = `gmmem:${randomBytes(3).toString('hex')}:`;
    try {
      await webRun(
        'PostgreSQL + Redis',
        { DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
        rows,
        true,
      );
    } finally {
      await db.drop();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    }
  }

  const head = ['process', 'start MB', 'after every route MB', 'peak MB', 'after MB', 'budget MB', 'run'];
  const body = rows.map((r) => [
    r.process,
    mb(r.start),
    r.routes === null ? '—' : mb(r.routes),
    mb(r.peak),
    mb(r.after),
    `${r.budget}${Math.max(r.peak, r.after) > r.budget * 2 ** 20 ? ' (over)' : ''}`,
    r.note,
  ]);
  const table = [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log(`\n${table}`);
  console.log(
    `\n${started.toISOString().slice(0, 10)}, Node ${process.versions.node}, ${cpus().length} cores, load average ${loadBefore} at start; Node flags: ${NODE_ARGS.join(' ')}; heap caps ${heapCapMb(WEB_BUDGET_MB)} MB (web), ${heapCapMb(WORKER_BUDGET_MB)} MB (worker)`,
  );
  if (values.out) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(
      values.out,
      `\n<!-- bench/memory.ts ${started.toISOString()} -->\n${table}\n\nNode ${process.versions.node}, ${cpus().length} cores, load average ${loadBefore}; ${children} children at 1 message per ${pace} s for ${seconds} s; ${rounds} rounds of every public route with ${searches} book searches each.\n`,
    );
  }
  if (rows.some((r) => Math.max(r.peak, r.after) > r.budget * 2 ** 20)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
