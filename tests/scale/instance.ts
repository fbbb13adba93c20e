import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparePort } from '../support/postgres.js';

/**
 * A real app instance as its own process (`node --import tsx src/main.ts`), configured by the
 * environment as in production. Used where "another instance" must mean another process.
 */
export interface Instance {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
  /** SIGKILL: a crash, nothing gets to clean up. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface InstanceOptions {
  /** `tsx` (default): the sources, as tests run them; `dist`: the build (`npm run build:server`). */
  entry?: 'tsx' | 'dist';
  /** Extra Node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** A fixed port (a restarted instance behind a proxy comes back at the same address); spare otherwise. */
  port?: number;
  /** Where the build lives (a release directory with its own dist/ and drizzle/); this checkout otherwise. */
  root?: string;
  /** Started means this path answers 200: `/api/health` (listening, default) or `/api/ready` (warm). */
  waitPath?: string;
}

export async function startInstance(
  env: Record<string, string>,
  opts: InstanceOptions = {},
): Promise<Instance> {
  const port = opts.port ?? (await sparePort());
  const entry = opts.entry === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry], {
    ...(opts.root ? { cwd: opts.root } : {}),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gm-inst-')),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => output.push(d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited at start:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}${opts.waitPath ?? '/api/health'}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance did not start in time:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    child,
    output,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function post(base: string, path: string, body: unknown) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
