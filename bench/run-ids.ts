/**
 * `tsx bench/run-ids.ts`: what LangChain's run ids cost a conversation turn, with Node's own
 * `crypto.getRandomValues` and with a pool of random bytes in front of it.
 *
 * Why: LangChain and LangGraph make a UUID for every runnable a graph run passes through, each from
 * `crypto.getRandomValues` on 16 bytes. The app once patched that global with a pool to save the
 * synchronous OpenSSL call; this bench says whether the patch is worth it on the runtime we ship.
 * The pool here exists in this bench only, as the thing measured against.
 *
 * Each variant plays the offline brain's conversation for one book on the real compiled graph,
 * `--turns` turns (default 4000), and reports the median of `--rounds` rounds (default 5) of the
 * CPU time per turn, with how many `getRandomValues` calls a turn makes and what one costs.
 *
 *   npx tsx bench/run-ids.ts
 *   /path/to/node22 --import tsx bench/run-ids.ts
 */
import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildAgentGraph, runTurn } from '../src/agents/graph.js';
import { createOfflineBrain } from '../src/agents/offline/index.js';
import { initialState, type SessionState } from '../src/agents/state.js';

const { values } = parseArgs({
  options: { turns: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '5' } },
});
const TURNS = Number(values.turns);
const ROUNDS = Number(values.rounds);

/** A conversation that reaches a game: replayed from the start whenever it is over. */
const SCRIPT = [
  'the gruffalo',
  'yes',
  'the mouse',
  'the deep dark wood',
  'yes',
  'collect',
  'the mouse',
  'nuts',
  'the owl',
  'yes',
];

const native = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
let calls = 0;
let pooled = false;
const pool = new Uint8Array(4096);
let used = pool.length;
globalThis.crypto.getRandomValues = <T extends ArrayBufferView>(array: T): T => {
  calls++;
  if (!pooled || !(array instanceof Uint8Array) || array.byteLength > 256) return native(array);
  if (used + array.byteLength > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  array.set(pool.subarray(used, used + array.byteLength));
  used += array.byteLength;
  return array;
};

const graph = buildAgentGraph(createOfflineBrain());

async function round(): Promise<number> {
  let state: SessionState = initialState();
  let line = 0;
  // CPU time, not wall time: on a shared machine waiting for a core is not the turn's cost.
  const started = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) {
    if (state.phase === 'complete' || line >= SCRIPT.length) {
      state = initialState();
      line = 0;
    }
    state = (await runTurn(graph, state, SCRIPT[line++] as string)).session;
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / TURNS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Both variants, round by round in turn after a shared warm-up, so JIT warm-up favours neither. */
async function variants() {
  for (let r = 0; r < 3; r++) await round();
  const times = { off: [] as number[], on: [] as number[] };
  calls = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const pool of r % 2 ? [true, false] : [false, true]) {
      pooled = pool;
      (pool ? times.on : times.off).push(await round());
    }
  }
  const callsPerTurn = calls / (TURNS * ROUNDS * 2);
  return {
    off: { usPerTurn: median(times.off), callsPerTurn },
    on: { usPerTurn: median(times.on), callsPerTurn },
  };
}

function nativeCallUs(): number {
  const a = new Uint8Array(16);
  const n = 200_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) native(a);
  return ((performance.now() - t) * 1000) / n;
}

async function main() {
  const { off, on } = await variants();
  const per = nativeCallUs();
  console.log(`Node ${process.version}: ${TURNS} turns x ${ROUNDS} rounds (median of rounds)`);
  console.log(`  getRandomValues calls per turn   ${off.callsPerTurn.toFixed(1)}`);
  console.log(`  one native 16-byte call          ${per.toFixed(2)} µs`);
  console.log(`  CPU per turn, Node's own             ${off.usPerTurn.toFixed(0)} µs`);
  console.log(`  CPU per turn, pooled             ${on.usPerTurn.toFixed(0)} µs`);
  console.log(
    `  difference                       ${(off.usPerTurn - on.usPerTurn).toFixed(0)} µs (${(((off.usPerTurn - on.usPerTurn) / off.usPerTurn) * 100).toFixed(1)}%)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
