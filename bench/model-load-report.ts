import type { CpuSpent } from './load/cpu.js';
import { quantile } from './load/loops.js';
import type { ChildRun } from './model-load-child.js';
import type { AppFigures } from './model-load-processes.js';
import type { ProviderStats } from './model-load-provider.js';

/** bench/model-load.ts: one run's figures, and the table they are printed in. */

export interface RunInput {
  spec: { name: string; setup: string; cache: boolean; storm: boolean };
  children: number;
  seconds: number;
  run: ChildRun;
  provider: ProviderStats;
  cost: { byPhase: Map<string, number>; total: number };
  app: AppFigures;
  rss: Array<{ name: string; mb: number; startMb: number }>;
  benchLoopP99: number;
  /** Open circuits summed over processes, sampled every 500 ms (storm runs). */
  circuit: number[];
  /** CPU per child message: app processes, this load generator (and fake provider), the rest. */
  cpu: CpuSpent;
}

export interface RunReport {
  name: string;
  children: number;
  games: number;
  messages: number;
  failed: number;
  failedBy: Record<string, number>;
  msgsPerGame: number;
  firstTokenP50: number;
  firstTokenP99: number;
  firstTokenMatched: number;
  doneP50: number;
  doneP99: number;
  loopP99: Array<{ name: string; ms: number }>;
  rss: Array<{ name: string; mb: number; startMb: number }>;
  calls: number;
  rateLimited: number;
  turns: number;
  turnsByOutcome: Record<string, number>;
  callsPerTurn: number;
  maxAttempts: number;
  fallbacks: number;
  costTotal: number;
  costPerGame: number;
  costPerGameByPhase: Record<string, number>;
  appCostTotal: number;
  circuitOpened: number;
  circuitClosed: number;
  benchLoopP99: number;
  seconds: number;
  cpu: CpuSpent;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Times the circuit went from closed to open and back, from the samples. */
function transitions(samples: number[]): { opened: number; closed: number } {
  let opened = 0;
  let closed = 0;
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1] ?? 0, samples[i] ?? 0];
    if (b > a) opened += b - a;
    if (b < a) closed += a - b;
  }
  return { opened, closed };
}

export function summarise(x: RunInput): RunReport {
  const appAdded: number[] = [];
  for (const [tag, clientAt] of x.run.firstTokens) {
    const providerAt = x.provider.firstTokenAt.get(tag);
    if (providerAt !== undefined) appAdded.push(clientAt - providerAt);
  }
  const t = sorted(appAdded);
  const done = sorted(x.run.latencies);
  const turns = [...x.app.turns.values()].reduce((a, b) => a + b, 0);
  const games = x.run.games;
  const perGame: Record<string, number> = {};
  for (const [phase, usd] of x.cost.byPhase) perGame[phase] = games ? usd / games : Number.NaN;
  const { opened, closed } = transitions(x.circuit);
  return {
    name: x.spec.name,
    children: x.children,
    games,
    messages: x.run.messages,
    failed: [...x.run.failed.values()].reduce((a, b) => a + b, 0),
    failedBy: Object.fromEntries(x.run.failed),
    msgsPerGame: quantile(sorted(x.run.perGame), 0.5),
    firstTokenP50: quantile(t, 0.5),
    firstTokenP99: quantile(t, 0.99),
    firstTokenMatched: t.length,
    doneP50: quantile(done, 0.5),
    doneP99: quantile(done, 0.99),
    loopP99: x.app.loopP99,
    rss: x.rss,
    calls: x.provider.requests,
    rateLimited: x.provider.byStatus.get(429) ?? 0,
    turns,
    turnsByOutcome: Object.fromEntries(x.app.turns),
    callsPerTurn: turns ? x.provider.requests / turns : Number.NaN,
    maxAttempts: Math.max(0, ...x.provider.attempts.values()),
    fallbacks: x.app.fallbacks,
    costTotal: x.cost.total,
    costPerGame: games ? x.cost.total / games : Number.NaN,
    costPerGameByPhase: perGame,
    appCostTotal: [...x.app.costByPhase.values()].reduce((a, b) => a + b, 0),
    circuitOpened: opened,
    circuitClosed: closed,
    benchLoopP99: x.benchLoopP99,
    seconds: x.seconds,
    cpu: x.cpu,
  };
}

const f = (x: number, d = 1) => (Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const usd = (x: number) => (Number.isNaN(x) ? 'n/a' : `$${x.toFixed(4)}`);

export function printReport(reports: RunReport[]) {
  for (const r of reports) {
    const loop = r.loopP99.map((l) => `${l.name} ${f(l.ms)}`).join(', ');
    const rss = r.rss.map((l) => `${l.name} ${f(l.mb, 0)} (${f(l.startMb, 0)} at the start)`).join(', ');
    const phases = Object.entries(r.costPerGameByPhase)
      .map(([p, c]) => `${p} ${usd(c)}`)
      .join(', ');
    console.log(
      [
        `${r.name}: ${r.children} children, ${r.games} games, ${r.messages} messages (median ${f(r.msgsPerGame, 0)} per game) in ${f(r.seconds, 0)} s`,
        `  failed child messages: ${r.failed}${r.failed ? ` ${JSON.stringify(r.failedBy)}` : ''}`,
        `  app-added time to first token: p50 ${f(r.firstTokenP50)} ms, p99 ${f(r.firstTokenP99)} ms (${r.firstTokenMatched} messages); whole message p50 ${f(r.doneP50 / 1000, 2)} s, p99 ${f(r.doneP99 / 1000, 2)} s`,
        `  event-loop delay p99 (ms): ${loop}; load generator ${f(r.benchLoopP99)}`,
        `  peak RSS (MB): ${rss}`,
        `  CPU ms per child message: app processes ${f(r.cpu.appsMs)}, load generator + fake provider ${f(r.cpu.generatorMs)}, rest of the machine ${f(r.cpu.restMs)}; cores busy ${f(100 * r.cpu.busy, 0)}%`,
        `  provider calls: ${r.calls} (${r.rateLimited} answered 429) for ${r.turns} model turns = ${f(r.callsPerTurn, 3)} per turn; most attempts of one request: ${r.maxAttempts}; offline stood in: ${r.fallbacks}; model turns by outcome ${JSON.stringify(r.turnsByOutcome)}`,
        `  cost: ${usd(r.costTotal)} in all (app's own counter: ${usd(r.appCostTotal)}), ${usd(r.costPerGame)} per finished game: ${phases}`,
        ...(r.circuitOpened || r.circuitClosed
          ? [`  breaker: opened ${r.circuitOpened}×, closed ${r.circuitClosed}×`]
          : []),
      ].join('\n'),
    );
  }
}
