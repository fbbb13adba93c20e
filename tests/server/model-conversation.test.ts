import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHILD_SAFETY_RULES } from '../../src/agents/model/prompts.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

/** Whole conversations with the model brain, through the real app, SDK and HTTP to a fake Claude. */

let fake: FakeModelServer;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  t = await startTestApp({ env: anthropicEnv(fake) });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setHandler(scriptedAgent);
});

async function post(url: string, body: unknown) {
  const res = await t.app.inject({ method: 'POST', url, payload: body as object });
  return { status: res.statusCode, body: res.json() };
}

async function converse(script: (typeof SCRIPTS)[number]) {
  const start = await post('/api/start_session', {});
  const id = start.body.session_id as string;
  let said = start.body.message as string;
  let phase = start.body.phase as string;
  let last: Record<string, unknown> = start.body;
  let messages = 0;
  while (phase !== 'complete' && messages < 25) {
    const res = await post('/api/message', { session_id: id, message: childAnswer(script, phase, said) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    messages += 1;
    said = res.body.message;
    phase = res.body.phase;
    last = res.body;
  }
  return { id, messages, last };
}

const BOOKS = SCRIPTS.filter((s) => /tacos|caterpiller|green eggs|moonlight/i.test(s.book));

describe('conversations with the model brain (fake Anthropic server)', () => {
  for (const script of BOOKS) {
    it(`reaches a playable game for "${script.book}"`, async () => {
      const { id, messages, last } = await converse(script);
      expect(last.is_complete).toBe(true);
      expect(messages).toBeLessThanOrEqual(14);
      expect(last.game_data).toMatchObject({ ready: true });

      const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
      expect(page.statusCode).toBe(200);
      const json = page.body.match(
        /<script id="game-spec" type="application\/json">([\s\S]*?)<\/script>/,
      )?.[1];
      const spec = JSON.parse(json ?? '{}');
      // Built by the model (the fake's title), carrying the child's own words.
      expect(spec.title).toMatch(/Big Adventure/);
      const words = JSON.stringify(spec).toLowerCase();
      expect(words).toContain(script.collect.toLowerCase());
      expect(words).toContain(script.avoid.toLowerCase().replace(/^the /, ''));

      // Every turn went to the model: none fell back to the offline brain.
      const transcript = await t.repo.listMessages(id);
      expect(transcript.map((m) => m.content).join('\n')).not.toMatch(/thinking cap/);
      const stored = await t.repo.getSession(id);
      expect(stored?.state.usage?.calls).toBe(fake.requests.length);
      expect(stored?.state.usage?.inputTokens).toBeGreaterThan(0);
      expect(stored?.state.usage?.outputTokens).toBeGreaterThan(0);
    });
  }

  it('sends the configured model, the child-safe system prompt, temperature only and a bounded history', async () => {
    await converse(BOOKS[0] ?? (SCRIPTS[0] as (typeof SCRIPTS)[number]));
    expect(fake.requests.length).toBeGreaterThan(5);
    for (const r of fake.requests) {
      expect(r.api).toBe('anthropic');
      expect(r.model).toBe('claude-sonnet-4-5');
      expect(r.stream).toBe(true);
      expect(r.headers['x-api-key']).toBe('sk-ant-test-not-a-real-key');
      expect(r.system).toContain(CHILD_SAFETY_RULES);
      expect(r.system).toMatch(/Never ask for personal information/);
      expect(r.system).toMatch(/one question at a time/i);
      expect(r.temperature).toBe(0.7);
      expect(r.topP).toBeUndefined();
      expect(r.toolNames).toHaveLength(1);
      // Windowed: never more than LLM_HISTORY_TURNS (10) lines plus the new message.
      expect(r.messages.length).toBeLessThanOrEqual(11);
      expect(r.messages[0]?.role).toBe('user');
    }
    const agents = new Set(fake.requests.map((r) => r.toolNames[0]));
    expect(agents).toEqual(new Set(['record_story_turn', 'record_design_turn', 'build_game']));
  });
});
