import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeModelServer, startFakeModelServer } from './server.js';

/** The fake speaks the providers' APIs closely enough for their official SDKs. */

let fake: FakeModelServer;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  fake = await startFakeModelServer();
  anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  openai = new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

const tool = { name: 'record', input: { book: { title: "Charlotte's Web" } } };
const anthropicTools = [
  { name: 'record', description: 'd', input_schema: { type: 'object' as const, properties: {} } },
];

describe('the fake Anthropic Messages API', () => {
  it('answers a plain request with text, tool use and usage', async () => {
    fake.enqueue({ kind: 'reply', text: 'Hello there!', tool, usage: { input: 12, output: 7 } });
    const msg = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: 'be kind',
      tools: anthropicTools,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(msg.content[0]).toEqual({ type: 'text', text: 'Hello there!' });
    expect(msg.content[1]).toMatchObject({ type: 'tool_use', name: 'record', input: tool.input });
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage).toEqual({ input_tokens: 12, output_tokens: 7 });
    expect(fake.requests[0]).toMatchObject({
      api: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: 'be kind',
    });
  });

  it('streams the documented events, which the SDK assembles into the same message', async () => {
    fake.enqueue({ kind: 'reply', text: 'One two three four.', tool });
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: anthropicTools,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const types: string[] = [];
    const deltas: string[] = [];
    stream.on('streamEvent', (e) => void types.push(e.type));
    stream.on('text', (d) => void deltas.push(d));
    const msg = await stream.finalMessage();
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_delta');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('One two three four.');
    expect(msg.content[1]).toMatchObject({ type: 'tool_use', input: tool.input });
    expect(msg.usage.output_tokens).toBeGreaterThan(1);
  });

  it('returns scripted errors the SDK understands (status, type, retry-after)', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryAfter: '3' }, { kind: 'error', status: 529 });
    const call = () =>
      anthropic.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    const rateLimited = await call().catch((e) => e);
    expect(rateLimited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(rateLimited.headers.get('retry-after')).toBe('3');
    const overloaded = await call().catch((e) => e);
    expect(overloaded.status).toBe(529);
    expect(overloaded.error.error.type).toBe('overloaded_error');
  });

  it('can stall a stream mid-answer, and a client abort ends it', async () => {
    fake.enqueue({ kind: 'stall', text: 'Hmm' });
    const controller = new AbortController();
    const stream = anthropic.messages.stream(
      { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
      { signal: controller.signal },
    );
    const first = await new Promise<string>((resolve) => stream.on('text', resolve));
    expect(first).toBe('Hmm');
    controller.abort();
    await expect(stream.finalMessage()).rejects.toBeDefined();
  });

  it('can send malformed JSON in a streamed tool call', async () => {
    fake.enqueue({ kind: 'reply', text: 'ok', tool: { name: 'record', raw: '{"book": nope' } });
    const stream = anthropic.messages.stream({
      model: 'm',
      max_tokens: 10,
      tools: anthropicTools,
      messages: [{ role: 'user', content: 'x' }],
    });
    const partials: string[] = [];
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta')
        partials.push(e.delta.partial_json);
    });
    await stream.done().catch(() => {});
    expect(partials.join('')).toBe('{"book": nope');
  });
});

describe('the fake OpenAI chat completions API', () => {
  const tools = [{ type: 'function' as const, function: { name: 'record', parameters: { type: 'object' } } }];

  it('answers with content, tool calls and usage', async () => {
    fake.enqueue({ kind: 'reply', text: 'Hi!', tool, usage: { input: 5, output: 3 } });
    const res = await openai.chat.completions.create({
      model: 'llama3',
      tools,
      messages: [
        { role: 'system', content: 'be kind' },
        { role: 'user', content: 'hi' },
      ],
    });
    const choice = res.choices[0];
    expect(choice?.message.content).toBe('Hi!');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(tool.input);
    expect(res.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3 });
    expect(fake.requests[0]).toMatchObject({ api: 'openai', model: 'llama3', system: 'be kind' });
  });

  it('streams chunks with tool-call deltas and a usage chunk', async () => {
    fake.enqueue({ kind: 'reply', text: 'One two three.', tool });
    const stream = await openai.chat.completions.create({
      model: 'llama3',
      tools,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    let args = '';
    let usage: unknown = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      text += delta?.content ?? '';
      args += delta?.tool_calls?.[0]?.function?.arguments ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('One two three.');
    expect(JSON.parse(args)).toEqual(tool.input);
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });
  });

  it('returns errors the SDK understands', async () => {
    fake.enqueue({ kind: 'error', status: 500 });
    const e = await openai.chat.completions
      .create({ model: 'x', messages: [{ role: 'user', content: 'x' }] })
      .catch((x) => x);
    expect(e).toBeInstanceOf(OpenAI.InternalServerError);
  });
});
