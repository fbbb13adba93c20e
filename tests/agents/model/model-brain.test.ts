import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../../src/agents/brain.js';
import { buildMessages } from '../../../src/agents/model/history.js';
import { createModelBrain, type ModelCallInfo } from '../../../src/agents/model/model-brain.js';
import { CHILD_SAFETY_RULES, systemPrompt } from '../../../src/agents/model/prompts.js';
import { createChatModel } from '../../../src/agents/model/providers.js';
import { createResilience } from '../../../src/agents/model/resilience.js';
import { MAX_DESIGN_EXCHANGES } from '../../../src/agents/offline/game-designer.js';
import { AGENTS, initialState, type SessionState } from '../../../src/agents/state.js';
import { composeBrain } from '../../../src/bootstrap.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { GameSpecSchema } from '../../../src/games/spec.js';
import { anthropicEnv } from '../../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../../fake-model/server.js';

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

describe('choosing the provider from the environment', () => {
  it('is offline with no key, anthropic with claude-sonnet-4-5 when ANTHROPIC_API_KEY is set', () => {
    expect(loadConfig({}).llm.provider).toBe('offline');
    expect(loadConfig({ ANTHROPIC_API_KEY: '' }).llm.provider).toBe('offline');
    const llm = loadConfig({ ANTHROPIC_API_KEY: 'k' }).llm;
    expect(llm).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(composeBrain(loadConfig({}).llm).brain.name).toBe('offline');
    expect(composeBrain(llm).brain.name).toBe('anthropic:claude-sonnet-4-5');
  });

  it('fails fast, naming the variable, when a provider lacks what it needs', () => {
    expect(() => loadConfig({ LLM_PROVIDER: 'anthropic' })).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => loadConfig({ LLM_PROVIDER: 'openai-compatible', LLM_MODEL: 'llama3' })).toThrow(
      /OPENAI_BASE_URL/,
    );
    expect(() => loadConfig({ LLM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: 'http://x/v1' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ LLM_PROVIDER: 'gemini' })).toThrow(/LLM_PROVIDER/);
  });

  it('never puts a key in an error message', () => {
    try {
      loadConfig({ LLM_PROVIDER: 'openai', ANTHROPIC_API_KEY: 'sk-ant-secret' });
    } catch (e) {
      expect(String(e)).not.toContain('sk-ant-secret');
    }
  });
});

