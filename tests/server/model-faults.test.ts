import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NAP_NOTICE } from '../../src/agents/layers/fallback.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, type Step, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { parseSse, postStream } from '../support/sse.js';

/**
 * Scripted provider faults through the real app: the child always gets an answer (never a 5xx),
 * the retries that happen are counted at the fake server, the breaker opens and closes, and the
 * transcript has no holes or duplicates.
 */

let fake: FakeModelServer;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  // Retry delays are a few ms, except that a provider's retry-after of up to 1.5 s is honoured.
  t = await startTestApp({ listen: true, env: anthropicEnv(fake, { LLM_RETRY_MAX_DELAY_MS: '1500' }) });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setHandler(scriptedAgent);
});

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
  return { status: res.statusCode, body: res.json() };
}

/** Every child message is answered, in order, once; seq has no gaps. */
async function expectWholeTranscript(id: string, childMessages: number) {
  const msgs = await t.repo.listMessages(id);
  expect(msgs.map((m) => m.seq)).toEqual(msgs.map((_, i) => i + 1));
  expect(msgs[0]?.role).toBe('agent');
  expect(msgs.filter((m) => m.role === 'child')).toHaveLength(childMessages);
  msgs.forEach((m, i) => {
    if (m.role === 'child') expect(msgs[i + 1]?.role, `message ${m.seq} was not answered`).toBe('agent');
  });
  const texts = msgs.map((m) => `${m.role}:${m.content}`);
  texts.forEach((text, i) => {
    if (i > 0) expect(text, `message ${i + 1} repeats the one before`).not.toBe(texts[i - 1]);
  });
}

const modelAsks = /Ooh! Is that Dragons Love Tacos by Adam Rubin\?/;

