/**
 * `tsx bench/graph-gc.ts`: how much of one call V8's young generation fails to collect, for a
 * LangGraph run and for simpler ways of doing the same work, one call after another.
 *
 * Why: at a child's pace the worst open-loop latencies (100-140 ms, in clusters) come with the
 * main thread's major GCs. Those are driven by what scavenges promote into the old generation, and
 * a graph run's short-lived objects are promoted even when runs are strictly sequential and nothing
 * keeps them (a heap snapshot after the runs holds none of them). This bench measures it, so a
 * LangGraph upgrade, a Node upgrade or a change in how we call it can be checked.
 *
 * Each variant runs in its own `node --trace-gc-nvp` process, twice: with a quarter of the calls and
 * with all of them. The bytes promoted per call are the difference over the extra calls, so what
 * module loading promotes (which moves by megabytes with when the first scavenges fall) cancels out.
 *
 * It also says whether this runtime gives `{ ...a, key }` literals one hidden class: V8 11.3 (Node
 * 20) makes a new one for every such object, and LangChain builds configs that way on every call.
 * Run it with another Node to compare (the container's is Node 22):
 *
 *   npx tsx bench/graph-gc.ts [--calls 8000]
 *   /path/to/node22 --import tsx bench/graph-gc.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';

const VARIANTS = ['function', 'lambda', 'graph', 'agents', 'shapes'] as const;
type Variant = (typeof VARIANTS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { calls: { type: 'string', default: '8000' }, variant: { type: 'string' } },
});
const calls = Number(values.calls);

/** The child: `calls` calls of one variant, each awaited before the next. */
async function runVariant(variant: Variant) {
  if (variant === 'shapes') return console.log(`shared=${spreadSharesHiddenClass()}`);
  const { Annotation, END, START, StateGraph } = await import('@langchain/langgraph');
  const { RunnableLambda } = await import('@langchain/core/runnables');
  const step = async (x: { n: number }) => ({ n: x.n + 1 });
  const State = Annotation.Root({ n: Annotation<number>() });
  const graph = new StateGraph(State).addNode('a', step).addEdge(START, 'a').addEdge('a', END).compile();
  const lambda = RunnableLambda.from(step);
  if (variant === 'agents') {
    const { buildAgentGraph, runTurn } = await import('../src/agents/graph.js');
    const { createOfflineBrain } = await import('../src/agents/offline/index.js');
    const { initialState } = await import('../src/agents/state.js');
    const agents = buildAgentGraph(createOfflineBrain());
    // The first turn of a conversation, again and again: the graph's cost, not a story's.
    for (let i = 0; i < calls; i++) await runTurn(agents, initialState(), 'dragons love tacos');
    return;
  }
  for (let i = 0; i < calls; i++) {
    if (variant === 'function') await step({ n: i });
    else if (variant === 'lambda') await lambda.invoke({ n: i });
    else if (variant === 'graph') await graph.invoke({ n: i });
  }
}

/** Bytes promoted by scavenges, and the number of scavenges and major GCs, from V8's nvp trace. */
function measure(variant: Variant, n: number) {
  const out = execFileSync(
    process.execPath,
    [
      '--trace-gc-nvp',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      `--variant=${variant}`,
      `--calls=${n}`,
    ],
    { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
  );
  // Only the main isolate: tsx's own worker traces its GCs under another address.
  const traced = out
    .split('\n')
    .map((l) => ({ iso: /^\[\d+:(0x[0-9a-f]+)\]/.exec(l)?.[1], gc: /\bgc=(\w+)/.exec(l)?.[1], l }))
    .filter((t) => t.iso && t.gc);
  const count = new Map<string, number>();
  for (const t of traced) count.set(t.iso as string, (count.get(t.iso as string) ?? 0) + 1);
  const main = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  let promoted = 0;
  let scavenges = 0;
  let majors = 0;
  for (const t of traced.filter((x) => x.iso === main)) {
    if (t.gc === 's') {
      scavenges++;
      promoted += Number(/\bpromoted=(\d+)/.exec(t.l)?.[1] ?? 0);
    } else if (t.gc === 'mc' || t.gc === 'mmc') majors++;
  }
  return { promoted, scavenges, majors };
}

/**
 * Whether `{ ...a, key }` objects share one hidden class (map) here. Asked of V8 itself through a
 * natives-syntax function, compiled only in this child process.
 */
function spreadSharesHiddenClass() {
  setFlagsFromString('--allow-natives-syntax');
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
  const make = (i: number) => ({ ...{ a: 1, b: 2 }, key: i });
  for (let i = 0; i < 1000; i++) make(i);
  return sameMap(make(1), make(2));
}

if (values.variant) {
  await runVariant(values.variant as Variant);
} else {
  const probe = ['--import', 'tsx', fileURLToPath(import.meta.url), '--variant=shapes'];
  const shared = execFileSync(process.execPath, probe, { encoding: 'utf8' }).includes('shared=true');
  console.log(
    `Node ${process.version} (V8 ${process.versions.v8}): \`{ ...a, key }\` objects ${shared ? 'share one hidden class' : 'each get a new hidden class'}`,
  );
  console.log(
    `${calls} sequential calls each; bytes promoted by scavenges per call (the last three quarters of the calls)`,
  );
  console.log('variant     promoted KB/call  scavenges  major GCs');
  for (const v of VARIANTS.filter((x) => x !== 'shapes')) {
    const few = measure(v, Math.round(calls / 4));
    const all = measure(v, calls);
    const perCall = Math.max(0, all.promoted - few.promoted) / (calls - Math.round(calls / 4)) / 1024;
    console.log(
      `${v.padEnd(10)}  ${perCall.toFixed(1).padStart(16)}  ${String(all.scavenges).padStart(9)}  ${String(all.majors).padStart(9)}`,
    );
  }
}
