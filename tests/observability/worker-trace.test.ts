import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { startTestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { deleteKeys, SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';

/**
 * Issue 25, point 2 (one trace per turn across processes): with OpenTelemetry on, a game built by
 * a dedicated worker (REDIS_URL set, JOBS_IN_PROCESS=false) shows its Code Generator's span in the
 * same trace as the API's turn, as a descendant of it. The W3C trace context travels in the job's
 * data. A real `src/worker.ts` process, an API on the same Redis (tracing started here as main.ts
 * does), one OTLP/HTTP receiver for both.
 */
const ok = await servicesAvailable({ redis: true });

/** A word no script or agent says: a span carrying the child's words carries it. */
const MARK = 'quibblewhisk';

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

let collector: Server;
const bodies: string[] = [];
const prefix = `gmtest:${randomBytes(4).toString('hex')}:`;
let worker: ChildProcess | null = null;
let tracing: Tracing | null = null;

/** OTLP/HTTP JSON (what @opentelemetry/exporter-trace-otlp-http sends) to flat spans. */
function parseSpans(body: string): ReceivedSpan[] {
  type Attr = { key: string; value: { stringValue?: string } };
  const doc = JSON.parse(body) as {
    resourceSpans?: Array<{
      resource?: { attributes?: Attr[] };
      scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service'>> }>;
    }>;
  };
  return (doc.resourceSpans ?? []).flatMap((rs) => {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        name: s.name,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
      })),
    );
  });
}

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await tracing?.shutdown();
  collector?.close();
  if (ok) await deleteKeys(SHARED_REDIS_URL, prefix);
});

function startWorkerProcess(endpoint: string) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(LANGSMITH|LANGCHAIN|OTEL)_/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'gm-worker-trace',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = (async () => {
    while (!out.includes('generation worker ready')) {
      if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}) at start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { child, ready, exited };
}

describe.skipIf(!ok)('OpenTelemetry across the API and a dedicated worker', () => {
  it("puts the worker's code_generator span under the API turn that queued the build", async () => {
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    // This process is the API: its tracer exports to the same receiver, as main.ts would start it.
    tracing = startTracing({ endpoint, serviceName: 'gm-api-trace', version: 'test' });
    const w = startWorkerProcess(endpoint);
    worker = w.child;
    await w.ready;

    const t = await startTestApp({
      redisUrl: SHARED_REDIS_URL,
      redisPrefix: prefix,
      env: { JOBS_IN_PROCESS: 'false' },
    });
    try {
      const script = SCRIPTS[0];
      if (!script) throw new Error('no script');
      const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      let asked = start.asked;
      let phase = 'identifying';
      for (let n = 0; phase !== 'complete' && n < 30; n++) {
        // The mark rides on the book's name, which the child's later answers need not repeat.
        const answer = childAnswer(script, asked);
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: start.session_id, message: n === 0 ? `${answer} ${MARK}` : answer },
        });
        expect(r.statusCode).toBe(200);
        asked = r.json().asked;
        phase = r.json().phase;
      }
      expect(phase).toBe('complete');
    } finally {
      await t.close();
      // Both flush what they hold: the worker on SIGTERM, this process on shutdown.
      w.child.kill('SIGTERM');
      await w.exited;
      await tracing.shutdown();
      tracing = null;
    }

    const spans = bodies.flatMap(parseSpans);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const built = spans.filter((s) => s.service === 'gm-worker-trace' && s.name === 'agent.code_generator');
    expect(built.length).toBeGreaterThan(0);
    for (const span of built) {
      // Up the parent chain, across the process boundary, to the API's turn.
      const chain: ReceivedSpan[] = [];
      for (let s: ReceivedSpan | undefined = span; s; s = byId.get(s.parentSpanId)) chain.push(s);
      const top = chain.at(-1);
      expect(chain.map((s) => `${s.service}/${s.name}`)).toContain('gm-api-trace/conversation.turn');
      expect(top?.service).toBe('gm-api-trace');
      expect(new Set(chain.map((s) => s.traceId)).size).toBe(1);
    }
    // The trace context carried ids only: nothing the child said in any span either process sent.
    expect(bodies.join('\n').toLowerCase()).not.toContain(MARK);
  });
});
