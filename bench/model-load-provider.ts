import { createHash } from 'node:crypto';
import { costUsd, noTokens, type TokenCounts } from '../src/agents/model/cost.js';
import { scriptedAgent } from '../tests/fake-model/agent.js';
import { CLAUDE_LIKE, type LoadProfile } from '../tests/fake-model/load.js';
import { type FakeModelServer, type FakeRequest, startFakeModelServer } from '../tests/fake-model/server.js';

/**
 * The provider side of bench/model-load.ts: the fake Anthropic server at Claude's pace, answering
 * as the scripted agents do but the way Claude answers a forced tool choice (the reply inside the
 * tool call, streamed as partial JSON). Each reply starts with a tag naming its request ("~42~ "),
 * so the load generator can match the first token a child sees to the moment the provider sent it.
 * Usage is summed as the provider reported it, by the phase named in the prompt.
 */

export const TAG = /^~(\d+)~ /;

export interface ProviderStats {
  requests: number;
  byStatus: Map<number, number>;
  /** Provider-reported tokens (as billed) by phase, answered requests only. */
  tokens: Map<string, TokenCounts>;
  /** Request id → performance.now() of its first content delta (deleted once matched). */
  firstTokenAt: Map<number, number>;
  /** Attempts per identical request body (a retry resends the same body); first turns excluded. */
  attempts: Map<string, number>;
}

export function newStats(): ProviderStats {
  return {
    requests: 0,
    byStatus: new Map(),
    tokens: new Map(),
    firstTokenAt: new Map(),
    attempts: new Map(),
  };
}

const phaseOf = (req: FakeRequest) => /Phase: (\w+)\./.exec(req.system)?.[1] ?? 'unknown';

/** The scripted agent's answer, as Claude gives it under a forced tool choice, tagged. */
function taggedAgent(req: FakeRequest) {
  const step = scriptedAgent(req);
  const reply = `~${req.id}~ ${step.text}`;
  const input = (step.tool?.input ?? {}) as Record<string, unknown>;
  return { ...step, text: '', tool: { name: step.tool?.name ?? 'reply', input: { reply, ...input } } };
}

function count(stats: ProviderStats, req: FakeRequest) {
  stats.requests += 1;
  const status = req.status ?? 0;
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  if (req.firstTokenAt !== undefined) stats.firstTokenAt.set(req.id, req.firstTokenAt);
  if (req.messages.length > 1) {
    const key = createHash('sha1').update(JSON.stringify(req.body)).digest('hex');
    stats.attempts.set(key, (stats.attempts.get(key) ?? 0) + 1);
  }
  const u = req.usage;
  if (!u || status !== 200) return;
  const phase = phaseOf(req);
  const t = stats.tokens.get(phase) ?? noTokens();
  t.input += u.input_tokens;
  t.output += u.output_tokens;
  t.cacheWrite += u.cache_creation_input_tokens ?? 0;
  t.cacheRead += u.cache_read_input_tokens ?? 0;
  stats.tokens.set(phase, t);
}

export interface Provider {
  fake: FakeModelServer;
  stats: ProviderStats;
  /** Starts counting afresh (a new run), and forgets the prompt cache unless `keepCache`. */
  reset(keepCache?: boolean): void;
  setLoad(load: LoadProfile): void;
}

export async function startProvider(seedRandom: () => number): Promise<Provider> {
  const profile: LoadProfile = { ...CLAUDE_LIKE, random: seedRandom };
  const p: Provider = {
    fake: await startFakeModelServer(taggedAgent, {
      record: false,
      load: profile,
      onDone: (req) => count(p.stats, req),
    }),
    stats: newStats(),
    reset(keepCache = false) {
      p.stats = newStats();
      if (!keepCache) p.fake.cache.clear();
    },
    setLoad: (load) => p.fake.setLoad({ random: seedRandom, ...load }),
  };
  return p;
}

/** Dollars by phase and in all, from provider-reported usage. */
export function providerCost(stats: ProviderStats): { byPhase: Map<string, number>; total: number } {
  const byPhase = new Map<string, number>();
  let total = 0;
  for (const [phase, t] of stats.tokens) {
    const c = costUsd(t);
    byPhase.set(phase, c);
    total += c;
  }
  return { byPhase, total };
}
