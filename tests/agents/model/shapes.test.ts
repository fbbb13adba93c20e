import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NAP_NOTICE } from '../../../src/agents/layers/fallback.js';
import { scriptedAgent } from '../../fake-model/agent.js';
import { anthropicEnv } from '../../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../../fake-model/server.js';
import { realisticModel, SHAPES, type Shape, shapedAgent } from '../../fake-model/shapes.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { childAnswer, SCRIPTS } from '../../support/child.js';
import { postStream } from '../../support/sse.js';

/**
 * Every shape a real model's answer comes in, through the real app, SDK and HTTP: the child gets
 * the model's own reply (never the offline brain's), streamed as it is written, and the record is
 * kept as far as it is usable. What the fake server received is asserted too (forced tool choice,
 * how many calls).
 */

let fake: FakeModelServer;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  // A generous idle limit: on a loaded machine a short one would retry and count extra requests.
  t = await startTestApp({ listen: true, env: anthropicEnv(fake, { LLM_STREAM_IDLE_MS: '20000' }) });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setHandler(scriptedAgent);
});

const MODEL_ASKS = 'Ooh! Is that Dragons Love Tacos by Adam Rubin?';

async function start(): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/start_session' });
  return res.json().session_id;
}

async function say(id: string, message: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/message',
    payload: { session_id: id, message },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { message: string; phase: string; is_complete: boolean };
}

async function sayStreamed(id: string, message: string) {
  const res = await postStream(`${t.url}/api/message/stream`, { session_id: id, message });
  const done = res.events.find((e) => e.event === 'done');
  const tokens = res.events.filter((e) => e.event === 'token').map((e) => String(e.data.text));
  const restarts = res.events.filter((e) => e.event === 'agent' && e.data.restart).length;
  return { done: done?.data as { message: string; phase: string }, tokens, restarts };
}

/** Model turns the offline brain had to take (counted by the app's metrics). */
async function fallbacks(): Promise<number> {
  const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  return [
    ...body.matchAll(/gamemaker_llm_latency_seconds_count\{[^}]*outcome="(invalid|error)"[^}]*\} (\d+)/g),
  ]
    .map((m) => Number(m[2]))
    .reduce((a, b) => a + b, 0);
}

/** What each shape is expected to cost and keep, for the first turn ("dragons love tacos"). */
const EXPECT: Record<Shape, { requests: number; book: boolean }> = {
  'text+tool': { requests: 1, book: true },
  'text+tool+reply': { requests: 1, book: true },
  tool: { requests: 1, book: true },
  // No record: the reply stands and the book waits for the next turn.
  text: { requests: 1, book: false },
  // The book as a bare string instead of an object: read as the title.
  contradictory: { requests: 1, book: true },
  // Nothing usable: one retry (answered well).
  empty: { requests: 2, book: true },
  // Cut off after the reply: whatever of the record survived.
  'broken-json': { requests: 1, book: false },
};

describe('each shape of answer, through /api/message', () => {
  for (const shape of SHAPES) {
    it(`${shape}: the child gets the model's reply`, async () => {
      const id = await start();
      const before = await fallbacks();
      fake.setHandler(shapedAgent(shape));
      const res = await say(id, 'dragons love tacos');
      expect(res.message).toBe(MODEL_ASKS);
      expect(await fallbacks()).toBe(before);
      const want = EXPECT[shape];
      expect(fake.requests).toHaveLength(want.requests);
      // The tool is always required, by name.
      for (const r of fake.requests) expect(r.toolChoice).toBe('record_story_turn');
      const stored = await t.repo.getSession(id);
      if (want.book) expect(stored?.state.book?.title).toBe('Dragons Love Tacos');
      if (shape === 'text') expect(stored?.state.book).toBeNull();
      expect(stored?.state.usage?.calls).toBe(want.requests);
    });
  }
});

