import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** DESIGN.md: logs carry request and session ids, never the child's words and never secrets. */
let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  t = await startTestApp({ logStream: stream });
});
afterAll(async () => {
  await t?.close();
});

describe('the logs', () => {
  it('tie requests to a session but never hold what the child said', async () => {
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    const words = ['zanzibar marmalade penguins', 'my name is Philippa Quux', 'no'];
    for (const message of words) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        headers: { authorization: 'Bearer sk-very-secret' },
        payload: { session_id: start.session_id, message },
      });
      expect(res.statusCode).toBe(200);
    }
    // A bad request too: its body must not be logged either.
    await t.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: start.session_id, message: 'x'.repeat(3000) },
    });

    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((l) => JSON.parse(l).session_id === start.session_id)).toBe(true);
    expect(lines.every((l) => typeof JSON.parse(l).reqId === 'string' || !JSON.parse(l).req)).toBe(true);
    for (const secret of ['zanzibar', 'marmalade', 'Philippa', 'Quux', 'sk-very-secret', 'xxxxxxxx']) {
      expect(text).not.toContain(secret);
    }
  });
});
