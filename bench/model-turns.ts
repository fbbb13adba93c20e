/**
 * `npx tsx bench/model-turns.ts`: the share of model turns answered by the model, against the fake
 * model server (real HTTP, ChatAnthropic, the compiled agent graph) answering in its "realistic"
 * mix of shapes: mostly text then a tool call, sometimes the tool call alone, text alone, fields
 * that contradict each other or the child, an empty record, JSON cut off after the reply.
 *
 * Two servers: one that honours the forced tool choice as Claude does (text-bearing shapes become
 * tool-only answers), and one that ignores tool_choice (every shape reaches the app, as from some
 * local OpenAI-compatible servers). Children are the scripted children of the conversation tests,
 * some of them contrary (a "no" to a yes/no question first). Seeded: the same seed, the same figures.
 *
 *   npx tsx bench/model-turns.ts -- --conversations 60 --seed 1
 *
 * A model turn is any agent turn in the phases the model runs (identifying to generating). It is
 * answered by the model when the model's reply and record were used (after at most one corrective
 * retry); otherwise the offline brain answered it (nothing usable, an unsafe reply, an outage, or
 * the safety valve after too many turns in one phase). Goal: at least 95%.
 */
import { parseArgs } from 'node:util';
import { buildAgentGraph, runTurn } from '../src/agents/graph.js';
import type { ModelCallInfo } from '../src/agents/model/model-brain.js';
import { initialState, type SessionState } from '../src/agents/state.js';
import { composeBrain } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { anthropicEnv } from '../tests/fake-model/env.js';
import { startFakeModelServer } from '../tests/fake-model/server.js';
import { realisticModel, type Shape, seeded } from '../tests/fake-model/shapes.js';
import { childAnswer, SCRIPTS } from '../tests/support/child.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    conversations: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
  },
});
const conversations = Number(values.conversations);
const seed = Number(values.seed);

const YES_NO = /\b(is (that|it)|shall i|should i)\b[^?]*\?/i;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? 0) : Number.NaN;
};

interface Figures {
  turns: number;
  byModel: number;
  retried: number;
  invalid: number;
  errors: number;
  valve: number;
  games: number;
  messages: number[];
  shapes: Map<Shape, number>;
  fixes: Map<string, number>;
}

async function run(honourToolChoice: boolean): Promise<Figures> {
  const f: Figures = {
    turns: 0,
    byModel: 0,
    retried: 0,
    invalid: 0,
    errors: 0,
    valve: 0,
    games: 0,
    messages: [],
    shapes: new Map(),
    fixes: new Map(),
  };
  const fake = await startFakeModelServer(
    realisticModel({
      seed,
      honourToolChoice,
      onShape: (s) => f.shapes.set(s, (f.shapes.get(s) ?? 0) + 1),
    }),
  );
  const calls: ModelCallInfo[] = [];
  const llm = loadConfig(anthropicEnv(fake, { LLM_TIMEOUT_MS: '30000', LLM_STREAM_IDLE_MS: '10000' })).llm;
  const { brain } = composeBrain(llm, { onCall: (c) => calls.push(c) });
  const graph = buildAgentGraph(brain);
  const random = seeded(seed * 7919 + (honourToolChoice ? 1 : 2));

  for (let c = 0; c < conversations; c++) {
    const script = SCRIPTS[c % SCRIPTS.length];
    if (!script) continue;
    const contrary = random() < 0.3;
    let session: SessionState = initialState();
    let said = "Hi! I'm Owlbert. What book did you read?";
    let saidNo = false;
    let n = 0;
    for (; session.phase !== 'complete' && n < 30; n++) {
      let words = childAnswer(script, session.phase, said);
      if (contrary && !saidNo && YES_NO.test(said) && random() < 0.6) {
        words = 'no';
        saidNo = true;
      }
      const before = calls.length;
      const out = await runTurn(graph, session, words);
      session = out.session;
      said = out.said[out.said.length - 1]?.text ?? '';
      // Every agent that spoke is a model turn; one with no model call was the safety valve.
      f.turns += out.said.length;
      const made = calls.slice(before);
      f.valve += out.said.length - made.length;
      for (const call of made) {
        if (call.outcome === 'ok') f.byModel += 1;
        else if (call.outcome === 'invalid') f.invalid += 1;
        else f.errors += 1;
        if (call.retried) f.retried += 1;
        for (const x of call.fixes ?? []) f.fixes.set(x, (f.fixes.get(x) ?? 0) + 1);
      }
    }
    if (session.phase === 'complete') {
      f.games += 1;
      f.messages.push(n);
    }
  }
  await fake.close();
  return f;
}

function report(name: string, f: Figures) {
  const pct = (x: number) => `${((100 * x) / Math.max(1, f.turns)).toFixed(1)}%`;
  console.log(`${name}`);
  console.log(
    `  model turns: ${f.turns}; answered by the model: ${f.byModel} (${pct(f.byModel)}; goal ≥ 95%)`,
  );
  console.log(
    `  offline instead: ${f.invalid} nothing usable, ${f.errors} errors, ${f.valve} safety valve;` +
      ` corrective retries: ${f.retried} (${pct(f.retried)})`,
  );
  console.log(
    `  games: ${f.games}/${conversations}; messages to a game: median ${median(f.messages)}, max ${Math.max(...f.messages)}`,
  );
  const shapes = [...f.shapes].map(([s, k]) => `${s} ${k}`).join(', ');
  console.log(`  shapes answered by the server: ${shapes}`);
  const fixes = [...f.fixes]
    .sort((a, b) => b[1] - a[1])
    .map(([s, k]) => `${s} ${k}`)
    .join(', ');
  console.log(`  rules that settled fields: ${fixes || 'none'}`);
}

async function main() {
  console.log(
    `Model turns answered by the model (fake Anthropic server, realistic mix of shapes, ${conversations} conversations per server, seed ${seed})`,
  );
  report('Server honouring the forced tool choice (as Claude does):', await run(true));
  report('Server ignoring tool_choice (every shape reaches the app):', await run(false));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
