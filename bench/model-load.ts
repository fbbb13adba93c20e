/**
 * `npm run bench` (model path): N children on the model path, whole conversations to a game over
 * real HTTP (streamed, as the page does), against the fake Anthropic server at Claude's pace
 * (first token 0.6-1.5 s, 40-80 tokens/s, tool input as partial JSON, usage with the prompt
 * cache's rules: tests/fake-model). Build first (`npm run build:server`): app processes run dist/.
 *
 * Runs, each with fresh processes and a cold provider cache:
 *   cost      embedded PGlite, LLM_PROMPT_CACHE=false then true, back to back: cost per game before/after
 *   pg        PostgreSQL + Redis: two API instances and a generation worker (prompt cache on)
 *   storm     embedded, 30% of calls answered 429 (retry-after 1 s) for the first 60 s
 *
 * Per run: failed child messages, the time the app adds to the first token (first SSE token at the
 * client minus first token at the provider, matched by a tag in the reply), event-loop delay p99
 * and peak RSS per process, provider calls per model turn, and cost (Claude Sonnet 4.5 list prices,
 * src/agents/model/cost.ts) per phase and per finished game, from the provider's reported usage and
 * from the app's own gamemaker_llm_cost_usd_total.
 *
 *   npx tsx bench/model-load.ts --children 200
 *   npx tsx bench/model-load.ts --children 1000 --runs cost,pg,storm
 */
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { seeded } from '../tests/fake-model/shapes.js';
import { postgresReachable } from '../tests/support/postgres.js';
import { redisReachable } from '../tests/support/redis.js';
import { cpuSnapshot, cpuSpent } from './load/cpu.js';
import { type ChildRun, newChildRun, playChild } from './model-load-child.js';
import { type Processes, startProcesses } from './model-load-processes.js';
import { type Provider, providerCost, startProvider } from './model-load-provider.js';
import { printReport, type RunReport, summarise } from './model-load-report.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    children: { type: 'string', default: '1000' },
    /** Seconds a child thinks between an answer and its next message (±40%). */
    pace: { type: 'string', default: '8' },
    runs: { type: 'string', default: 'cost,pg,storm' },
    'storm-seconds': { type: 'string', default: '60' },
    'storm-share': { type: 'string', default: '0.3' },
    'max-messages': { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
  },
});
const children = Number(values.children);
const pace = Number(values.pace);
const runs = new Set((values.runs ?? '').split(','));
const stormSeconds = Number(values['storm-seconds']);
const stormShare = Number(values['storm-share']);
const random = seeded(Number(values.seed));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunSpec {
  name: string;
  setup: 'embedded' | 'pg';
  cache: boolean;
  storm: boolean;
}

async function runOnce(provider: Provider, spec: RunSpec): Promise<RunReport> {
  provider.reset();
  const procs: Processes = await startProcesses(spec.setup, {
    ANTHROPIC_BASE_URL: provider.fake.url,
    LLM_PROMPT_CACHE: String(spec.cache),
  });
  const run: ChildRun = newChildRun();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const circuit: number[] = [];
  try {
    await procs.resetEventLoop();
    const sampler = procs.sampleRss(1_000);
    loop.enable();
    const cpu0 = cpuSnapshot(procs.pids);
    const started = performance.now();
    let stormOn = spec.storm;
    if (spec.storm) provider.setLoad({ ...CLAUDE_PACE, rateLimitShare: stormShare, retryAfterSeconds: 1 });
    const watch = spec.storm ? watchCircuit(procs, circuit, () => stormOn) : Promise.resolve();
    const stormEnd = spec.storm
      ? sleep(stormSeconds * 1000).then(() => {
          provider.setLoad(CLAUDE_PACE);
          stormOn = false;
        })
      : Promise.resolve();
    const opts = {
      urls: procs.urls,
      paceSeconds: pace,
      maxMessages: Number(values['max-messages']),
      timeoutMs: 120_000,
      random,
    };
    await Promise.all(
      Array.from({ length: children }, async (_, n) => {
        await sleep(random() * pace * 1000);
        await playChild(n, run, opts);
      }),
    );
    await stormEnd;
    stormOn = false;
    await watch;
    loop.disable();
    const cpu = cpuSpent(cpu0, cpuSnapshot(procs.pids), run.messages, cpus().length);
    const seconds = (performance.now() - started) / 1000;
    const app = await procs.scrape();
    return summarise({
      spec,
      children,
      seconds,
      run,
      provider: provider.stats,
      cost: providerCost(provider.stats),
      app,
      rss: sampler.stop(),
      benchLoopP99: loop.percentile(99) / 1e6,
      circuit,
      cpu,
    });
  } finally {
    provider.setLoad(CLAUDE_PACE);
    await procs.stop();
  }
}

const CLAUDE_PACE = {
  firstTokenMs: [600, 1_500] as [number, number],
  tokensPerSecond: [40, 80] as [number, number],
};

/** Samples the breaker (gamemaker_model_circuit_open) every 500 ms while the storm lasts and 35 s after. */
async function watchCircuit(procs: Processes, out: number[], storming: () => boolean) {
  let after = 0;
  while (storming() || after < 70) {
    if (!storming()) after += 1;
    out.push(await procs.circuitOpen());
    await sleep(500);
  }
}

async function main() {
  const services = (await postgresReachable()) && (await redisReachable());
  const specs: RunSpec[] = [];
  if (runs.has('cost')) {
    specs.push({ name: 'before: no prompt cache', setup: 'embedded', cache: false, storm: false });
    specs.push({ name: 'after: prompt cache', setup: 'embedded', cache: true, storm: false });
  }
  if (runs.has('pg') && services)
    specs.push({ name: 'PostgreSQL + Redis, 2 inst. + worker', setup: 'pg', cache: true, storm: false });
  if (runs.has('storm'))
    specs.push({
      name: `429 storm: ${stormShare * 100}% for ${stormSeconds} s`,
      setup: 'embedded',
      cache: true,
      storm: true,
    });
  console.log(
    `Model-path load: ${children} children, one game each, thinking ${pace} s ±40% between messages; fake Claude (first token 0.6-1.5 s, 40-80 tokens/s)`,
  );
  const provider = await startProvider(seeded(Number(values.seed) + 1));
  const reports: RunReport[] = [];
  try {
    for (const spec of specs) {
      console.log(`\n— ${spec.name} (${spec.setup}) —`);
      const r = await runOnce(provider, spec);
      reports.push(r);
      printReport([r]);
    }
  } finally {
    await provider.fake.close();
  }
  console.log('\nAll runs:');
  printReport(reports);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
