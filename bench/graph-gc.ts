/**
 * `tsx bench/graph-gc.ts`: how much of one call V8's young generation fails to collect, for a
 * LangGraph run and for simpler ways of doing the same work, one call after another.
 *
 * Why: at a child's pace the worst open-loop latencies (100-140 ms, in clusters) come with the
 * main thread's major GCs. Those are driven by what scavenges promote into the old generation, and
 * a graph run's short-lived objects are promoted even when runs are strictly sequential and nothing
 * keeps them (a heap snapshot after the runs holds none of them). This bench measures it, so a
 * LangGraph upgrade or a change in how we call it can be checked.
 *
 * Each variant runs in its own `node --trace-gc-nvp` process; the bytes promoted by scavenges are
 * summed from V8's trace, less the same process doing nothing (module loading).
 *
 *   npx tsx bench/graph-gc.ts [--calls 10000]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const VARIANTS = ['idle', 'function', 'lambda', 'graph', 'agents'] as const;
type Variant = (typeof VARIANTS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { calls: { type: 'string', default: '10000' }, variant: { type: 'string' } },
});
const calls = Number(values.calls);

/** The child: `calls` calls of one variant, each awaited before the next. */
async function runVariant(variant: Variant) {
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
function measure(variant: Variant) {
  const out = execFileSync(
    process.execPath,
    [
      '--trace-gc-nvp',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      `--variant=${variant}`,
      `--calls=${calls}`,
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

if (values.variant) {
  await runVariant(values.variant as Variant);
} else {
  const idle = measure('idle');
  console.log(`${calls} sequential calls each; bytes promoted by scavenges (less an idle process's)`);
  console.log('variant     promoted KB/call  scavenges  major GCs');
  for (const v of VARIANTS.slice(1)) {
    const m = measure(v);
    const perCall = Math.max(0, m.promoted - idle.promoted) / calls / 1024;
    console.log(
      `${v.padEnd(10)}  ${perCall.toFixed(1).padStart(16)}  ${String(m.scavenges).padStart(9)}  ${String(m.majors).padStart(9)}`,
    );
  }
}
