import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brain } from '../../src/agents/brain.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * A message's lines are stored with its answer, in one write. These check the two promises that
 * must survive that: a turn that fails still keeps the child's words (and nothing else changes),
 * and the transcript keeps its order, the child's line before the answer.
 */

const offline = createOfflineBrain();
// Fails the turn whenever the child says "boom", as a broken model or a bug would.
const brain: Brain = {
  ...offline,
  name: offline.name,
  storyAnalyst: async (state, message, ctx) => {
    if (message?.includes('boom')) throw new Error('the agent broke');
    return offline.storyAnalyst(state, message, ctx);
  },
  gameDesigner: offline.gameDesigner.bind(offline),
  codeGenerator: offline.codeGenerator.bind(offline),
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ brain });
});
afterAll(async () => {
  await t?.close();
});

async function post(url: string, body: unknown) {
  const res = await t.app.inject({ method: 'POST', url, payload: body as object });
  return { status: res.statusCode, body: res.json() };
}
const session = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/session/${id}` })).json();

describe('a turn that fails', () => {
  it("keeps the child's words, changes nothing else, and the next message is answered", async () => {
    const start = await post('/api/start_session', {});
    const id = start.body.session_id as string;
    const before = await session(id);
    expect(before.conversation_count).toBe(1);

    const failed = await post('/api/message', { session_id: id, message: 'boom goes the dragon' });
    expect(failed.status).toBe(500);
    const after = await session(id);
    expect(after.conversation_count).toBe(2);
    expect(after.phase).toBe(before.phase);
    const lines = await t.repo.listMessages(id);
    expect(lines.map((l) => [l.role, l.content])).toEqual([
      ['agent', start.body.message],
      ['child', 'boom goes the dragon'],
    ]);

    const ok = await post('/api/message', { session_id: id, message: 'dragons love tacos' });
    expect(ok.status).toBe(200);
    const all = await t.repo.listMessages(id);
    expect(all.map((l) => [l.role, l.content])).toEqual([
      ['agent', start.body.message],
      ['child', 'boom goes the dragon'],
      ['child', 'dragons love tacos'],
      ['agent', ok.body.message],
    ]);
    expect(all.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a message to a forgotten session and keeps none of it', async () => {
    const start = await post('/api/start_session', {});
    const id = start.body.session_id as string;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/session/${id}` })).statusCode).toBeLessThan(
      300,
    );
    const late = await post('/api/message', { session_id: id, message: 'boom' });
    expect(late.status).toBe(404);
    expect(await t.repo.listMessages(id)).toEqual([]);
  });
});