describe('prompts and history', () => {
  it('gives every agent the child-safety rules and its own tool', () => {
    for (const agent of AGENTS) {
      const p = systemPrompt(agent);
      expect(p).toContain(CHILD_SAFETY_RULES);
      expect(p).toMatch(/record_story_turn|record_design_turn|build_game/);
    }
    expect(CHILD_SAFETY_RULES).toMatch(/not the child's name, age, school, where they live/);
  });

  it('sends a bounded window of the conversation, starting with the child, cut to size', () => {
    const state: SessionState = {
      ...initialState(),
      recent: Array.from({ length: 12 }, (_, i) => ({
        role: i % 2 === 0 ? ('child' as const) : ('story_analyst' as const),
        text: `turn ${i} ${'x'.repeat(i === 11 ? 2000 : 0)}`,
      })),
    };
    const messages = buildMessages('story_analyst', state, 'the newest words', 5);
    // System + 5 past lines (a leading reply dropped) + the new message.
    expect(messages[0]?.getType()).toBe('system');
    expect(messages[1]?.getType()).toBe('human');
    expect(messages.length).toBeLessThanOrEqual(7);
    expect(String(messages[messages.length - 1]?.content)).toBe('the newest words');
    expect(messages.every((m) => String(m.content).length < 4000)).toBe(true);
  });

  it('gives the agent a stage direction when it speaks first', () => {
    const state: SessionState = { ...initialState(), recent: [{ role: 'story_analyst', text: 'Bye!' }] };
    const messages = buildMessages('game_designer', state, null, 10);
    expect(String(messages[messages.length - 1]?.content)).toMatch(/Owlbert has just handed the child over/);
  });
});

describe('the model brain over an OpenAI-compatible server (Ollama, llama.cpp, vLLM)', () => {
  const env = () => ({
    LLM_PROVIDER: 'openai-compatible',
    OPENAI_BASE_URL: `${fake.url}/v1`,
    LLM_MODEL: 'llama3.1:8b',
    LLM_RETRY_BASE_MS: '1',
    LLM_STREAM_IDLE_MS: '300',
  });

  it('streams the reply, records the structured result and the usage', async () => {
    // A generous idle limit: on a loaded machine a short one would retry and count usage twice.
    const { brain } = composeBrain(loadConfig({ ...env(), LLM_STREAM_IDLE_MS: '30000' }).llm);
    fake.enqueue({
      kind: 'reply',
      text: 'Ooh! Is that The Very Hungry Caterpillar by Eric Carle?',
      tool: {
        name: 'record_story_turn',
        input: { book: { title: 'The Very Hungry Caterpillar', author: 'Eric Carle' } },
      },
      usage: { input: 321, output: 45 },
    });
    const tokens: string[] = [];
    const r = await brain.storyAnalyst(initialState(), 'the very hungry caterpiller', {
      onToken: (t) => tokens.push(t),
    });
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(r.reply);
    expect(r.book).toMatchObject({ title: 'The Very Hungry Caterpillar', catalogId: expect.any(String) });
    expect(r.usage).toEqual({ inputTokens: 321, outputTokens: 45, calls: 1 });
    const req = fake.requests[0];
    expect(req).toMatchObject({ api: 'openai', model: 'llama3.1:8b', stream: true });
    expect(req?.system).toContain(CHILD_SAFETY_RULES);
    // Retrieval: the book shelf's best guess travels with the request.
    expect(req?.system).toMatch(/Our book shelf suggests: "The Very Hungry Caterpillar"/);
  });

  it('never lets an unsafe reply through: the offline brain says that step instead', async () => {
    const { brain } = composeBrain(loadConfig(env()).llm);
    fake.enqueue({
      kind: 'reply',
      text: 'Great book! What is your name, and where do you live?',
      tool: { name: 'record_story_turn', input: { book: { title: 'Dragons Love Tacos' } } },
    });
    const r = await brain.storyAnalyst(initialState(), 'dragons love tacos', { onToken: () => {} });
    expect(r.reply).not.toMatch(/your name|where do you live/i);
    // The offline brain's own answer to the same words.
    expect(r.reply).toMatch(/Dragons Love Tacos/);
    expect(fake.requests).toHaveLength(1);
  });

  it('turns a design into a GameSpec, repaired, with the child’s words winning', async () => {
    const { brain } = composeBrain(loadConfig(env()).llm);
    const state: SessionState = {
      ...initialState(),
      phase: 'generating',
      book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' },
      bookConfirmed: true,
      analysis: { characters: [{ name: 'dragon' }], setting: 'party', themes: [], storyObjects: [] },
      design: {
        gameType: 'catcher',
        hero: { name: 'little red dragon' },
        collectibles: [{ name: 'tacos' }],
        hazards: [{ name: 'spicy salsa' }],
        confirmed: true,
      },
    };
    const spec = {
      type: 'maze',
      title: 'Taco Time',
      hero: { name: 'Bob', speed: 99 },
      collectibles: [{ name: 'x', emoji: '🌮' }],
    };
    // First a reply with no game at all (nothing to build: asked again, forced), then an invalid spec.
    fake.enqueue(
      { kind: 'reply', text: 'Building your taco game!' },
      { kind: 'reply', text: '', tool: { name: 'build_game', input: spec } },
    );
    const events: TurnEvent[] = [];
    const r = await brain.codeGenerator(state, null, { onEvent: (e) => events.push(e) });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((q) => q.toolChoice)).toEqual(['required', 'required']);
    expect(fake.requests[1]?.messages.at(-1)?.text).toMatch(/game specification was missing/);
    // The reply the child heard stands; the invalid spec is repaired rather than thrown away.
    expect(r.reply).toBe('Building your taco game!');
    const parsed = GameSpecSchema.parse(r.spec);
    expect(parsed).toMatchObject({
      type: 'catcher',
      title: 'Taco Time',
      book: { title: 'Dragons Love Tacos' },
      hero: { name: 'little red dragon', speed: 2 },
      collectibles: [{ name: 'tacos', emoji: '🌮' }],
      hazards: [{ name: 'spicy salsa' }],
    });
    expect(parsed.goal.kind).toBe('score');
  });

  it('falls back to the offline brain when the server is down, and says so once', async () => {
    const { brain } = composeBrain(loadConfig({ ...env(), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).llm);
    const a = await brain.storyAnalyst(initialState(), 'green eggs and ham', { sessionId: 's1' });
    expect(a.reply).toMatch(/thinking cap is having a nap/);
    expect(a.reply).toMatch(/Green Eggs and Ham/);
    const b = await brain.storyAnalyst(initialState(), 'green eggs and ham', { sessionId: 's1' });
    expect(b.reply).not.toMatch(/thinking cap/);
  });
});

describe('the model brain over Anthropic: the tool forced, the reply streamed from it', () => {
  function brainWith(opts: { strictTools?: boolean; onCall?: (c: ModelCallInfo) => void } = {}) {
    const llm = loadConfig(anthropicEnv(fake, { LLM_STREAM_IDLE_MS: '30000' })).llm;
    return createModelBrain({
      name: 'anthropic:test',
      model: createChatModel(llm),
      resilience: createResilience({
        timeoutMs: 30_000,
        maxRetries: 1,
        retryBaseMs: 1,
        retryMaxDelayMs: 10,
        breakerThreshold: 5,
        breakerHalfOpenMs: 1000,
      }),
      streamIdleMs: 30_000,
      historyTurns: 10,
      ...opts,
    });
  }
  const reply = 'Ooh! Is that "Dragons Love Tacos" by Adam Rubin? 🌮';
  const book = { title: 'Dragons Love Tacos', author: 'Adam Rubin' };

  it('forces the agent’s tool by name and hears the reply piece by piece from its partial JSON', async () => {
    const calls: ModelCallInfo[] = [];
    const brain = brainWith({ onCall: (c) => calls.push(c) });
    fake.enqueue({
      kind: 'reply',
      text: '',
      chunks: 9,
      tool: { name: 'record_story_turn', input: { reply, book } },
    });
    const tokens: string[] = [];
    const r = await brain.storyAnalyst(initialState(), 'dragons love tacos', {
      onToken: (t) => tokens.push(t),
    });
    expect(r.reply).toBe(reply);
    expect(tokens.join('')).toBe(reply);
    expect(tokens.length).toBeGreaterThan(2);
    expect(r.book).toMatchObject({ title: 'Dragons Love Tacos', catalogId: expect.any(String) });
    expect(r.bookConfirmed).toBe(false);
    expect(fake.requests[0]?.body.tool_choice).toEqual({ type: 'tool', name: 'record_story_turn' });
    // The tool's schema asks for the reply, first.
    type Sent = Array<{ input_schema: { required: string[]; properties: object } }>;
    const tool = ((fake.requests[0]?.body.tools ?? []) as Sent)[0];
    expect(tool?.input_schema.required).toContain('reply');
    expect(Object.keys(tool?.input_schema.properties ?? {})[0]).toBe('reply');
    expect(calls).toEqual([expect.objectContaining({ outcome: 'ok', shape: 'tool', retried: false })]);
  });

  it('records the question the model says its reply asks, only from the agent’s own list', async () => {
    const brain = brainWith();
    const say = (asked: unknown) =>
      fake.enqueue({
        kind: 'reply',
        text: '',
        tool: { name: 'record_story_turn', input: { reply, book, asked } },
      });
    say('confirm');
    expect((await brain.storyAnalyst(initialState(), 'dragons love tacos')).asked).toBe('confirm');
    // A design question from the Story Analyst, or a word outside the enum, is no answer.
    say('hero');
    expect((await brain.storyAnalyst(initialState(), 'dragons love tacos')).asked).toBeUndefined();
    say('which book');
    expect((await brain.storyAnalyst(initialState(), 'dragons love tacos')).asked).toBeUndefined();
    const tool = ((fake.requests[0]?.body.tools ?? []) as Array<{ input_schema: { properties: object } }>)[0];
    expect(JSON.stringify(tool?.input_schema.properties)).toMatch(/"asked".*"confirm"/);
  });

  it('past the design turn cap, the game is built from what was agreed, without the model', async () => {
    const { brain } = composeBrain(loadConfig(anthropicEnv(fake)).llm);
    const state: SessionState = {
      ...initialState(),
      phase: 'designing',
      book: { title: 'The Gruffalo', catalogId: 'the-gruffalo' },
      bookConfirmed: true,
      analysis: { characters: [], setting: 'the deep dark wood', themes: [], storyObjects: [] },
      design: { gameType: 'maze', hero: { name: 'Mouse' } },
      turnsInPhase: MAX_DESIGN_EXCHANGES,
    };
    const r = await brain.gameDesigner(state, 'no');
    expect(r.readyToBuild).toBe(true);
    expect(r.design).toMatchObject({ gameType: 'maze', hero: { name: 'Mouse' } });
    expect(r.asked).toBe('none');
    expect(fake.requests).toHaveLength(0);
  });

  it('with strict tool use on, sends the schema in its strict form (structured outputs)', async () => {
    const brain = brainWith({ strictTools: true });
    fake.enqueue({ kind: 'reply', text: '', tool: { name: 'record_story_turn', input: { reply, book } } });
    const r = await brain.storyAnalyst(initialState(), 'dragons love tacos');
    expect(r.reply).toBe(reply);
    const tool = ((fake.requests[0]?.body.tools ?? []) as Array<Record<string, unknown>>)[0];
    expect(tool?.strict).toBe(true);
    const schema = JSON.stringify(tool?.input_schema);
    expect(schema).not.toMatch(/maxLength|minLength|maximum/);
    expect(tool?.input_schema).toMatchObject({ type: 'object', additionalProperties: false });
  });
});
