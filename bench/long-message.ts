/**
 * The cost of one message through the offline brain and the scrubber, normal vs 2,000 characters
 * (issue 10: a long message may cost at most 5× a normal one). Medians of CPU time, in-process.
 * Run: npx tsx bench/long-message.ts
 */
import { buildAgentGraph, runTurn } from '../src/agents/graph.js';
import { createOfflineBrain } from '../src/agents/offline/index.js';
import { initialState } from '../src/agents/state.js';
import { scrubPersonalData } from '../src/safety/scrub.js';

const graph = buildAgentGraph(createOfflineBrain());
const normal = 'i read the very hungry caterpillar and he eats lots of food';
const words = 'the dragon ate a taco and then a wizard with a big hat ran to the castle over the hill ';
const long = words.repeat(Math.ceil(2000 / words.length)).slice(0, 2000);

async function cost(message: string, runs = 60): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    await runTurn(graph, initialState(), scrubPersonalData(message));
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

await cost(normal, 10); // warm up
const a = await cost(normal);
const b = await cost(long);
console.log(
  `normal message: ${a.toFixed(2)} ms CPU (median); 2,000 characters: ${b.toFixed(2)} ms; ratio ${(b / a).toFixed(1)}×`,
);