describe('provider faults, each answered', () => {
  const cases: Array<{ name: string; steps: Step[]; requests: number }> = [
    {
      name: '500 twice, then a good answer',
      steps: [
        { kind: 'error', status: 500 },
        { kind: 'error', status: 500 },
      ],
      requests: 3,
    },
    { name: '529 overloaded, then a good answer', steps: [{ kind: 'error', status: 529 }], requests: 2 },
    { name: 'a dropped connection, then a good answer', steps: [{ kind: 'drop' }], requests: 2 },
    {
      name: 'a stalled stream, then a good answer',
      steps: [{ kind: 'stall', text: 'Hmm, let me' }],
      requests: 2,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.requests} requests, the model's answer`, async () => {
      const id = await start();
      fake.enqueue(...c.steps);
      const res = await say(id, 'dragons love tacos');
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(modelAsks);
      expect(fake.requests).toHaveLength(c.requests);
      await expectWholeTranscript(id, 1);
      const stored = await t.repo.getSession(id);
      expect(stored?.state.usage?.calls).toBe(c.requests);
    });
  }

  it('429 with retry-after: waits as asked, then the model answers', async () => {
    const id = await start();
    fake.enqueue({ kind: 'error', status: 429, retryAfter: '1' });
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(modelAsks);
    expect(fake.requests).toHaveLength(2);
    const [a, b] = fake.requests;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('429 asking for a longer wait than we allow: no retry, the quick brain answers', async () => {
    const id = await start();
    fake.enqueue({ kind: 'error', status: 429, retryAfter: '60' });
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(res.body.message).toContain(NAP_NOTICE);
    expect(res.body.message).toMatch(/Dragons Love Tacos/);
    expect(fake.requests).toHaveLength(1);
  });

  it('no retry on a 400: the quick brain answers', async () => {
    const id = await start();
    fake.enqueue({ kind: 'error', status: 400, type: 'invalid_request_error' });
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(1);
    expect(res.body.message).toMatch(/Dragons Love Tacos/);
  });

  it('malformed JSON in the tool call: repaired, no retry, the model’s turn stands', async () => {
    const id = await start();
    fake.enqueue({
      kind: 'reply',
      text: 'Ooh! Is that Dragons Love Tacos by Adam Rubin?',
      tool: { name: 'record_story_turn', raw: '{"book": {"title": "Dragons Love Tacos",, }' },
    });
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Ooh! Is that Dragons Love Tacos by Adam Rubin?');
    expect(fake.requests).toHaveLength(1);
    const stored = await t.repo.getSession(id);
    expect(stored?.state.book?.title).toBe('Dragons Love Tacos');
    await expectWholeTranscript(id, 1);
  });

  it('invalid fields are dropped, not the turn: the model’s reply stands, with no retry', async () => {
    const id = await start();
    fake.enqueue({
      kind: 'reply',
      text: 'Ooh! Is that Dragons Love Tacos?',
      tool: { name: 'record_story_turn', input: { bookConfirmed: 'very yes', analysis: 42 } },
    });
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(1);
    expect(res.body.message).toBe('Ooh! Is that Dragons Love Tacos?');
    const stored = await t.repo.getSession(id);
    expect(stored?.state).toMatchObject({ phase: 'identifying', bookConfirmed: false, analysis: null });
    await expectWholeTranscript(id, 1);
  });

  it('nothing usable twice (no reply at all): one retry, then the offline brain takes that step, quietly', async () => {
    const id = await start();
    const nothing: Step = { kind: 'reply', text: '', tool: { name: 'record_story_turn', input: {} } };
    fake.enqueue(nothing, nothing);
    const res = await say(id, 'dragons love tacos');
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.toolChoice).toBe('record_story_turn');
    expect(res.body.message).not.toContain(NAP_NOTICE);
    expect(res.body.message).toMatch(/Is that Dragons Love Tacos by Adam Rubin\?/);
    // And the conversation carries on with the model.
    const next = await say(id, 'yes');
    expect(next.body.phase).toBe('discussing');
    expect(fake.requests).toHaveLength(3);
    await expectWholeTranscript(id, 2);
  });

  it('a stalled stream restarts the streamed reply before the retry streams it again', async () => {
    const id = await start();
    fake.enqueue({ kind: 'stall', text: 'Hmm, let me' });
    const res = await postStream(`${t.url}/api/message/stream`, {
      session_id: id,
      message: 'dragons love tacos',
    });
    const names = res.events.map((e) => (e.event === 'agent' && e.data.restart ? 'restart' : e.event));
    expect(names.slice(0, 2)).toEqual(['agent', 'token']);
    expect(names).toContain('restart');
    const afterRestart = res.events.slice(names.indexOf('restart') + 1).filter((e) => e.event === 'token');
    const done = res.events[res.events.length - 1];
    expect(done?.event).toBe('done');
    expect(afterRestart.map((e) => e.data.text).join('')).toBe(done?.data.message);
  });
});

describe('a flaky provider', () => {
  it('mixes model and offline turns, and every conversation still reaches a game', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    // Half of all requests fail: about one turn in eight spends its retries and falls back.
    fake.setHandler((req) => (random() < 0.5 ? { kind: 'error', status: 503 } : scriptedAgent(req)));
    for (const script of SCRIPTS.filter((s) => /tacos|gruffalo|pigeon|moonlight/i.test(s.book))) {
      const id = await start();
      let said = '';
      let phase = 'identifying';
      let n = 0;
      for (; phase !== 'complete' && n < 30; n++) {
        const res = await say(id, childAnswer(script, phase, said));
        expect(res.status).toBe(200);
        said = res.body.message;
        phase = res.body.phase;
      }
      expect(phase, script.book).toBe('complete');
      expect(n, script.book).toBeLessThanOrEqual(25);
      await expectWholeTranscript(id, n);
      const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
      expect(page.statusCode).toBe(200);
    }
  });
});

