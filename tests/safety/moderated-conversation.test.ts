import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICK_ANOTHER_NAME } from '../../src/agents/layers/moderated.js';
import type { Asked } from '../../src/agents/state.js';
import { findConcerns } from '../../src/safety/moderation.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, type FakeRequest, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

/**
 * Moderation in the conversation (issue 32.2, 31.8), through the HTTP API of the real app: a rude
 * name is never said back or built, the same question is asked again, and a violent wish becomes a
 * kid-friendly one, with the offline brain and with a model that proposes a rude hero itself.
 */

const GRUFFALO = { ...(SCRIPTS[0] as (typeof SCRIPTS)[number]), book: 'the gruffalo' };

interface Said {
  message: string;
  asked: Asked;
  phase: string;
}

async function talk(t: TestApp, answers: Partial<Record<Asked, string[]>>) {
  const post = async (url: string, body: object) => {
    const res = await t.app.inject({ method: 'POST', url, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const start = await post('/api/start_session', {});
  const id = start.session_id as string;
  let last: Said = start;
  const log: Array<{ child: string; before: Said; after: Said }> = [];
  for (let n = 0; n < 30 && last.phase !== 'complete'; n++) {
    const queue = answers[last.asked];
    const child = queue?.length ? (queue.shift() as string) : childAnswer(GRUFFALO, last.asked);
    const res = await post('/api/message', { session_id: id, message: child });
    log.push({ child, before: last, after: res });
    last = res;
  }
  return { id, log, last };
}

async function gameOf(t: TestApp, id: string) {
  const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
  const json = page.body.match(/<script id="game-spec" type="application\/json">([\s\S]*?)<\/script>/)?.[1];
  return JSON.parse(json ?? '{}');
}

function expectClean(texts: string[]) {
  for (const text of texts) expect(findConcerns(text), text).toEqual([]);
}

describe('moderation in a conversation with the offline brain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('asks again for a rude name, and turns a knife and blood into kinder things', async () => {
    const { id, log, last } = await talk(t, {
      hero: ['sh1t face', 'i want to be a zombie with a knife'],
      collect: ['collect blood'],
      avoid: ['the police'],
    });
    const rude = log.find((l) => l.child === 'sh1t face');
    expect(rude?.after.message).toContain(PICK_ANOTHER_NAME);
    expect(rude?.after.asked).toBe('hero');
    expect(last.phase).toBe('complete');

    const spec = await gameOf(t, id);
    const words = JSON.stringify(spec).toLowerCase();
    expect(words).not.toMatch(/knife|blood|sh1t|shit/);
    expect(words).toMatch(/magic wand|rubies/);
    expectClean([JSON.stringify(spec)]);
    const transcript = await t.repo.listMessages(id);
    expectClean(transcript.filter((m) => m.role !== 'child').map((m) => m.content));
  });
});

describe('free answers and unknown titles in the offline conversation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: 'an-admin-token-long-enough' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps a person's name in a made-up title out of the game and the analytics", async () => {
    const { id, last } = await talk(t, {
      book: ["jacob's big day"],
      describe: ['a boy called jacob goes to the seaside'],
      hero: ['jacob'],
    });
    expect(last.phase).toBe('complete');
    const spec = JSON.stringify(await gameOf(t, id));
    expect(spec.toLowerCase()).not.toContain('jacob');
    const analytics = await t.app.inject({
      method: 'GET',
      url: '/api/analytics',
      headers: { authorization: 'Bearer an-admin-token-long-enough' },
    });
    expect(analytics.statusCode).toBe(200);
    expect(analytics.body.toLowerCase()).not.toContain('jacob');
  });
});

describe('moderation in a conversation with a model (fake Anthropic server)', () => {
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

  it('never builds the rude hero a model proposes', async () => {
    let proposed = 0;
    fake.setHandler((req: FakeRequest) => {
      const step = scriptedAgent(req);
      const input = step.tool?.input as { design?: { hero?: { name: string } } } | undefined;
      if (input?.design?.hero && proposed++ === 0) {
        // The model's words are polite; only the name it records is rude.
        return {
          ...step,
          text: 'Great choice! What should our hero collect?',
          tool: { ...step.tool, input: { design: { hero: { name: 'Captain Fμck' } } } },
        } as typeof step;
      }
      return step;
    });
    const { id, log, last } = await talk(t, {});
    expect(proposed).toBeGreaterThan(1);
    const refused = log.find((l) => l.before.asked === 'hero');
    expect(refused?.after.message).toContain(PICK_ANOTHER_NAME);
    expect(refused?.after.asked).toBe('hero');
    expect(last.phase).toBe('complete');
    const spec = await gameOf(t, id);
    expectClean([JSON.stringify(spec)]);
    expect(JSON.stringify(spec)).not.toMatch(/f.ck/i);
  });
});
