import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparePort } from '../support/postgres.js';
import { type Instance, startInstance } from './instance.js';

/**
 * Two app instances behind a real HAProxy running the committed deploy/haproxy.cfg, as an operator
 * runs them, and a rolling restart of both: for tests/scale/rolling-restart.test.ts and
 * bench/rolling.ts. Everything waits on state (the proxy's own view of each server, an instance's
 * /api/ready, a process's exit), never on time.
 */

const ROOT = process.cwd();
export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
export const SERVERS = ['web1', 'web2'] as const;
export type ServerName = (typeof SERVERS)[number];

/** Whether HAProxy can run here; under CI=true its absence fails instead of skipping. */
export function haproxyAvailable(): boolean {
  try {
    execFileSync(HAPROXY, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    const msg = `HAProxy (${HAPROXY}) is not installed: scripts/ensure-tools.sh installs it`;
    if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: a missing tool fails the tests)`);
    console.warn(`skipping: ${msg}`);
    return false;
  }
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export interface Proxy {
  url: string;
  statsUrl: string;
  output: string[];
  /** The proxy's view of a server: `UP`, `DOWN`, `UP 1/2` (going down), `DOWN 1/2` (coming up)... */
  status(server: ServerName): Promise<string>;
  waitFor(server: ServerName, status: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** HAProxy in the foreground (`-db`) as our child, on deploy/haproxy.cfg with these addresses. */
export async function startProxy(backends: Record<ServerName, string>): Promise<Proxy> {
  const port = await sparePort();
  const statsPort = await sparePort();
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', join(ROOT, 'deploy/haproxy.cfg')], {
    env: {
      ...process.env,
      GM_PROXY_BIND: `127.0.0.1:${port}`,
      GM_PROXY_STATS_BIND: `127.0.0.1:${statsPort}`,
      GM_WEB1: backends.web1,
      GM_WEB2: backends.web2,
      GM_PROXY_SHOW_SERVER: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const statsUrl = `http://127.0.0.1:${statsPort}/stats`;
  const status = async (server: ServerName) => {
    const csv = await (await fetch(`${statsUrl};csv`)).text();
    const lines = csv.split('\n');
    const header = (lines[0] ?? '').replace(/^# /, '').split(',');
    const col = header.indexOf('status');
    const row = lines.find((l) => l.startsWith(`api,${server},`));
    return row ? (row.split(',')[col] ?? '') : '';
  };
  try {
    await until('HAProxy to serve its stats page', async () => (await status('web1')) !== '', 10_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}:\n${output.join('')}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    statsUrl,
    output,
    status,
    waitFor: (server, want, timeoutMs) =>
      until(`HAProxy to see ${server} ${want}`, async () => (await status(server)) === want, timeoutMs),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A new release of the app in its own directory, as a deploy ships one: this checkout's build
 * (dist/src copied, assets and node_modules linked) with one more migration in its drizzle/
 * folder. Its instances apply the migration at start, under the advisory lock, while instances of
 * the old release still serve on the same database.
 */
export function makeRelease(
  migration: { tag: string; sql: string },
  entry: Entry,
): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'gm-release-'));
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  // Copied, not linked: Node resolves a link to its target, whose paths would name this checkout.
  if (entry === 'dist') {
    if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('no build: run `npm run build:server`');
    mkdirSync(join(root, 'dist'));
    cpSync(join(ROOT, 'dist/src'), join(root, 'dist/src'), { recursive: true });
  } else {
    cpSync(join(ROOT, 'src'), join(root, 'src'), { recursive: true });
    cpSync(join(ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
    mkdirSync(join(root, 'dist'));
  }
  for (const assets of ['runtime', 'web', 'admin']) {
    if (existsSync(join(ROOT, 'dist', assets)))
      symlinkSync(join(ROOT, 'dist', assets), join(root, 'dist', assets));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  cpSync(join(ROOT, 'drizzle'), join(root, 'drizzle'), { recursive: true });
  const journalPath = join(root, 'drizzle/meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>;
  };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('drizzle journal has no entries');
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1_000, tag: migration.tag });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(root, 'drizzle', `${migration.tag}.sql`), migration.sql);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * An expand migration, as zero-downtime deploys need: a nullable column, no default (PostgreSQL
 * adds it without rewriting the table), old code unaffected. `lock_timeout`: if a long transaction
 * holds the table, the migration fails and the instance retries at its next start, instead of
 * queueing every child's message behind its lock.
 */
export const EXPAND_MIGRATION = {
  tag: '0099_rolling_expand',
  column: 'rolling_note',
  sql: `SET LOCAL lock_timeout = '5s';\nALTER TABLE "sessions" ADD COLUMN IF NOT EXISTS "rolling_note" text;\n`,
};

export interface RestartTimes {
  server: ServerName;
  /** performance.now() of SIGTERM, of the old process's exit, of the new one's /api/ready 200, of the proxy's UP. */
  signalled: number;
  exited: number;
  ready: number;
  up: number;
  exitCode: number | null;
}

export interface Cluster {
  proxy: Proxy;
  instances: Record<ServerName, Instance>;
  /** SIGTERM one instance, wait for it to exit, start the release in its place, wait until the proxy sends it traffic. */
  restart(server: ServerName, root?: string): Promise<RestartTimes>;
  stop(): Promise<void>;
}

/** `dist`: the build, as production runs (benches); `tsx`: the sources, as the tests run them. */
export type Entry = 'dist' | 'tsx';

export async function startCluster(env: Record<string, string>, entry: Entry): Promise<Cluster> {
  const ports = { web1: await sparePort(), web2: await sparePort() };
  const start = (server: ServerName, root?: string) =>
    startInstance(
      // One proxy in front: rate limits and logs see each child's address (X-Forwarded-For).
      // SHUTDOWN_TIMEOUT_MS: a drain must outlast the slowest turn in flight; on a machine shared
      // with other work, turns queued behind admission can take longer than the default 15 s.
      { TRUST_PROXY: '1', SHUTDOWN_TIMEOUT_MS: '60000', ...env },
      { entry, port: ports[server], waitPath: '/api/ready', ...(root ? { root } : {}) },
    );
  // One after the other: the first migrates the fresh database, under the advisory lock anyway.
  const first = await start('web1');
  const instances = {
    web1: first,
    web2: await start('web2').catch(async (e) => {
      await first.kill();
      throw e;
    }),
  };
  let proxy: Proxy;
  try {
    proxy = await startProxy({ web1: `127.0.0.1:${ports.web1}`, web2: `127.0.0.1:${ports.web2}` });
  } catch (e) {
    await Promise.all(SERVERS.map((s) => instances[s].kill()));
    throw e;
  }
  await proxy.waitFor('web1', 'UP');
  await proxy.waitFor('web2', 'UP');
  return {
    proxy,
    instances,
    async restart(server, root) {
      const signalled = performance.now();
      const exitCode = await instances[server].stop();
      const exited = performance.now();
      instances[server] = await start(server, root);
      const ready = performance.now();
      await proxy.waitFor(server, 'UP');
      return { server, signalled, exited, ready, up: performance.now(), exitCode };
    },
    async stop() {
      await proxy.stop();
      await Promise.all(SERVERS.map((s) => instances[s].stop()));
    },
  };
}