describe('each shape of answer, through /api/message/stream', () => {
  for (const shape of SHAPES) {
    it(`${shape}: the reply is streamed as it is written, once`, async () => {
      const id = await start();
      fake.setHandler(shapedAgent(shape));
      const { done, tokens, restarts } = await sayStreamed(id, 'dragons love tacos');
      expect(done.message).toBe(MODEL_ASKS);
      expect(tokens.join('')).toBe(MODEL_ASKS);
      expect(restarts).toBe(0);
      // Word by word from text, or piece by piece from the tool call's partial JSON.
      expect(tokens.length).toBeGreaterThan(1);
    });
  }

  it('a tool call with text before it: only the text is heard, the tool’s reply is not said twice', async () => {
    const id = await start();
    fake.enqueue({
      kind: 'reply',
      text: MODEL_ASKS,
      tool: {
        name: 'record_story_turn',
        input: {
          reply: 'Something else entirely.',
          book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' },
        },
      },
    });
    const { done, tokens } = await sayStreamed(id, 'dragons love tacos');
    expect(tokens.join('')).toBe(MODEL_ASKS);
    expect(done.message).toBe(MODEL_ASKS);
  });
});

describe('fields that contradict the child are settled by the rules', () => {
  it('a "no" never confirms the book, a "yes" never clears it', async () => {
    const id = await start();
    await say(id, 'dragons love tacos');
    // The model clears the book as asked but also confirms it: the child's "no" wins.
    fake.setHandler(shapedAgent('contradictory'));
    const no = await say(id, 'no');
    expect(no.message).toBe('Oops! What is the title again?');
    expect(no.phase).toBe('identifying');
    expect((await t.repo.getSession(id))?.state).toMatchObject({ book: null, bookConfirmed: false });

    fake.setHandler(scriptedAgent);
    await say(id, 'dragons love tacos');
    // Confirms and clears at once: the child's "yes" wins.
    fake.setHandler(shapedAgent('contradictory'));
    const yes = await say(id, 'yes');
    expect(yes.phase).toBe('discussing');
    expect(yes.message).toBe('Hooray, I love that book! Who was your favourite character?');
  });

  it('a "no" to the read-back never builds; a text-only answer to a "yes" does', async () => {
    const id = await start();
    const words = [
      'dragons love tacos',
      'yes',
      'the dragons',
      'at a taco party',
      'spicy salsa',
      'a catching game',
      'a little red dragon',
      'tacos',
    ];
    for (const w of words) await say(id, w);
    const readBack = await say(id, 'spicy salsa');
    expect(readBack.message).toMatch(/Shall I build it\?$/);
    // "What would you like to change?" with readyToBuild: true.
    fake.setHandler(shapedAgent('contradictory'));
    const no = await say(id, 'no');
    expect(no.phase).toBe('designing');
    expect(no.message).toBe('What would you like to change?');
    expect((await t.repo.getSession(id))?.state.design?.confirmed).toBeFalsy();
    // The model says it will build, in text only, with no record at all: the child's yes builds.
    const before = await fallbacks();
    fake.reset();
    fake.setHandler(shapedAgent('text', 'tool'));
    const yes = await say(id, 'yes');
    expect(yes.message).toMatch(/^Hooray! Bolt will build it right now\./);
    expect(yes.is_complete).toBe(true);
    expect(await fallbacks()).toBe(before);
    expect(fake.requests.map((r) => r.toolNames[0])).toEqual(['record_design_turn', 'build_game']);
  });
});

describe('a realistic mix of shapes, from a server that ignores tool_choice', () => {
  it('every turn of whole conversations is answered by the model, and each reaches a game', async () => {
    const seen = new Set<Shape>();
    fake.setHandler(realisticModel({ seed: 13, honourToolChoice: false, onShape: (s) => seen.add(s) }));
    const before = await fallbacks();
    for (const script of SCRIPTS.filter((s) => /tacos|caterpiller|gruffalo/i.test(s.book))) {
      const id = await start();
      let said = '';
      let phase = 'identifying';
      let n = 0;
      for (; phase !== 'complete' && n < 30; n++) {
        const res = await say(id, childAnswer(script, phase, said));
        said = res.message;
        phase = res.phase;
        expect(said).not.toContain(NAP_NOTICE);
      }
      expect(phase, script.book).toBe('complete');
    }
    expect(await fallbacks()).toBe(before);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
