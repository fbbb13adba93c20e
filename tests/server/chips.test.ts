import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brain } from '../../src/agents/brain.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import type { GameDesign } from '../../src/agents/state.js';
import { MessageResponse, SessionResponse, StartResponse } from '../../src/contract/schemas.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { postStream } from '../support/sse.js';

/**
 * The API carries tap-to-answer chips: on start_session, on every /api/message answer and the
 * stream's `done` event, and on GET /api/session/:id; of the right kind for the open question,
 * with the offline brain and with a brain that, like the model brain, keeps no notes.
 */

interface ChipJson {
  kind: string;
  label: string;
  emoji: string;
  say: string;
}

const kinds = (chips: ChipJson[] | undefined) => (chips ?? []).map((c) => c.kind);

async function call(t: TestApp, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  const res = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('chips with the offline brain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('offers the right kind of chip in every phase, and taps alone reach a game', async () => {
    const start = await call(t, 'POST', '/api/start_session', {});
    expect(StartResponse.parse(start)).toBeTruthy();
    expect(kinds(start.chips)).toContain('book');
    const id = start.session_id as string;

    const send = async (message: string) => {
      const body = await call(t, 'POST', '/api/message', { session_id: id, message });
      MessageResponse.parse(body);
      return body as { phase: string; chips: ChipJson[] };
    };
    let reply = await send('The Gruffalo');
    expect(reply.phase).toBe('identifying');
    expect(kinds(reply.chips)).toEqual(['yes', 'no']);

    // Reloading the page gets the open question's chips from the session.
    const info = await call(t, 'GET', `/api/session/${id}`);
    SessionResponse.parse(info);
    expect(kinds(info.chips)).toEqual(['yes', 'no']);

    reply = await send('yes');
    expect(reply.phase).toBe('discussing');
    expect(kinds(reply.chips)).toContain('answer');
    expect(kinds(reply.chips)).toContain('way-on');

    const byPhase = new Map<string, Set<string>>();
    for (let n = 0; reply.phase !== 'complete'; n++) {
      expect(n, 'a game within 20 taps').toBeLessThan(20);
      for (const k of kinds(reply.chips)) {
        if (!byPhase.has(reply.phase)) byPhase.set(reply.phase, new Set());
        byPhase.get(reply.phase)?.add(k);
      }
      const order = ['yes', 'type', 'hero', 'collect', 'avoid', 'answer'];
      const next =
        order.map((k) => reply.chips.find((c) => c.kind === k)).find(Boolean) ??
        reply.chips.find((c) => c.say === "I don't know");
      if (!next) throw new Error(`nothing to tap in ${reply.phase}`);
      reply = await send(next.say);
    }
    expect([...(byPhase.get('designing') ?? [])]).toEqual(
      expect.arrayContaining(['type', 'hero', 'collect', 'avoid', 'yes', 'no']),
    );
    expect(reply.chips).toEqual([]);
  });

  it('sends the chips in the stream’s done event', async () => {
    const start = await call(t, 'POST', '/api/start_session', {});
    const res = await postStream(`${t.url}/api/message/stream`, {
      session_id: start.session_id,
      message: 'the gruffalo',
    });
    const done = res.events.at(-1);
    expect(done?.event).toBe('done');
    expect(kinds(done?.data.chips)).toEqual(['yes', 'no']);
    expect(done?.data.chips.map((c: ChipJson) => c.say)).toEqual(['yes', 'no']);
  });
});

/**
 * Answers like the model brain does: structured fields, never notes. It asks for the parts of the
 * design in turn and builds on "yes"; the Code Generator is the offline one.
 */
function notelessBrain(): Brain {
  const offline = createOfflineBrain();
  const steps: Array<[string, GameDesign]> = [
    ['a maze game', { gameType: 'maze' }],
    ['mouse', { hero: { name: 'Mouse', emoji: '🐭' } }],
    ['nuts', { collectibles: [{ name: 'Nuts', emoji: '🌰' }] }],
    ['owl', { hazards: [{ name: 'Owl', emoji: '🦉' }] }],
  ];
  return {
    name: 'noteless',
    async storyAnalyst(state, message) {
      if (!state.book)
        return { reply: 'Is that The Gruffalo?', book: { title: 'The Gruffalo', catalogId: 'the-gruffalo' } };
      if (!state.bookConfirmed) return { reply: 'Who was your favourite?', bookConfirmed: true };
      return {
        reply: `Thank you for "${message}"!`,
        analysis: { characters: [], setting: 'a wood', themes: [], storyObjects: [] },
      };
    },
    async gameDesigner(state, message) {
      if (message === null) return { reply: 'Which game would you like?' };
      if (/^yes/i.test(message)) return { reply: 'Building!', readyToBuild: true };
      const step = steps.find(([word]) => message.toLowerCase().includes(word));
      return { reply: 'Got it!', design: { ...(state.design ?? {}), ...(step?.[1] ?? {}) } };
    },
    codeGenerator: (state, message, ctx) => offline.codeGenerator(state, message, ctx),
  };
}

describe('chips with a brain that keeps no notes (as the model brain)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ brain: notelessBrain() });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('follows the typed state: yes or no, then each open part of the design, then the read-back', async () => {
    const start = await call(t, 'POST', '/api/start_session', {});
    const id = start.session_id as string;
    const send = async (message: string) =>
      (await call(t, 'POST', '/api/message', { session_id: id, message })) as {
        phase: string;
        chips: ChipJson[];
      };
    expect(kinds((await send('gruffalo')).chips)).toEqual(['yes', 'no']);
    const discussing = await send('yes');
    expect(discussing.phase).toBe('discussing');
    // Which discussion question is open is not in the state: only the ways on.
    expect(kinds(discussing.chips)).toEqual(['way-on', 'way-on']);
    const designing = await send('the mouse');
    expect(designing.phase).toBe('designing');
    expect(kinds(designing.chips)).toEqual(['type', 'type', 'type', 'way-on']);
    expect(kinds((await send('a maze game')).chips)[0]).toBe('hero');
    expect(kinds((await send('mouse')).chips)[0]).toBe('collect');
    expect(kinds((await send('nuts')).chips)[0]).toBe('avoid');
    expect(kinds((await send('owl')).chips)).toEqual(['yes', 'no']);
    const done = await send('yes');
    expect(done.phase).toBe('complete');
    expect(done.chips).toEqual([]);
  });
});
