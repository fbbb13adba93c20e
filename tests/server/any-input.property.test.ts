import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Property-based: arbitrary Unicode (NUL, lone surrogates, emoji, any script), sizes and JSON shapes
 * against every route, on PGlite here and on PostgreSQL when the suite runs with-postgres: never a
 * 5xx, always our JSON error shape, and a refused message leaves the session as it was.
 */
// Seeded, so a run in CI is repeatable; FC_SEED=random explores new cases locally.
fc.configureGlobal(process.env.FC_SEED === 'random' ? {} : { seed: Number(process.env.FC_SEED ?? 20261127) });

let t: TestApp;
let sessionId: string;
let casesRun = 0;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_MAX: '0' } });
  sessionId = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json()
    .session_id;
});
afterAll(async () => {
  console.log(`property cases run against the API: ${casesRun}`);
  await t?.close();
});

// Strings that reach every corner: full Unicode including lone surrogates, plus hand-picked traps.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(
    'constructor',
    '__proto__',
    'toString',
    '\u0000',
    '\ud83d',
    'a\udc00b',
    '</script>',
    '{{x}}',
    '%00',
    '../../etc',
    '🧑‍🚀'.repeat(30),
  ),
  fc.string({ unit: 'binary-ascii', minLength: 1900, maxLength: 2100 }),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });

const snapshot = async () => {
  const s = await t.repo.getSession(sessionId);
  return {
    version: s?.version,
    state: JSON.stringify(s?.state),
    n: (await t.repo.listMessages(sessionId)).length,
  };
};

/** Percent-encodes any string, lone surrogates too (as the bytes a lax client would send). */
const enc = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return (
      [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('') + '%ED%A0%BD'
    );
  }
};

function expectOurError(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBeLessThan(500);
  if (res.statusCode >= 400 && String(res.headers['content-type']).startsWith('application/json')) {
    expect(JSON.parse(res.body)).toMatchObject({ success: false, error: expect.any(String) });
  }
}

describe('any input', () => {
  it('POST /api/message: never a 5xx; a refused message changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (message) => {
        casesRun++;
        const before = await snapshot();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: sessionId, message },
        });
        expectOurError(res);
        if (res.statusCode !== 200) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('every route with arbitrary JSON bodies, ids and query strings: never a 5xx', async () => {
    const routes = [
      ['POST', '/api/start_session'],
      ['POST', '/api/message'],
      ['POST', '/api/message/stream'],
      ['POST', '/api/games'],
      ['GET', '/api/session/ID'],
      ['DELETE', '/api/session/ID'],
      ['GET', '/api/game/ID'],
      ['GET', '/api/games/ID'],
      ['GET', '/api/games/ID/download'],
      ['DELETE', '/api/games/ID'],
      ['GET', '/api/graph?format=Q'],
      ['GET', '/api/analytics'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), jsonValue, nasty, async ([method, path], body, text) => {
        casesRun++;
        const url = path.replace('ID', enc(text) || 'x').replace('Q', enc(text));
        const res = await t.app.inject({
          method,
          url,
          ...(method === 'POST'
            ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
            : {}),
        });
        expectOurError(res);
      }),
      { numRuns: 300 },
    );
  });

  it('messages shaped like a conversation (a book, emoji, other scripts) keep the session usable', async () => {
    const own = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json()
      .session_id;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
            fc.constantFrom('yes', 'no', 'the gruffalo', '🐉🌮'),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (messages) => {
          for (const message of messages) {
            casesRun++;
            const res = await t.app.inject({
              method: 'POST',
              url: '/api/message',
              payload: { session_id: own, message },
            });
            expectOurError(res);
          }
          const info = await t.app.inject({ method: 'GET', url: `/api/session/${own}` });
          expect(info.statusCode).toBe(200);
        },
      ),
      { numRuns: 25 },
    );
  });
});
