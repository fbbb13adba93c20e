import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import { type LangSmithReceiver, type ReceivedRun, startLangSmithReceiver } from './langsmith-receiver.js';

/**
 * Issue 25, point 2: with LANGSMITH_TRACING=true in a dedicated worker's environment (as compose
 * passes it), the Code Generator's model calls made there are traced, like the other agents' in the
 * API process, and no process sends the child's words or a reply. A real `src/worker.ts` process
 * and an API on the same Redis, a real model SDK against the fake model server, and a LangSmith
 * stand-in over HTTP for each process.
 */
const ok = await servicesAvailable({ redis: true });

/** A word no script or agent says: any trace carrying the child's words carries it. */
const MARK = 'quibblewhisk';

let fake: FakeModelServer;
let apiSink: LangSmithReceiver;
let workerSink: LangSmithReceiver;
let worker: ChildProcess | null = null;
/** An OpenTelemetry collector over OTLP/HTTP for the worker: what it receives, as text. */
let collector: Server;
const spans: string[] = [];
const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;

/** The worker as an operator runs it (`npm run worker`), its environment as compose passes it. */
function startWorkerProcess() {
  // Nothing of the test runner's own LangSmith/LangChain settings leaks into the child.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(LANGSMITH|LANGCHAIN|OTEL)_/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: {
      ...inherited,
      ...anthropicEnv(fake),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      LANGSMITH_TRACING: 'true',
      LANGSMITH_ENDPOINT: workerSink.url,
      LANGSMITH_API_KEY: 'lsv2-worker-test-key',
      LANGSMITH_PROJECT: 'gm-worker-test',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: 'gm-worker-test',
      // Any free port; the worker logs the one it took.
      WORKER_METRICS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (re: RegExp): Promise<string> => {
    // Bounded by the test's timeout; a worker that died says so at once.
    let code: number | null | undefined;
    void exited.then((c) => {
      code = c;
    });
    for (;;) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return hit;
      if (code !== undefined) throw new Error(`the worker exited (${code}) before printing ${re}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, waitFor, exited };
}

beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  apiSink = await startLangSmithReceiver();
  workerSink = await startLangSmithReceiver();
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      spans.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await fake?.close();
  await apiSink?.close();
  await workerSink?.close();
  collector?.close();
  if (ok) await deleteKeys(SHARED_REDIS_URL, prefix);
});

/** The run and its ancestors' names, nearest first. */
function lineage(runs: Map<string, ReceivedRun>, run: ReceivedRun): string[] {
  const names: string[] = [];
  for (let r: ReceivedRun | undefined = run; r; r = r.parent_run_id ? runs.get(r.parent_run_id) : undefined) {
    names.push(r.name ?? '?');
  }
  return names;
}

describe.skipIf(!ok)('LangSmith in a dedicated generation worker', () => {
  it('traces every agent’s model calls across both processes, and never the child’s words', async () => {
    const w = startWorkerProcess();
    worker = w.child;
    await w.waitFor(/generation worker ready/);
    const served = JSON.parse(await w.waitFor(/metrics served on \/metrics/)) as { port: number };

    const t = await startTestApp({
      redisUrl: SHARED_REDIS_URL,
      redisPrefix: prefix,
      env: {
        ...anthropicEnv(fake),
        // Every game is built by the worker process, none by the API.
        JOBS_IN_PROCESS: 'false',
        LANGSMITH_TRACING: 'true',
        LANGSMITH_ENDPOINT: apiSink.url,
        LANGSMITH_API_KEY: 'lsv2-api-test-key',
        LANGSMITH_PROJECT: 'gm-api-test',
      },
    });
    const childSaid: string[] = [];
    const replies: string[] = [];
    try {
      const script = SCRIPTS.find((s) => /tacos/.test(s.book));
      if (!script) throw new Error('no script');
      const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      let said = start.message as string;
      replies.push(said);
      let phase = 'identifying';
      for (let n = 0; phase !== 'complete' && n < 20; n++) {
        const message = `${childAnswer(script, phase, said)} ${MARK}`;
        childSaid.push(message);
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: start.session_id, message },
        });
        expect(r.statusCode).toBe(200);
        said = r.json().message;
        replies.push(said);
        phase = r.json().phase;
      }
      expect(phase).toBe('complete');
      // The worker's own /metrics: the Code Generator's model turn, counted where it ran.
      const text = await (await fetch(`http://127.0.0.1:${served.port}/metrics`)).text();
      const count = (series: string) =>
        Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      expect(
        count('gamemaker_llm_latency_seconds_count{agent="code_generator",outcome="ok"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(count('gamemaker_llm_first_token_seconds_count{agent="code_generator"}')).toBeGreaterThanOrEqual(
        1,
      );
      expect(count('gamemaker_llm_tokens_total{direction="output"}')).toBeGreaterThan(0);
      expect(text).toMatch(/^gamemaker_model_circuit_open 0$/m);
    } finally {
      await t.close();
      // SIGTERM: the worker finishes, then sends what its tracer still holds.
      w.child.kill('SIGTERM');
      await w.exited;
    }

    // The Code Generator's prompt did carry the child's words: hiding them below is what is tested.
    const builds = fake.requests.filter((r) => r.toolNames.includes('build_game'));
    expect(builds.length).toBeGreaterThan(0);
    expect(builds.some((r) => JSON.stringify(r.messages).includes(MARK))).toBe(true);

    expect(apiSink.problems).toEqual([]);
    expect(workerSink.problems).toEqual([]);

    // OpenTelemetry from the worker too: the agent's span and its model call's.
    const otlp = spans.join('\n');
    expect(otlp).toContain('agent.code_generator');
    expect(otlp).toContain('model.call');

    // (b) Nothing the child said and no reply, in any body either process sent (LangSmith and OTLP).
    const all = [...apiSink.bodies, ...workerSink.bodies, ...spans].join('\n');
    expect(all.toLowerCase()).not.toContain(MARK);
    const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
    for (const text of [...childSaid, ...replies]) {
      expect(all).not.toContain(text);
      expect(all).not.toContain(escaped(text));
    }
    for (const key of ['lsv2-api-test-key', 'lsv2-worker-test-key']) expect(all).not.toContain(key);

    // (a) The worker: the Code Generator's turn as a run, its model call nested in it.
    const workerRuns = [...workerSink.runs.values()];
    expect(workerRuns.some((r) => r.name === 'code_generator')).toBe(true);
    const workerLlm = workerRuns.filter((r) => r.run_type === 'llm');
    expect(workerLlm.length).toBeGreaterThan(0);
    for (const r of workerLlm) expect(lineage(workerSink.runs, r)).toContain('code_generator');
    // ... and the API: the other two agents' runs with their model calls under them.
    const apiRuns = [...apiSink.runs.values()];
    const apiLlmUnder = (agent: string) =>
      apiRuns.some((r) => r.run_type === 'llm' && lineage(apiSink.runs, r).includes(agent));
    expect(apiLlmUnder('story_analyst')).toBe(true);
    expect(apiLlmUnder('game_designer')).toBe(true);
    // No model call for the Code Generator in the API: the worker made it.
    expect(apiLlmUnder('code_generator')).toBe(false);
  });
});
