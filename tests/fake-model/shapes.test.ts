import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeModelServer, type FakeRequest, pieces, startFakeModelServer } from './server.js';
import { realisticModel, SHAPES, type Shape, shapeStep } from './shapes.js';

/** The fake's shapes of answer, as the official SDKs see them on the wire. */

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

const TOOL = 'record_story_turn';
const step = {
  kind: 'reply' as const,
  text: 'Is that The Gruffalo? 🐭',
  tool: { name: TOOL, input: { book: { title: 'The Gruffalo' } } },
};
const request = (said: string, toolChoice?: string): FakeRequest => ({
  id: 1,
  api: 'anthropic',
  at: 0,
  model: 'm',
  stream: true,
  system: '',
  messages: [{ role: 'user', text: said }],
  toolNames: [TOOL],
  toolChoice,
  temperature: undefined,
  topP: undefined,
  headers: {},
  body: {},
});

async function anthropicEvents() {
  const stream = anthropic.messages.stream({
    model: 'm',
    max_tokens: 100,
    tools: [{ name: TOOL, description: 'd', input_schema: { type: 'object', properties: {} } }],
    tool_choice: { type: 'tool', name: TOOL },
    messages: [{ role: 'user', content: 'x' }],
  });
  let text = '';
  const partials: string[] = [];
  stream.on('streamEvent', (e) => {
    if (e.type !== 'content_block_delta') return;
    if (e.delta.type === 'text_delta') text += e.delta.text;
    if (e.delta.type === 'input_json_delta') partials.push(e.delta.partial_json);
  });
  await stream.done().catch(() => {});
  return { text, partials };
}

describe('shapes of answer on the wire', () => {
  it('cuts a tool call’s JSON into the asked number of pieces, never inside a character', () => {
    expect(pieces('{"reply":"🐉🐉🐉🐉"}', 4).join('')).toBe('{"reply":"🐉🐉🐉🐉"}');
    expect(pieces('{"reply":"🐉🐉🐉🐉"}', 4)).toHaveLength(4);
    for (const p of pieces('🐉'.repeat(9), 4)) expect(p).toMatch(/^(🐉)+$/u);
  });

  const expected: Record<Shape, (t: { text: string; args: string }) => void> = {
    'text+tool': ({ text, args }) => {
      expect(text).toBe(step.text);
      expect(JSON.parse(args)).toEqual(step.tool.input);
    },
    'text+tool+reply': ({ text, args }) => {
      expect(text).toBe(step.text);
      expect(JSON.parse(args)).toEqual({ reply: step.text, ...step.tool.input });
    },
    tool: ({ text, args }) => {
      expect(text).toBe('');
      expect(Object.keys(JSON.parse(args))[0]).toBe('reply');
    },
    text: ({ text, args }) => {
      expect(text).toBe(step.text);
      expect(args).toBe('');
    },
    contradictory: ({ text, args }) => {
      expect(text).toBe('');
      // The book as a bare string: a wrong JSON type for the app's rules to read.
      expect(JSON.parse(args)).toEqual({ reply: step.text, book: 'The Gruffalo' });
    },
    empty: ({ text, args }) => {
      expect(text).toBe('');
      expect(JSON.parse(args)).toEqual({});
    },
    'broken-json': ({ text, args }) => {
      expect(text).toBe('');
      expect(() => JSON.parse(args)).toThrow();
      expect(args.startsWith(JSON.stringify({ reply: step.text }).slice(0, -1))).toBe(true);
    },
  };

  for (const shape of SHAPES) {
    it(`${shape}: as the Anthropic SDK streams it`, async () => {
      fake.enqueue(shapeStep(step, shape, request('the gruffalo')));
      const { text, partials } = await anthropicEvents();
      expected[shape]({ text, args: partials.join('') });
      if (shape === 'tool') expect(partials.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('the same shapes through the OpenAI SDK', async () => {
    fake.enqueue(shapeStep(step, 'tool', request('the gruffalo')));
    const stream = await openai.chat.completions.create({
      model: 'llama3',
      stream: true,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: TOOL, parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    let args = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      args += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
    }
    expect(text).toBe('');
    expect(JSON.parse(args)).toEqual({ reply: step.text, ...step.tool.input });
    expect(fake.requests[0]?.toolChoice).toBe('required');
  });
});

describe('the realistic mix', () => {
  const base = () => step;

  it('is the same for the same seed, and mostly text then a tool call', () => {
    const a: Shape[] = [];
    const b: Shape[] = [];
    const ha = realisticModel({ seed: 5, base, honourToolChoice: false, onShape: (s) => a.push(s) });
    const hb = realisticModel({ seed: 5, base, honourToolChoice: false, onShape: (s) => b.push(s) });
    for (let i = 0; i < 400; i++) {
      ha(request('x'));
      hb(request('x'));
    }
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set(SHAPES));
    expect(a.filter((s) => s === 'text+tool').length).toBeGreaterThan(a.length * 0.35);
  });

  it('writes no text when the request forces the tool, as Claude does', () => {
    const seen: Shape[] = [];
    const h = realisticModel({ seed: 5, base, onShape: (s) => seen.push(s) });
    for (let i = 0; i < 200; i++) {
      const s = h(request('x', TOOL));
      expect(s.kind === 'reply' && s.text).toBeFalsy();
    }
    expect(seen).not.toContain('text');
    expect(seen).not.toContain('text+tool');
    const auto: Shape[] = [];
    const free = realisticModel({ seed: 5, base, onShape: (s) => auto.push(s) });
    for (let i = 0; i < 200; i++) free(request('x', 'auto'));
    expect(auto).toContain('text');
  });
});
