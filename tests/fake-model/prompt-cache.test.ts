import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_TTL_MS, createPromptCache, TOOL_SYSTEM_TOKENS } from './prompt-cache.js';
import { type FakeModelServer, startFakeModelServer } from './server.js';

/** The fake bills prompts as Anthropic documents it, cache included. */

const cc = { type: 'ephemeral' };
/** `n` tokens of text at the fake's 4 characters a token. */
const tokens = (n: number, fill = 'a') => fill.repeat(4 * n);

describe('the fake provider prompt cache', () => {
  let clock = 0;
  const cache = createPromptCache(() => clock);
  beforeEach(() => {
    clock = 1_000_000;
    cache.clear();
  });
  const body = (system: unknown, extra: Record<string, unknown> = {}) => ({
    model: 'claude-sonnet-4-5',
    system,
    messages: [{ role: 'user', content: tokens(10, 'u') }],
    ...extra,
  });

  it('bills everything as input without a breakpoint', () => {
    expect(cache.account(body(tokens(2_000)))).toEqual({ input_tokens: 2_010 });
  });

  it('writes the prefix up to the breakpoint, then reads it, refreshing it on read', () => {
    const b = body([{ type: 'text', text: tokens(1_500), cache_control: cc }]);
    expect(cache.account(b)).toEqual({
      input_tokens: 10,
      cache_creation_input_tokens: 1_500,
      cache_read_input_tokens: 0,
    });
    clock += CACHE_TTL_MS - 1;
    expect(cache.account(b)).toMatchObject({
      cache_read_input_tokens: 1_500,
      cache_creation_input_tokens: 0,
    });
    // Read a moment before expiry: good for another five minutes from then.
    clock += CACHE_TTL_MS - 1;
    expect(cache.account(b)).toMatchObject({ cache_read_input_tokens: 1_500 });
    clock += CACHE_TTL_MS;
    expect(cache.account(b)).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 1_500,
    });
  });

  it('does not cache a prefix under 1,024 tokens', () => {
    const b = body([{ type: 'text', text: tokens(1_000), cache_control: cc }]);
    expect(cache.account(b)).toEqual({
      input_tokens: 1_010,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(cache.account(b)).toMatchObject({ cache_read_input_tokens: 0 });
  });

  it('reads the longest cached prefix and writes up to the last breakpoint', () => {
    const stable = { type: 'text', text: tokens(1_200), cache_control: cc };
    cache.account(body([stable]));
    const withBook = body([stable, { type: 'text', text: tokens(300, 'b'), cache_control: cc }]);
    expect(cache.account(withBook)).toEqual({
      input_tokens: 10,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 1_200,
    });
    expect(cache.account(withBook)).toMatchObject({ cache_read_input_tokens: 1_500 });
    // Another book: the shared prefix is still read.
    const other = body([stable, { type: 'text', text: tokens(300, 'c'), cache_control: cc }]);
    expect(cache.account(other)).toMatchObject({
      cache_read_input_tokens: 1_200,
      cache_creation_input_tokens: 300,
    });
  });

  it('counts the tools first and the tool-use system prompt of a forced tool', () => {
    const tool = {
      name: 't',
      description: tokens(1_100),
      input_schema: { type: 'object' },
      cache_control: cc,
    };
    const toolTokens = Math.ceil(
      JSON.stringify({ name: 't', description: tokens(1_100), input_schema: { type: 'object' } }).length / 4,
    );
    const u = cache.account(body('short', { tools: [tool], tool_choice: { type: 'tool', name: 't' } }));
    expect(u.cache_creation_input_tokens).toBe(TOOL_SYSTEM_TOKENS.forced + toolTokens);
    expect(u.input_tokens).toBe(Math.ceil('short'.length / 4) + 10);
  });

  it('differs by model, and refuses a fifth breakpoint', () => {
    const b = body([{ type: 'text', text: tokens(1_500), cache_control: cc }]);
    cache.account(b);
    expect(cache.account({ ...b, model: 'claude-haiku-4-5' })).toMatchObject({ cache_read_input_tokens: 0 });
    const five = body(Array.from({ length: 5 }, () => ({ type: 'text', text: 'x', cache_control: cc })));
    expect(() => cache.account(five)).toThrow(/maximum of 4 blocks/);
  });
});

describe('cache usage over HTTP', () => {
  let fake: FakeModelServer;
  let anthropic: Anthropic;
  beforeAll(async () => {
    fake = await startFakeModelServer(() => ({ kind: 'reply', text: 'Hello!' }));
    anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('reports cache writes and reads in the streamed usage, and 400s five breakpoints', async () => {
    const request = (blocks: number) => ({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: Array.from({ length: blocks }, (_, i) => ({
        type: 'text' as const,
        text: tokens(1_100, String(i)),
        cache_control: { type: 'ephemeral' as const },
      })),
      messages: [{ role: 'user' as const, content: 'hi' }],
    });
    const first = await anthropic.messages.stream(request(1)).finalMessage();
    expect(first.usage).toMatchObject({
      input_tokens: 1,
      cache_creation_input_tokens: 1_100,
      cache_read_input_tokens: 0,
    });
    const second = await anthropic.messages.stream(request(1)).finalMessage();
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 1_100 });
    expect(second.usage.output_tokens).toBe(2);
    await expect(anthropic.messages.create(request(5))).rejects.toMatchObject({ status: 400 });
  });
});
