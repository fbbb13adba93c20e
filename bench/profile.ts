/**
 * `tsx bench/profile.ts`: what one /api/message costs in CPU, and where it goes. Starts an app
 * process (`node dist/src/main.js`; build first), warms it up, then plays conversations one
 * message at a time over real HTTP while
 *   - /proc counts the CPU of the whole process (all threads) and of its main thread, and
 *   - the V8 profiler samples the main thread (started after warm-up, so start-up is not in it).
 * Each sample is charged to the innermost frame that belongs to a known area (storage, graph,
 * validation, matching, JSON, logging, metrics, HTTP ...), and the areas are reported in CPU
 * microseconds per message.
 *
 *   tsx bench/profile.ts --setup embedded --messages 400 [--parallel 200] [--keep /tmp/x.cpuprofile]
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startInstance } from '../tests/scale/instance.js';
import { type Asked, childAnswer, SCRIPTS } from '../tests/support/child.js';
import { createFreshDatabase } from '../tests/support/postgres.js';
import { deleteKeys, SHARED_REDIS_URL } from '../tests/support/redis.js';
import { post } from './load/client.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    setup: { type: 'string', default: 'embedded' },
    messages: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '300' },
    entry: { type: 'string', default: 'dist' },
    keep: { type: 'string' },
    /** Conversations at once: 1 is one message at a time; 200 loads the app as a closed loop does. */
    parallel: { type: 'string', default: '1' },
    /** Extra Node flags for the app process, space-separated (e.g. "--max-semi-space-size=32"). */
    'node-args': { type: 'string', default: '' },
  },
});

const CLOCK_TICK_US = 10_000; // USER_HZ = 100 on Linux

