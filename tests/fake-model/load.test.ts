import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeModelServer, startFakeModelServer } from './server.js';
import { seeded } from './shapes.js';

/** Under a load profile the fake answers at a real model's pace and rate-limits a share of calls. */

let fake: FakeModelServer;
let anthropic: Anthropic;
const done: number[] = [];
const reply = 'Hooray, I love that book! Who was your favourite character in the whole story?';
beforeAll(async () => {
  fake = await startFakeModelServer(
    () => ({ kind: 'reply', text: '', tool: { name: 'record', input: { reply, bookConfirmed: true } } }),
    { onDone: (r) => void done.push(r.id) },
  );
  anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  done.length = 0;
});

const request = {
  model: 'claude-sonnet-4-5',
  max_tokens: 300,
  tools: [{ name: 'record', description: 'd', input_schema: { type: 'object' as const, properties: {} } }],
  tool_choice: { type: 'tool' as const, name: 'record' },
  messages: [{ role: 'user' as const, content: 'yes' }],
};

describe('the fake provider under a load profile', () => {
  it('waits for the first token, then streams the tool input as partial JSON at the set speed', async () => {
    fake.setLoad({
      firstTokenMs: [300, 300],
      tokensPerSecond: [100, 100],
      tokensPerEvent: 2,
      random: seeded(1),
    });
    const started = performance.now();
    const stream = anthropic.messages.stream(request);
    const at: number[] = [];
    const pieces: string[] = [];
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') {
        at.push(performance.now() - started);
        pieces.push(e.delta.partial_json);
      }
    });
    const msg = await stream.finalMessage();
    fake.setLoad(null);
    const json = JSON.stringify({ reply, bookConfirmed: true });
    expect(pieces.join('')).toBe(json);
    // 8 characters (2 tokens) an event.
    expect(pieces.length).toBe(Math.ceil(json.length / 8));
    expect(at[0]).toBeGreaterThanOrEqual(295);
    // 100 tokens a second: every event after the first waits 2 tokens = 20 ms.
    const streaming = (at.at(-1) ?? 0) - (at[0] ?? 0);
    expect(streaming).toBeGreaterThanOrEqual((pieces.length - 1) * 20 - 5);
    expect(msg.content[0]).toMatchObject({ type: 'tool_use', input: { reply, bookConfirmed: true } });
    expect(msg.usage.output_tokens).toBe(Math.ceil(json.length / 4));
    expect(fake.requests[0]?.firstTokenAt).toBeGreaterThan(0);
    expect(done).toEqual([fake.requests[0]?.id]);
  });

  it('answers the set share of calls 429 with retry-after', async () => {
    fake.setLoad({
      firstTokenMs: [0, 0],
      tokensPerSecond: [100_000, 100_000],
      rateLimitShare: 0.3,
      retryAfterSeconds: 2,
      random: seeded(7),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        await anthropic.messages.create(request);
        statuses.push(200);
      } catch (e) {
        const err = e as { status: number; headers: Headers; error: { error: { type: string } } };
        expect(err.headers.get('retry-after')).toBe('2');
        expect(err.error.error.type).toBe('rate_limit_error');
        statuses.push(err.status);
      }
    }
    fake.setLoad(null);
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(40);
    expect(limited).toBeLessThan(80);
    expect(fake.requests.filter((r) => r.status === 429).length).toBe(limited);
  });
});
