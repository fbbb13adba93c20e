import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * PostgreSQL for tests: a fresh database per run on the machine's shared server (created here and
 * dropped afterwards), and private throw-away clusters for outage tests, which may be stopped and
 * started at will. The shared server is never stopped.
 */

/** The shared server's admin URL; override with TEST_POSTGRES_ADMIN_URL. */
export const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function postgresReachable(url = ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE gm_test_<random> on the shared server; `drop()` removes it (and its connections). */
export async function createFreshDatabase(adminUrl = ADMIN_URL): Promise<FreshDatabase> {
  const name = `gm_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A private PostgreSQL cluster on a spare port, in a temporary directory owned by the `postgres`
 * user (the server refuses to run as root). `stop()` and `start()` simulate an outage.
 */
export interface PrivateCluster {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** As root, run the server as the `postgres` user (it refuses root), directly so signals reach it. */
function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

export async function startPrivateCluster(port: number): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gm-pg-'));
  const dataDir = join(dir, 'data');
  const user = postgresUser();
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  execFileSync(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-N'], {
    stdio: 'ignore',
    cwd: dir,
    ...user,
  });

  let server: ChildProcess | null = null;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const cluster: PrivateCluster = {
    url,
    port,
    async start() {
      // Run the postmaster in the foreground as our child so stop() can signal it directly.
      const args = [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ];
      server = spawn(join(PG_BIN, 'postgres'), args, { stdio: 'ignore', cwd: dir, ...user });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if (await postgresReachable(url)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`private PostgreSQL on port ${port} did not start`);
    },
    async stop() {
      const s = server;
      if (!s || s.exitCode !== null) return;
      server = null;
      const exited = new Promise<void>((r) => s.once('exit', () => r()));
      // SIGINT = "fast" shutdown: active connections are cut, as in a real crash or failover.
      s.kill('SIGINT');
      await exited;
    },
    async destroy() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** A port nobody listens on, for private servers. */
export async function sparePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
