import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmission } from '../../src/sessions/admission.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** Admission of conversation turns (src/sessions/admission.ts), alone and in the app. */

const stall = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // CPU-bound work: the event loop is blocked meanwhile
  }
};
const tick = () => new Promise((r) => setImmediate(r));

describe('admission of turns', () => {
  it('runs at most `limit` at once and lets the others in, in arrival order', async () => {
    const gate = createAdmission({ initialLimit: 3, minLimit: 1, maxLimit: 3, targetDelayMs: 10_000 });
    try {
      const order: number[] = [];
      let running = 0;
      let peak = 0;
      await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const leave = await gate.enter();
          order.push(i);
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          leave();
        }),
      );
      expect(peak).toBe(3);
      expect(order).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(gate.state).toMatchObject({ running: 0, queued: 0 });
    } finally {
      gate.close();
    }
  });

  it('lets fewer in while the event loop is stalled, more again once it is quiet and turns are waiting', async () => {
    const gate = createAdmission({ initialLimit: 20, minLimit: 2, targetDelayMs: 40, intervalMs: 50 });
    try {
      const leaves = await Promise.all(Array.from({ length: 20 }, () => gate.enter()));
      const waiting = Array.from({ length: 30 }, () => gate.enter());
      let shrunk = gate.state.limit;
      for (let i = 0; i < 8; i++) {
        stall(100);
        await new Promise((r) => setImmediate(r));
        shrunk = Math.min(shrunk, gate.state.limit);
      }
      expect(shrunk).toBeLessThan(20);
      for (const leave of leaves) leave();
      // Quiet now, and turns are queued: the limit grows back.
      const deadline = Date.now() + 5_000;
      while (gate.state.limit <= shrunk && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(gate.state.limit).toBeGreaterThan(shrunk);
      for (const leave of await Promise.all(waiting)) leave();
    } finally {
      gate.close();
    }
  });

  it('tryEnter takes a free slot at once, and never one that a waiting turn is owed', async () => {
    const gate = createAdmission({ initialLimit: 1, minLimit: 1, maxLimit: 1, targetDelayMs: 10_000 });
    try {
      const first = gate.tryEnter();
      expect(first).not.toBeNull();
      expect(gate.tryEnter()).toBeNull();
      const queued = gate.enter();
      first?.();
      // The slot went to the turn that was waiting, not to a newcomer.
      expect(gate.tryEnter()).toBeNull();
      (await queued)();
      const again = gate.tryEnter();
      expect(again).not.toBeNull();
      again?.();
      expect(gate.state).toMatchObject({ running: 0, queued: 0 });
    } finally {
      gate.close();
    }
  });

  it('a slot is given back once, however often it is left', async () => {
    const gate = createAdmission({ initialLimit: 1, minLimit: 1, targetDelayMs: 10_000 });
    try {
      const leave = await gate.enter();
      leave();
      leave();
      const a = await gate.enter();
      let second = false;
      const b = gate.enter().then((l) => {
        second = true;
        return l;
      });
      await tick();
      expect(second).toBe(false);
      a();
      (await b)();
    } finally {
      gate.close();
    }
  });
});

describe('the app under a burst of turns (embedded store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a burst of concurrent messages: every one is answered, none refused or lost, health answered meanwhile', async () => {
    const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url, ...(payload ? { payload } : {}) });
    const ids = await Promise.all(
      Array.from(
        { length: 150 },
        async () => (await inject('POST', '/api/start_session', {})).json().session_id as string,
      ),
    );
    const burst = Promise.all(
      ids.map((id) => inject('POST', '/api/message', { session_id: id, message: 'dragons love tacos' })),
    );
    await tick();
    expect((await inject('GET', '/api/health')).statusCode).toBe(200);
    const answers = await burst;
    expect(answers.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    for (const id of ids) {
      const s = (await inject('GET', `/api/session/${id}`)).json();
      expect(s.success, JSON.stringify(s)).toBe(true);
    }
  });
});
