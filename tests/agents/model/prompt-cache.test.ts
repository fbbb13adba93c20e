import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { costUsd, SONNET_4_5_PRICES } from '../../../src/agents/model/cost.js';
import { reportModelCost } from '../../../src/agents/model/cost-report.js';
import { buildMessages } from '../../../src/agents/model/history.js';
import type { ModelCallInfo } from '../../../src/agents/model/model-brain.js';
import { initialState, type SessionState } from '../../../src/agents/state.js';
import { bookById } from '../../../src/books/catalog.js';
import { composeBrain } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { scriptedAgent } from '../../fake-model/agent.js';
import { anthropicEnv } from '../../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../../fake-model/server.js';

/**
 * Cheaper turns without other words: the stable prefix of each prompt is cached (Anthropic), the
 * cost of each turn is computed from the usage the provider reports and exported as metrics.
 */

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.cache.clear();
});

const gruffalo = bookById('the-gruffalo');
const discussing: SessionState = {
  ...initialState(),
  phase: 'discussing',
  book: { title: 'The Gruffalo', author: 'Julia Donaldson', catalogId: gruffalo?.id },
  bookConfirmed: true,
  turnsInPhase: 1,
  recent: [
    { role: 'child', text: 'the gruffalo' },
    { role: 'story_analyst', text: 'Is that The Gruffalo by Julia Donaldson?' },
  ],
};

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : (content as Array<{ text: string }>).map((b) => b.text).join('\n\n');

describe('the cached prompt', () => {
  it('marks the instructions and the book facts as breakpoints and says the same words', () => {
    const plain = buildMessages('story_analyst', discussing, 'the mouse', 10);
    const cached = buildMessages('story_analyst', discussing, 'the mouse', 10, { cache: true });
    const blocks = cached[0]?.content as Array<{ text: string; cache_control?: unknown }>;
    expect(blocks.map((b) => Boolean(b.cache_control))).toEqual([true, true, false]);
    expect(blocks[1]?.text).toMatch(/^What our book shelf knows about "The Gruffalo": /);
    // Every line of the uncached prompt is in the cached one (the book facts only reworded in place).
    const lines = (s: string) => s.split('\n').map((l) => l.replace(/^What our book shelf knows[^:]*: /, ''));
    expect(new Set(lines(textOf(cached[0]?.content)))).toEqual(new Set(lines(textOf(plain[0]?.content))));
    expect(cached.slice(1).map((m) => m.content)).toEqual(plain.slice(1).map((m) => m.content));
  });

  it('has no book block before a book is known', () => {
    const blocks = buildMessages('story_analyst', initialState(), 'hello', 10, { cache: true })[0]
      ?.content as Array<{ cache_control?: unknown }>;
    expect(blocks.map((b) => Boolean(b.cache_control))).toEqual([true, false]);
  });
});

describe('cost of model turns', () => {
  it('prices Sonnet 4.5 usage per million tokens', () => {
    expect(SONNET_4_5_PRICES).toEqual({ input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 });
    expect(costUsd({ input: 1_000_000, output: 0, cacheWrite: 0, cacheRead: 0 })).toBeCloseTo(3, 9);
    expect(costUsd({ input: 100, output: 200, cacheWrite: 1_000, cacheRead: 2_000 })).toBeCloseTo(
      (100 * 3 + 200 * 15 + 1_000 * 3.75 + 2_000 * 0.3) / 1e6,
      12,
    );
  });

  async function twoSessions(env: Record<string, string>) {
    const calls: ModelCallInfo[] = [];
    const llm = loadConfig(anthropicEnv(fake, { LLM_STREAM_IDLE_MS: '30000', ...env })).llm;
    const { brain } = composeBrain(llm, { onCall: (c) => calls.push(c) });
    await brain.storyAnalyst(discussing, 'the mouse');
    await brain.storyAnalyst({ ...discussing, turnsInPhase: 2 }, 'the deep dark wood');
    return calls;
  }

  it('reads the cached prefix from the second call on, as the provider reports it', async () => {
    const calls = await twoSessions({});
    const [first, second] = calls.map((c) => c.tokens);
    // Tools, instructions and book facts: over the 1,024-token minimum, written once, then read.
    expect(first?.cacheWrite).toBeGreaterThan(1_024);
    expect(first?.cacheRead).toBe(0);
    expect(second?.cacheWrite).toBe(0);
    expect(second?.cacheRead).toBe(first?.cacheWrite);
    expect(second?.input).toBeLessThan(400);
    expect(calls[1]?.phase).toBe('discussing');
    // The session's usage keeps counting all input tokens.
    expect(calls[1]?.usage?.inputTokens).toBe((second?.input ?? 0) + (second?.cacheRead ?? 0));
    const sent = fake.requests[1]?.body.system as Array<{ cache_control?: unknown }>;
    expect(sent.filter((b) => b.cache_control)).toHaveLength(2);
  });

  it('sends no breakpoint with LLM_PROMPT_CACHE=false, and pays full input price', async () => {
    const calls = await twoSessions({ LLM_PROMPT_CACHE: 'false' });
    expect(typeof fake.requests[0]?.body.system).toBe('string');
    const [, second] = calls.map((c) => c.tokens);
    expect(second).toMatchObject({ cacheWrite: 0, cacheRead: 0 });
    expect(second?.input).toBeGreaterThan(1_024);
  });

  it('exports dollars and tokens by kind, agent and phase', async () => {
    const metrics = createMetrics();
    const report = reportModelCost(metrics);
    const tokens = { input: 300, output: 80, cacheWrite: 0, cacheRead: 1_500 };
    const call: ModelCallInfo = { agent: 'story_analyst', phase: 'discussing', outcome: 'ok', ms: 1, tokens };
    report(call);
    report(call);
    const text = await metrics.registry.metrics();
    const value = (re: RegExp) => Number(re.exec(text)?.[1]);
    expect(
      value(/gamemaker_llm_cost_usd_total\{agent="story_analyst",phase="discussing"\} (\S+)/),
    ).toBeCloseTo(2 * costUsd(tokens), 12);
    expect(
      value(
        /gamemaker_llm_billed_tokens_total\{agent="story_analyst",phase="discussing",kind="cache_read"\} (\S+)/,
      ),
    ).toBe(3_000);
    expect(text).not.toMatch(/kind="cache_write"/);
  });
});
