import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_WORDS } from '../../src/contract/events.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';
import { postStream, type SseEvent } from '../support/sse.js';

/** POST /api/message/stream over real HTTP: the real app, SDK and a fake Claude on a socket. */

let fake: FakeModelServer;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  t = await startTestApp({ listen: true, env: anthropicEnv(fake) });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setHandler(scriptedAgent);
});

async function startSession(): Promise<{ id: string; message: string }> {
  const res = await fetch(`${t.url}/api/start_session`, { method: 'POST' });
  const body = await res.json();
  return { id: body.session_id, message: body.message };
}

/** The text streamed for each agent, honouring `restart`. */
function streamedTurns(events: SseEvent[]): Array<{ agent: string; text: string }> {
  const turns: Array<{ agent: string; text: string }> = [];
  for (const e of events) {
    if (e.event === 'agent' && e.data.restart) {
      const last = turns[turns.length - 1];
      if (last) last.text = '';
    } else if (e.event === 'agent') turns.push({ agent: e.data.agent, text: '' });
    else if (e.event === 'token') {
      const last = turns[turns.length - 1];
      if (last) last.text += e.data.text;
    }
  }
  return turns;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST /api/message/stream', () => {
  for (const script of SCRIPTS.filter((s) => /tacos|gruffalo/.test(s.book))) {
    it(`streams a whole conversation to a game for "${script.book}"`, async () => {
      const { id, message } = await startSession();
      let said = message;
      let phase = 'identifying';
      let done: SseEvent['data'] = null;
      let sawGame = false;
      for (let n = 0; phase !== 'complete' && n < 20; n++) {
        const res = await postStream(`${t.url}/api/message/stream`, {
          session_id: id,
          message: childAnswer(script, phase, said),
        });
        expect(res.status).toBe(200);
        expect(res.contentType).toMatch(/^text\/event-stream/);
        const names = res.events.map((e) => e.event);
        expect(names[0]).toBe('agent');
        expect(names[names.length - 1]).toBe('done');
        expect(names.indexOf('token')).toBeGreaterThan(0);
        expect(names.indexOf('token')).toBeLessThan(names.indexOf('done'));
        done = res.events[res.events.length - 1]?.data;
        expect(done).toMatchObject({ success: true });
        // What was streamed is exactly what was said.
        expect(streamedTurns(res.events)).toEqual(done.turns);
        const game = res.events.find((e) => e.event === 'game');
        if (game) {
          sawGame = true;
          expect(game.data).toEqual(done.game_data);
          expect(names.indexOf('game')).toBeLessThan(names.indexOf('done'));
          // Build progress from the generation job, each step once, in order, in the contract's
          // words, before the game is announced.
          const progress = res.events.filter((e) => e.event === 'progress').map((e) => e.data);
          expect(progress).toEqual(
            (['queued', 'building', 'checking', 'ready'] as const).map((step) => ({
              step,
              message: PROGRESS_WORDS[step],
            })),
          );
          expect(names.lastIndexOf('progress')).toBeLessThan(names.indexOf('game'));
          // The builder's part of the turn, event by event (runs of tokens counted once): it starts
          // building, says its words as the model writes them, checks, and announces the game.
          const collapsed = names.filter((n, i) => n !== 'token' || names[i - 1] !== 'token');
          expect(collapsed.slice(collapsed.lastIndexOf('agent'))).toEqual([
            'agent',
            'progress',
            'progress',
            'token',
            'progress',
            'progress',
            'game',
            'done',
          ]);
        }
        said = done.message;
        phase = done.phase;
      }
      expect(phase).toBe('complete');
      expect(sawGame).toBe(true);
      expect(done.is_complete).toBe(true);
      const page = await fetch(`${t.url}${done.game_data.url}`);
      expect(page.status).toBe(200);
    });
  }

  it('delivers tokens as the model writes them, long before the answer is complete', async () => {
    const { id } = await startSession();
    const text = 'Ooh! Is that Dragons Love Tacos by Adam Rubin? I think it is a great book.';
    fake.enqueue({
      kind: 'reply',
      text,
      tokenDelayMs: 40,
      tool: {
        name: 'record_story_turn',
        input: { book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' } },
      },
    });
    const res = await postStream(`${t.url}/api/message/stream`, {
      session_id: id,
      message: 'dragons love tacos',
    });
    const tokens = res.events.filter((e) => e.event === 'token');
    const doneAt = res.events.find((e) => e.event === 'done')?.at ?? 0;
    expect(tokens.length).toBeGreaterThan(5);
    expect(doneAt - (tokens[0]?.at ?? doneAt)).toBeGreaterThan(200);
    expect(tokens.map((e) => e.data.text).join('')).toBe(text);
  });

  it('answers errors before the stream starts as plain JSON, like /api/message', async () => {
    const missing = await postStream(`${t.url}/api/message/stream`, { session_id: 'nope', message: 'hi' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ success: false, error: 'session_not_found' });

    const { id } = await startSession();
    const empty = await postStream(`${t.url}/api/message/stream`, { session_id: id, message: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ success: false, error: 'message_required' });

    const long = await postStream(`${t.url}/api/message/stream`, {
      session_id: id,
      message: 'a'.repeat(2001),
    });
    expect(long.status).toBe(413);
    expect(long.json).toMatchObject({ success: false });
  });

  it('lets one of two simultaneous messages win; the other gets 409 and the state stays whole', async () => {
    const { id } = await startSession();
    fake.enqueue({
      kind: 'reply',
      text: 'Is that Dragons Love Tacos by Adam Rubin?',
      firstTokenDelayMs: 300,
      tool: {
        name: 'record_story_turn',
        input: { book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' } },
      },
    });
    const first = postStream(`${t.url}/api/message/stream`, {
      session_id: id,
      message: 'dragons love tacos',
    });
    await sleep(100);
    const [second, plain] = await Promise.all([
      postStream(`${t.url}/api/message/stream`, { session_id: id, message: 'the gruffalo' }),
      fetch(`${t.url}/api/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: id, message: 'the gruffalo' }),
      }),
    ]);
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ success: false, error: 'session_busy' });
    expect(plain.status).toBe(409);
    const won = await first;
    expect(won.events[won.events.length - 1]?.event).toBe('done');

    const stored = await t.repo.getSession(id);
    expect(stored?.state.book?.title).toBe('Dragons Love Tacos');
    const transcript = await t.repo.listMessages(id);
    // Greeting, the winning message and its answer: the losers left no trace.
    expect(transcript.map((m) => m.role)).toEqual(['agent', 'child', 'agent']);
    expect(transcript.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('cancels the run when the client hangs up, and the session stays usable', async () => {
    const { id } = await startSession();
    fake.enqueue({ kind: 'stall', text: 'Ooh, let me think about' });
    const res = await postStream(
      `${t.url}/api/message/stream`,
      { session_id: id, message: 'dragons love tacos' },
      (e) => e.event === 'token',
    );
    expect(res.events.some((e) => e.event === 'token')).toBe(true);
    // The run stops (the app closes its model connection) and releases the session.
    await expect
      .poll(
        async () => {
          const r = await fetch(`${t.url}/api/message`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ session_id: id, message: 'dragons love tacos' }),
          });
          return r.status;
        },
        { timeout: 3000, interval: 100 },
      )
      .toBe(200);
    // No retries for a cancelled run: one stalled request, then the new message's one.
    expect(fake.requests).toHaveLength(2);
    const stored = await t.repo.getSession(id);
    expect(stored?.state.book?.title).toBe('Dragons Love Tacos');
  });
});

describe('POST /api/message/stream on the offline brain', () => {
  let offline: TestApp;
  beforeAll(async () => {
    offline = await startTestApp({ listen: true });
  });
  afterAll(async () => {
    await offline?.close();
  });

  it('streams each reply whole, then done', async () => {
    const start = await (await fetch(`${offline.url}/api/start_session`, { method: 'POST' })).json();
    const res = await postStream(`${offline.url}/api/message/stream`, {
      session_id: start.session_id,
      message: 'dragons love tacos',
    });
    expect(res.events.map((e) => e.event)).toEqual(['agent', 'token', 'done']);
    expect(res.events[1]?.data.text).toBe(res.events[2]?.data.message);
    expect(res.events[0]?.data).toMatchObject({
      agent: 'story_analyst',
      name: 'Owlbert',
      phase: 'identifying',
    });
  });
});
