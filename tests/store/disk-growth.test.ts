import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 32, point 4: the embedded default's data directory stays bounded. PGlite has no autovacuum,
 * so every message's rewritten session row used to stay on disk (23-42 KB per 2,000-character
 * message). The storage thread now vacuums every 500 writes (src/store/vacuum.ts). Real app, real
 * PGlite in a storage thread, real HTTP handling (inject): the growth of DATA_DIR over 1,000 long
 * messages, after a first 300 that let the WAL's segments and the tables' free space settle, is
 * held to the goal of ≤ 2× the text those messages carried.
 */
let t: TestApp;
beforeAll(async () => {
  // Always the embedded store, whatever the suite's TEST_DATABASE_URL.
  t = await startTestApp({ databaseUrl: '', env: { RATE_LIMIT_MAX: '0' } });
});
afterAll(async () => {
  await t?.close();
});

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

/** A long message of a child's kind (no two alike), `length` characters. */
const longMessage = (n: number, length: number) =>
  `my favourite part ${n} is when the dragon `.padEnd(length, `and the tacos ${n} `).slice(0, length);

async function send(sessions: string[], from: number, count: number, length: number): Promise<number> {
  let text = 0;
  for (let n = from; n < from + count; n++) {
    const message = longMessage(n, length);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/message',
      payload: { session_id: sessions[n % sessions.length], message },
    });
    // A session that reached its cap answers with its own error; this test stays below it.
    expect(r.statusCode).toBe(200);
    text += Buffer.byteLength(message);
  }
  return text;
}

describe('embedded storage on disk', () => {
  it('grows by at most twice the text of 1,000 long messages, once settled', async () => {
    const sessions: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
      sessions.push(r.json().session_id);
    }
    const length = 2_000;
    await send(sessions, 0, 300, length);
    const before = bytesUnder(t.dataDir);
    const text = await send(sessions, 1_000, 1_000, length);
    const after = bytesUnder(t.dataDir);
    const growth = after - before;
    console.log(
      `DATA_DIR ${(before / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MB: +${(growth / 1024).toFixed(0)} KB for ${(text / 1024).toFixed(0)} KB of text (${(growth / text).toFixed(2)}x)`,
    );
    expect(growth).toBeLessThanOrEqual(2 * text);
  }, 900_000);
});