describe('the circuit breaker', () => {
  it('opens after 3 failed turns, answers offline (announced once), then closes after the half-open delay', async () => {
    const id = await start();
    fake.setHandler(() => ({ kind: 'error', status: 529 }));
    const words = ['dragons love tacos', 'yes', 'the dragons', 'at a taco party'];
    const replies: string[] = [];
    for (const w of words.slice(0, 3)) {
      const res = await say(id, w);
      expect(res.status).toBe(200);
      replies.push(res.body.message);
    }
    // 3 turns × (1 + 2 retries) requests; then the circuit is open.
    expect(fake.requests).toHaveLength(9);
    const open = await say(id, words[3] ?? '');
    expect(open.status).toBe(200);
    replies.push(open.body.message);
    expect(fake.requests).toHaveLength(9);
    // Operators see it: the circuit gauge and the failed model turns.
    const metricsOpen = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metricsOpen).toMatch(/^gamemaker_model_circuit_open 1$/m);
    expect(metricsOpen).toMatch(
      /gamemaker_llm_latency_seconds_count\{agent="story_analyst",outcome="error"\} [1-9]/,
    );
    // Announced gently, once.
    expect(replies.filter((r) => r.includes(NAP_NOTICE))).toHaveLength(1);
    expect(replies[0]).toContain(NAP_NOTICE);

    // The provider recovers; after the half-open delay one trial call closes the circuit.
    fake.setHandler(scriptedAgent);
    await new Promise((r) => setTimeout(r, 450));
    const back = await say(id, 'the dragons eat lots of tacos');
    expect(back.status).toBe(200);
    // (This turn may hand over to the Game Designer: a second call.)
    const afterTrial = fake.requests.length;
    expect(afterTrial).toBeGreaterThanOrEqual(10);
    expect(back.body.message).not.toContain(NAP_NOTICE);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
      /^gamemaker_model_circuit_open 0$/m,
    );
    const again = await say(id, 'a catching game');
    expect(again.status).toBe(200);
    expect(fake.requests.length).toBeGreaterThan(afterTrial);
    await expectWholeTranscript(id, 6);
  });
});

describe('with LLM_FALLBACK=false', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({ env: anthropicEnv(fake, { LLM_FALLBACK: 'false', LLM_MAX_RETRIES: '1' }) });
  });
  afterAll(async () => {
    await strict?.close();
  });

  async function strictSay(message: string, steps: Step[]) {
    const id = (await strict.app.inject({ method: 'POST', url: '/api/start_session' })).json().session_id;
    fake.enqueue(...steps);
    const res = await strict.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: id, message },
    });
    return { id, res };
  }

  it('a provider outage is 503 model_unavailable, and the message is kept for a retry', async () => {
    const { id, res } = await strictSay('dragons love tacos', [
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
    ]);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ success: false, error: 'model_unavailable' });
    expect(res.headers['retry-after']).toBeDefined();
    expect(JSON.stringify(res.json())).not.toMatch(/500|api_error|stack/);
    const msgs = await strict.repo.listMessages(id);
    expect(msgs.map((m) => m.role)).toEqual(['agent', 'child']);
    // Retrying the turn works once the provider is back.
    const retry = await strict.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: id, message: 'dragons love tacos' },
    });
    expect(retry.statusCode).toBe(200);
  });

  it('an outage after the stream has started is an error event, not a done', async () => {
    const id = (await strict.app.inject({ method: 'POST', url: '/api/start_session' })).json().session_id;
    fake.enqueue({ kind: 'error', status: 529 }, { kind: 'error', status: 529 });
    const res = await strict.app.inject({
      method: 'POST',
      url: '/api/message/stream',
      payload: { session_id: id, message: 'dragons love tacos' },
    });
    expect(res.statusCode).toBe(200);
    const events = parseSse(res.body);
    expect(events.map((e) => e.event)).toEqual(['agent', 'error']);
    expect(events[1]?.data).toEqual({
      error: 'model_unavailable',
      message: expect.any(String),
      action: 'retry',
    });
  });

  it('a provider that keeps rate limiting is 429 rate_limited with retry-after', async () => {
    const { res } = await strictSay('dragons love tacos', [
      { kind: 'error', status: 429, retryAfter: '0' },
      { kind: 'error', status: 429, retryAfter: '7' },
    ]);
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ success: false, error: 'rate_limited' });
    expect(res.headers['retry-after']).toBe('7');
  });
});