/** CPU by thread name (Linux `comm`: "node" is the main thread, workers and V8's helpers have theirs). */
function cpuByThread(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name =
        tid === String(pid)
          ? 'main'
          : `${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}:${tid}`;
      out.set(name, (out.get(name) ?? 0) + cpuOf(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** utime + stime of a process or one of its threads, in microseconds. */
function cpuOf(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
}

/** Plays whole conversations, `parallel` at once, until `messages` have been answered. */
async function converse(url: string, messages: number, parallel = Number(values.parallel)): Promise<number> {
  let sent = 0;
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, () => conversations()));
  return sent;

  async function conversations() {
    for (let s = next++; sent < messages; s = next++) {
      const script = SCRIPTS[s % SCRIPTS.length] as (typeof SCRIPTS)[number];
      const start = await post(url, '/api/start_session', {});
      let asked = start.asked as Asked | undefined;
      let phase = String(start.phase);
      for (let n = 0; phase !== 'complete' && n < 25 && sent < messages; n++) {
        const r = await post(url, '/api/message', {
          session_id: start.session_id,
          message: childAnswer(script, asked),
        });
        asked = r.asked as Asked | undefined;
        phase = String(r.phase);
        sent++;
      }
    }
  }
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Areas, tried from the innermost frame outwards; the first that matches takes the sample. */
const AREAS: Array<[string, RegExp]> = [
  [
    'storage',
    /\/src\/store\/|\/src\/cache\/|drizzle-orm|@electric-sql|\/node_modules\/pg|ioredis|redis-parser|denque/,
  ],
  ['validation', /\/zod\/|fastify-type-provider-zod|\/src\/contract\/|\/src\/text\//],
  ['logging', /\/pino|\/src\/observability\/log|sonic-boom|fast-redact/],
  ['metrics', /prom-client|\/src\/observability\/metrics|tdigest|bintrees/],
  ['tracing', /@opentelemetry|\/src\/observability\/tracing|\/src\/agents\/layers\/traced/],
  ['matching', /\/src\/books\/|\/src\/agents\/offline\/understand|compromise|wordlist|\/src\/safety\//],
  // Bots play a new game until a child would take 2-6 minutes (src/playtest): once a conversation.
  ['game tuning (playtest)', /\/src\/playtest\/|\/src\/runtime\/logic\//],
  ['offline brain', /\/src\/agents\/offline\/|\/src\/games\/|\/src\/agents\/compile-spec/],
  ['graph', /@langchain\/|langsmith|\/src\/agents\/|p-queue|p-retry|uuid/],
  // Sockets and streams are charged to whoever writes or reads them (HTTP, pg, Redis, the worker).
  [
    'HTTP (fastify, node:http)',
    /fastify|find-my-way|avvio|light-my-request|secure-json-parse|fast-json-stringify|_http_/,
  ],
  ['session service', /\/src\/sessions\//],
];

function areaOf(frame: Node['callFrame']): string | null {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8/native (program)';
  // The inspector session that runs the profiler: not the app's work.
  if (!url && functionName === 'dispatch') return 'idle';
  if (!url && /^(stringify|parse)$/.test(functionName)) return 'JSON';
  for (const [name, re] of AREAS) if (re.test(url)) return name;
  return null;
}

function breakdown(profile: Profile): { us: Map<string, number>; unknown: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const areaOfNode = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    let cur: number | undefined = id;
    let area: string | null = null;
    while (cur !== undefined && area === null) {
      const node = byId.get(cur) as Node;
      area = areaOf(node.callFrame);
      cur = parent.get(cur);
    }
    const found = area ?? (byId.get(id)?.callFrame.url.includes('node:') ? 'node (other)' : 'other');
    memo.set(id, found);
    return found;
  };
  const us = new Map<string, number>();
  // The innermost frames of what no area claims: what to name next.
  const unknown = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const a = areaOfNode(id);
    const t = profile.timeDeltas[i] ?? 0;
    us.set(a, (us.get(a) ?? 0) + t);
    if (a === 'other' || a === 'node (other)') {
      const f = (byId.get(id) as Node).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/node_modules\//, '')}`;
      unknown.set(key, (unknown.get(key) ?? 0) + t);
    }
  });
  return { us, unknown };
}

async function main() {
  const setup = values.setup ?? 'embedded';
  const out = join(tmpdir(), `gm-profile-${process.pid}.cpuprofile`);
  let env: Record<string, string> = { BENCH_PROFILE: out };
  let cleanup = async () => {};
  if (setup === 'pg') {
    const db = await createFreshDatabase();
    const prefix = `gmprof:${process.pid}:`;
    env = { ...env, DATABASE_URL: db.url, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    cleanup = async () => {
      await db.drop();
      await deleteKeys(SHARED_REDIS_URL, prefix);
    };
  }
  const inst = await startInstance(env, {
    entry: values.entry === 'tsx' ? 'tsx' : 'dist',
    nodeArgs: [
      ...(values['node-args'] ?? '').split(' ').filter(Boolean),
      '--import',
      './bench/load/instance-hooks.mjs',
    ],
  });
  try {
    const pid = inst.child.pid as number;
    await converse(inst.url, Number(values.warmup));
    const all0 = cpuOf(`/proc/${pid}/stat`);
    const main0 = cpuOf(`/proc/${pid}/task/${pid}/stat`);
    const threads0 = cpuByThread(pid);
    inst.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const n = await converse(inst.url, Number(values.messages));
    const wall = performance.now() - t0;
    const all1 = cpuOf(`/proc/${pid}/stat`);
    const main1 = cpuOf(`/proc/${pid}/task/${pid}/stat`);
    const threads1 = cpuByThread(pid);
    inst.child.kill('SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(`${out}.done`); i++) await new Promise((r) => setTimeout(r, 100));
    const profile = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    const { us: areas, unknown } = breakdown(profile);
    const busy = [...areas].filter(([a]) => a !== 'idle').reduce((s, [, v]) => s + v, 0);

    console.log(
      `setup ${setup}: ${n} messages, ${values.parallel} conversations at once, ${(wall / n).toFixed(2)} ms wall per message`,
    );
    console.log(
      `CPU per message: ${((all1 - all0) / n / 1000).toFixed(2)} ms whole process, ` +
        `${((main1 - main0) / n / 1000).toFixed(2)} ms main thread, ` +
        `${((all1 - all0 - (main1 - main0)) / n / 1000).toFixed(2)} ms other threads (/proc, 10 ms ticks)`,
    );
    const byThread = [...threads1]
      .map(([name, us]) => [name, (us - (threads0.get(name) ?? 0)) / n / 1000] as const)
      .filter(([, v]) => v >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    console.log(`  by thread: ${byThread.map(([name, v]) => `${name} ${v.toFixed(2)} ms`).join(', ')}`);
    // Samples land on whatever is on the stack, also while the thread waits for a core on a busy
    // machine: the profile gives the shares, /proc the CPU they are shares of.
    const mainPerMessage = (main1 - main0) / n;
    console.log(
      `main thread by area: share of samples × main-thread CPU per message (${(busy / 1000).toFixed(0)} ms sampled)`,
    );
    for (const [a, v] of [...areas].filter(([x]) => x !== 'idle').sort((x, y) => y[1] - x[1])) {
      const share = v / busy;
      console.log(
        `  ${a.padEnd(28)} ${(share * mainPerMessage).toFixed(0).padStart(6)} µs  ${(100 * share).toFixed(1).padStart(5)}%`,
      );
    }
    const top = [...unknown].sort((a, b) => b[1] - a[1]).slice(0, 8);
    if (top.length > 0) {
      console.log('unclassified, innermost frames:');
      for (const [k, v] of top) console.log(`  ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
    }
    if (values.keep) renameSync(out, values.keep);
  } finally {
    await inst.kill();
    rmSync(out, { force: true });
    rmSync(`${out}.done`, { force: true });
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
