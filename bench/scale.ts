/**
 * `npm run bench` (second part): /api/message under concurrent load, offline brain, real HTTP to
 * real app processes on 127.0.0.1. Configurations: PGlite (one instance: embedded, single process
 * by nature), PostgreSQL + Redis with one instance, and with two instances (requests alternate).
 * Each of N concurrent sessions plays a whole conversation (start → game). Reports messages/s,
 * p50/p95/p99 and the session cache hit ratio. Bounded: each run stops sending after --max-seconds.
 *
 *   tsx bench/scale.ts --sessions 100,1000 --max-seconds 90
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Instance, startInstance } from '../tests/scale/instance.js';
import { childAnswer, SCRIPTS } from '../tests/support/child.js';
import { createFreshDatabase, postgresReachable } from '../tests/support/postgres.js';
import { deleteKeys, redisReachable, SHARED_REDIS_URL } from '../tests/support/redis.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100,1000' },
    'max-seconds': { type: 'string', default: '90' },
  },
});
const sizes = (values.sessions ?? '100').split(',').map(Number);
const maxMs = Number(values['max-seconds']) * 1000;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

let retries = 0;
const failureReasons = new Map<string, number>();

/** As the page does: a 409/503 answer carries `action: "retry"`, so try again shortly (counted). */
async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await postOnce(url, body);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if ((status !== 409 && status !== 503) || attempt >= 5) throw e;
      retries++;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}

async function postOnce(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw Object.assign(new Error(`${res.status} ${json.error}`), { status: res.status });
  return json;
}

async function cacheCounts(instances: Instance[]) {
  let hit = 0;
  let miss = 0;
  let error = 0;
  for (const i of instances) {
    const text = await (await fetch(`${i.url}/metrics`)).text();
    const get = (r: string) =>
      Number(
        text.match(new RegExp(`gamemaker_session_cache_requests_total\\{result="${r}"\\} (\\d+)`))?.[1] ?? 0,
      );
    hit += get('hit');
    miss += get('miss');
    error += get('error');
  }
  return { hit, miss, error };
}

async function load(instances: Instance[], sessions: number) {
  const times: number[] = [];
  let failures = 0;
  let games = 0;
  let turn = 0;
  const pick = () => instances[turn++ % instances.length] as Instance;
  const deadline = Date.now() + maxMs;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: sessions }, async (_, s) => {
      const script = SCRIPTS[s % SCRIPTS.length];
      if (!script) return;
      try {
        const start = await post(`${pick().url}/api/start_session`, {});
        let said = String(start.message);
        let phase = String(start.phase);
        for (let n = 0; phase !== 'complete' && n < 25 && Date.now() < deadline; n++) {
          const m0 = performance.now();
          const r = await post(`${pick().url}/api/message`, {
            session_id: start.session_id,
            message: childAnswer(script, phase, said),
          });
          times.push(performance.now() - m0);
          said = String(r.message);
          phase = String(r.phase);
        }
        if (phase === 'complete') games++;
      } catch (e) {
        failures++;
        const reason = (e as Error).message;
        failureReasons.set(reason, (failureReasons.get(reason) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { seconds, messages: times.length, games, failures, times };
}

type Setup = { name: string; start(): Promise<{ instances: Instance[]; done(): Promise<void> }> };

async function main() {
  const setups: Setup[] = [
    {
      name: 'PGlite, 1 instance',
      async start() {
        const inst = await startInstance({});
        return { instances: [inst], done: () => inst.kill() };
      },
    },
  ];
  if ((await postgresReachable()) && (await redisReachable())) {
    for (const count of [1, 2]) {
      setups.push({
        name: `PostgreSQL + Redis, ${count} instance${count > 1 ? 's' : ''}`,
        async start() {
          const db = await createFreshDatabase();
          const env = {
            DATABASE_URL: db.url,
            REDIS_URL: SHARED_REDIS_URL,
            REDIS_KEY_PREFIX: `gmbench:${randomBytes(3).toString('hex')}:`,
          };
          const instances = await Promise.all(Array.from({ length: count }, () => startInstance(env)));
          return {
            instances,
            async done() {
              for (const i of instances) await i.kill();
              await db.drop();
              await deleteKeys(SHARED_REDIS_URL, env.REDIS_KEY_PREFIX);
            },
          };
        },
      });
    }
  } else {
    console.log('PostgreSQL or Redis not reachable on 127.0.0.1: only the PGlite runs');
  }

  const rows: string[] = [];
  for (const setup of setups) {
    for (const sessions of sizes) {
      const { instances, done } = await setup.start();
      try {
        // Warm-up: a few conversations, not measured (JIT, pools, prepared plans).
        await load(instances, 10);
        retries = 0;
        failureReasons.clear();
        const before = await cacheCounts(instances);
        const r = await load(instances, sessions);
        const after = await cacheCounts(instances);
        const hits = after.hit - before.hit;
        const lookups = hits + (after.miss - before.miss) + (after.error - before.error);
        const ratio = lookups > 0 ? `${((100 * hits) / lookups).toFixed(1)}%` : 'n/a';
        rows.push(
          [
            setup.name.padEnd(30),
            String(sessions).padStart(5),
            String(r.messages).padStart(7),
            (r.messages / r.seconds).toFixed(0).padStart(7),
            quantile(r.times, 0.5).toFixed(1).padStart(8),
            quantile(r.times, 0.95).toFixed(1).padStart(8),
            quantile(r.times, 0.99).toFixed(1).padStart(8),
            `${r.games}/${sessions}`.padStart(10),
            String(r.failures).padStart(5),
            ratio.padStart(7),
            String(retries).padStart(7),
          ].join(' '),
        );
        if (failureReasons.size > 0) console.log('  failures:', Object.fromEntries(failureReasons));
        console.log(rows.at(-1));
      } finally {
        await done();
      }
    }
  }
  console.log(
    `\n/api/message under load (offline brain, real HTTP on 127.0.0.1, each session a whole conversation)`,
  );
  console.log(
    `${'setup'.padEnd(30)} ${'sess'.padStart(5)} ${'msgs'.padStart(7)} ${'msg/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'games'.padStart(10)} ${'fail'.padStart(5)} ${'cache'.padStart(7)} ${'retries'.padStart(7)}`,
  );
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
