import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Instance, startInstance } from '../tests/scale/instance.js';
import { createFreshDatabase, sparePort } from '../tests/support/postgres.js';
import { deleteKeys, SHARED_REDIS_URL } from '../tests/support/redis.js';

/**
 * The app processes of one bench/model-load.ts run, from dist/ and configured as in production
 * (default model timeouts, retries and breaker), pointed at the fake provider: embedded PGlite in
 * one instance, or PostgreSQL + Redis with two API instances and a generation worker.
 */

/** What the app processes' /metrics said at the end of a run, summed over processes. */
export interface AppFigures {
  /** Event-loop delay p99 per process since the run started (ms). */
  loopP99: Array<{ name: string; ms: number }>;
  /** gamemaker_llm_cost_usd_total by phase. */
  costByPhase: Map<string, number>;
  /** Model turns (gamemaker_llm_latency_seconds_count) by outcome. */
  turns: Map<string, number>;
  /** Steps the offline brain said instead (gamemaker_errors_total{error_type="model_fallback"}). */
  fallbacks: number;
}

export interface Processes {
  urls: string[];
  /** Every app process (API instances and the worker), for CPU accounting. */
  pids: number[];
  resetEventLoop(): Promise<void>;
  /** Peak RSS per process over the run, and what it was at the start. */
  sampleRss(everyMs: number): { stop(): Array<{ name: string; mb: number; startMb: number }> };
  circuitOpen(): Promise<number>;
  scrape(): Promise<AppFigures>;
  stop(): Promise<void>;
}

interface Proc {
  name: string;
  pid: number;
  metricsUrl: string;
  kill(): Promise<void>;
}

const MODEL_ENV = { LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'sk-ant-bench-not-a-real-key' };

async function startWorker(env: Record<string, string>): Promise<Proc> {
  const port = await sparePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/worker.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gm-worker-')),
      WORKER_METRICS_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the worker exited at start (${child.exitCode})`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error('the worker did not start in time');
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name: 'worker',
    pid: child.pid as number,
    metricsUrl: url,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

const asProc = (i: Instance, name: string): Proc => ({
  name,
  pid: i.child.pid as number,
  metricsUrl: `${i.url}/metrics`,
  kill: () => i.kill(),
});

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Sum of a metric's samples whose labels include `match`, grouped by the label `by`. */
function samples(text: string, name: string, by?: string, match = ''): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  for (const m of text.matchAll(re)) {
    const labels = m[1] ?? '';
    if (match && !labels.includes(match)) continue;
    const key = by ? (new RegExp(`${by}="([^"]*)"`).exec(labels)?.[1] ?? '') : '';
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}

const addInto = (into: Map<string, number>, from: Map<string, number>) => {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
};

export async function startProcesses(
  setup: 'embedded' | 'pg',
  model: Record<string, string>,
): Promise<Processes> {
  const env: Record<string, string> = { ...MODEL_ENV, ...model };
  let cleanup = async () => {};
  const procs: Proc[] = [];
  if (setup === 'pg') {
    const db = await createFreshDatabase();
    const prefix = `gmbench:${randomBytes(3).toString('hex')}:`;
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix });
    cleanup = async () => {
      await db.drop();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    };
  }
  const apiEnv = setup === 'pg' ? { ...env, JOBS_IN_PROCESS: 'false' } : env;
  const count = setup === 'pg' ? 2 : 1;
  // The first instance migrates the database; the second starts after it.
  for (let i = 0; i < count; i++) {
    const inst = await startInstance(apiEnv, { entry: 'dist', waitPath: '/api/ready' });
    procs.push(asProc(inst, `instance ${i + 1}`));
  }
  const urls = procs.map((p) => p.metricsUrl.replace(/\/metrics$/, ''));
  if (setup === 'pg') procs.push(await startWorker(env));
  const text = (p: Proc) => fetch(p.metricsUrl).then((r) => r.text());

  return {
    urls,
    pids: procs.map((p) => p.pid),
    async resetEventLoop() {
      // prom-client resets its event-loop histogram on each scrape: the next one covers the run.
      await Promise.all(procs.map(text));
    },
    sampleRss(everyMs) {
      const peak = new Map<string, number>();
      const start = new Map(procs.map((p) => [p.name, rssMb(p.pid)]));
      const sample = () => {
        for (const p of procs) peak.set(p.name, Math.max(peak.get(p.name) ?? 0, rssMb(p.pid)));
      };
      sample();
      const timer = setInterval(sample, everyMs);
      return {
        stop() {
          clearInterval(timer);
          sample();
          return [...peak].map(([name, mb]) => ({ name, mb, startMb: start.get(name) ?? 0 }));
        },
      };
    },
    async circuitOpen() {
      const texts = await Promise.all(procs.map((p) => text(p).catch(() => '')));
      return texts.reduce((n, t) => n + (samples(t, 'gamemaker_model_circuit_open').get('') ?? 0), 0);
    },
    async scrape() {
      const figures: AppFigures = { loopP99: [], costByPhase: new Map(), turns: new Map(), fallbacks: 0 };
      for (const p of procs) {
        const t = await text(p);
        const lag = samples(t, 'nodejs_eventloop_lag_p99_seconds').get('') ?? Number.NaN;
        figures.loopP99.push({ name: p.name, ms: lag * 1000 });
        addInto(figures.costByPhase, samples(t, 'gamemaker_llm_cost_usd_total', 'phase'));
        addInto(figures.turns, samples(t, 'gamemaker_llm_latency_seconds_count', 'outcome'));
        figures.fallbacks +=
          samples(t, 'gamemaker_errors_total', undefined, 'error_type="model_fallback"').get('') ?? 0;
      }
      return figures;
    },
    async stop() {
      for (const p of procs) await p.kill();
      await cleanup();
    },
  };
}
