import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../src/agents/state.js';
import { buildReport, DAYS, windowStart } from '../../src/analytics/report.js';
import type { AnalyticsReport } from '../../src/contract/analytics-report.js';
import { CATALOGUE } from '../../src/games/catalogue.js';
import { GAME_TYPES } from '../../src/games/spec.js';
import type { UsageFigures } from '../../src/store/repository.js';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type ChildScript, childAnswer, SCRIPTS } from '../support/child.js';
import { createMemoryRepository } from '../support/memory-repository.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';

/**
 * GET /api/analytics: aggregates only, behind the admin token. The figures are checked exactly
 * after real conversations through the API, on PGlite and (under tests/support/with-postgres.ts)
 * on PostgreSQL, in a database of this file's own so other suites' sessions do not count.
 */

const TOKEN = 'analytics-token-for-tests-0123456789';

/**
 * An app over a store of its own: PGlite in a fresh DATA_DIR, or under with-postgres.ts a fresh
 * database on that server (the API suite's shared one holds other files' sessions).
 */
async function isolatedApp(env: Record<string, string>): Promise<TestApp & { db?: FreshDatabase }> {
  const db = process.env.TEST_DATABASE_URL ? await createFreshDatabase() : undefined;
  const app = await startTestApp({ env, ...(db ? { databaseUrl: db.url } : {}) });
  const closeApp = app.close.bind(app);
  return Object.assign(app, {
    db,
    async close() {
      await closeApp();
      await db?.drop();
    },
  });
}

let t: TestApp & { db?: FreshDatabase };
beforeAll(async () => {
  t = await isolatedApp({ ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await t?.close();
});

const get = (headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/api/analytics', headers });
const authed = () => get({ authorization: `Bearer ${TOKEN}` });

/** Everything the scripted children said, to prove none of it comes back. */
const said: string[] = [];

async function post(url: string, body: object) {
  const res = await t.app.inject({ method: 'POST', url, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Talks until `until` (or the game) and returns the session, the child's message count and the game. */
async function converse(script: ChildScript, until: Phase = 'complete') {
  const start = await post('/api/start_session', {});
  const id = start.session_id as string;
  let agentSaid = start.message as string;
  let phase = start.phase as Phase;
  let messages = 0;
  let game: { game_id: string; game_type: string } | null = null;
  while (phase !== until && messages < 25) {
    const message = childAnswer(script, phase, agentSaid);
    said.push(message);
    const res = await post('/api/message', { session_id: id, message });
    messages += 1;
    agentSaid = res.message;
    phase = res.phase;
    game = res.game_data;
  }
  expect(phase).toBe(until);
  return { id, messages, game };
}

describe('the admin token', () => {
  it('answers 401 unauthorized without a token, with a wrong one, or with another scheme', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
      { authorization: `Bearer ${TOKEN}extra` },
      { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await get(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthorized' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 200 with the token (the scheme in any case), never cached', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await get({ authorization: `${scheme} ${TOKEN}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ success: true });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('is documented in OpenAPI under operations', async () => {
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(docs.paths['/api/analytics'].get.tags).toEqual(['operations']);
  });

  it('answers 404 not_found when ADMIN_TOKEN is unset (analytics disabled), token or not', async () => {
    const off = await startTestApp();
    try {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
        const res = await off.app.inject({ method: 'GET', url: '/api/analytics', headers });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
      }
    } finally {
      await off.close();
    }
  });
});

describe('the figures, after real conversations', () => {
  const tacos = SCRIPTS.find((s) => s.book === 'dragons like tacos');
  const caterpillar = SCRIPTS.find((s) => s.book === 'the very hungry caterpiller');
  const greenEggs = SCRIPTS.find((s) => s.book.startsWith('green eggs'));

  it('counts sessions, games, phases, books, days and messages exactly, and nothing else', async () => {
    if (!tacos || !caterpillar || !greenEggs) throw new Error('scripts missing');
    // Under with-postgres.ts this really runs on PostgreSQL.
    expect(t.shared.storage).toBe(t.db ? 'postgres' : `pglite:${t.dataDir}`);
    const before = (await authed()).json() as AnalyticsReport;
    expect(before.total_sessions).toBe(0);
    expect(before.median_messages_to_game).toBeNull();

    const made = [await converse(tacos), await converse(caterpillar), await converse(tacos)];
    const discussing = await converse(greenEggs, 'discussing');
    // A game made outside a conversation counts as a game, but its free-text title is no book.
    const openSpec = CATALOGUE.find((c) => c.type === 'collector')?.example;
    if (!openSpec) throw new Error('no collector example');
    const openGame = await t.repo.saveGame({
      id: 'open-game-for-analytics',
      sessionId: null,
      spec: { ...openSpec, book: { ...openSpec.book, title: 'Open Game Title Nobody Read' } },
    });
    const justStarted = await post('/api/start_session', {});

    // Model use as a model brain records it in the session's state (offline sessions have none).
    for (const [id, usage] of [
      [discussing.id, { inputTokens: 1200, outputTokens: 345, calls: 3 }],
      [justStarted.session_id as string, { inputTokens: 80, outputTokens: 20, calls: 1 }],
    ] as const) {
      const s = await t.repo.getSession(id);
      if (!s) throw new Error('session missing');
      await t.repo.saveSession(id, { ...s.state, usage }, s.version, [], s.expiresAt);
    }

    const res = await authed();
    expect(res.statusCode).toBe(200);
    const body = res.json() as AnalyticsReport;

    const games = await Promise.all(
      made.map(async (m) => {
        const g = m.game ? await t.repo.getGame(m.game.game_id) : null;
        if (!g) throw new Error('no game was stored');
        return g;
      }),
    );
    const [tacosTitle, caterpillarTitle] = [games[0]?.bookTitle, games[1]?.bookTitle];
    // Titles from the knowledge base, not as the child spelt them.
    expect(tacosTitle).toBe('Dragons Love Tacos');
    expect(caterpillarTitle).toBe('The Very Hungry Caterpillar');
    expect(games[2]?.bookTitle).toBe(tacosTitle);

    const byType: Record<string, number> = Object.fromEntries(GAME_TYPES.map((g) => [g, 0]));
    for (const g of [...games, openGame]) byType[g.type] = (byType[g.type] ?? 0) + 1;
    const counts = made.map((m) => m.messages).sort((a, b) => a - b);

    expect(body.total_sessions).toBe(5);
    expect(body.total_games).toBe(4);
    expect(body.games_by_type).toEqual(byType);
    expect(body.games_by_type.collector).toBeGreaterThanOrEqual(1);
    expect(body.games_by_type.maze).toBeGreaterThanOrEqual(1);
    expect(body.popular_books).toEqual([
      { title: tacosTitle, games: 2 },
      { title: caterpillarTitle, games: 1 },
    ]);
    expect(body.sessions_by_phase).toEqual({
      identifying: 5,
      discussing: 4,
      designing: 3,
      generating: 3,
      complete: 3,
    });
    expect(body.median_messages_to_game).toBe(counts[1]);
    expect(body.model).toEqual({ calls: 4, input_tokens: 1280, output_tokens: 365 });

    expect(body.games_per_day).toHaveLength(DAYS);
    expect(body.games_per_day.at(-1)?.day).toBe(body.generated_at.slice(0, 10));
    expect(body.games_per_day[0]?.day).toBe(
      windowStart(new Date(body.generated_at)).toISOString().slice(0, 10),
    );
    const perDay = new Map<string, number>();
    for (const g of [...games, openGame]) {
      const day = g.createdAt.toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    for (const d of body.games_per_day) expect(d.games, d.day).toBe(perDay.get(d.day) ?? 0);
    expect(Math.abs(Date.parse(body.generated_at) - Date.now())).toBeLessThan(60_000);

    // Aggregates only: none of the child's words, no session or game id.
    const text = res.body;
    expect(said.length).toBeGreaterThan(20);
    for (const message of said) expect(text, message).not.toContain(message);
    for (const m of [...made, discussing]) expect(text).not.toContain(m.id);
    expect(text).not.toContain(justStarted.session_id);
    for (const g of [...games, openGame]) expect(text).not.toContain(g.id);
    expect(text).not.toContain('Open Game Title');
    expect(Object.keys(body).sort()).toEqual(
      [
        'success',
        'generated_at',
        'total_sessions',
        'total_games',
        'games_by_type',
        'popular_books',
        'sessions_by_phase',
        'median_messages_to_game',
        'games_per_day',
        'model',
      ].sort(),
    );
  });
});

describe('model use, from a model brain’s own accounting', () => {
  it('sums the calls and tokens the sessions recorded (fake Anthropic server)', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    const fake = await startFakeModelServer(scriptedAgent);
    const m = await isolatedApp({ ...anthropicEnv(fake), ADMIN_TOKEN: TOKEN });
    try {
      const start = (await m.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
      let { message, phase } = start as { message: string; phase: string };
      for (let i = 0; phase !== 'complete' && i < 20; i++) {
        const res = await m.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: start.session_id, message: childAnswer(script, phase, message) },
        });
        ({ message, phase } = res.json());
      }
      expect(phase).toBe('complete');
      const usage = (await m.repo.getSession(start.session_id))?.state.usage;
      expect(usage?.calls).toBe(fake.requests.length);
      expect(usage?.inputTokens).toBeGreaterThan(0);

      const body = (
        await m.app.inject({
          method: 'GET',
          url: '/api/analytics',
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json() as AnalyticsReport;
      expect(body.model).toEqual({
        calls: usage?.calls,
        input_tokens: usage?.inputTokens,
        output_tokens: usage?.outputTokens,
      });
      expect(body.total_games).toBe(1);
    } finally {
      await m.close();
      await fake.close();
    }
  });
});

describe('the report from the store’s figures (pure)', () => {
  const now = new Date('2025-03-10T15:00:00Z');
  const figures: UsageFigures = {
    totalSessions: 9,
    totalGames: 4,
    gamesByType: [
      { type: 'maze', games: 3 },
      { type: 'pinball', games: 1 },
    ],
    gamesByBook: Array.from({ length: 12 }, (_, i) => ({ title: `Book ${i}`, games: 12 - i })),
    sessionsByPhase: [
      { phase: 'complete', sessions: 2 },
      { phase: 'identifying', sessions: 4 },
      { phase: 'designing', sessions: 3 },
    ],
    medianChildMessagesToGame: 8.5,
    gamesPerDay: [
      { day: '2025-02-09', games: 1 },
      { day: '2025-03-10', games: 3 },
    ],
    model: { calls: 2, inputTokens: 10, outputTokens: 5 },
  };

  it('makes the phases cumulative, fills the 30 days and keeps unknown types', () => {
    const r = buildReport(figures, now);
    expect(r.sessions_by_phase).toEqual({
      identifying: 9,
      discussing: 5,
      designing: 5,
      generating: 2,
      complete: 2,
    });
    expect(r.games_per_day).toHaveLength(30);
    expect(r.games_per_day[0]).toEqual({ day: '2025-02-09', games: 1 });
    expect(r.games_per_day[29]).toEqual({ day: '2025-03-10', games: 3 });
    expect(r.games_per_day.reduce((n, d) => n + d.games, 0)).toBe(4);
    expect(r.games_by_type).toMatchObject({ maze: 3, pinball: 1, platformer: 0 });
    expect(r.popular_books).toHaveLength(10);
    expect(r.median_messages_to_game).toBe(8.5);
    expect(r.generated_at).toBe(now.toISOString());
    expect(windowStart(now).toISOString()).toBe('2025-02-09T00:00:00.000Z');
  });

  it('agrees with the in-memory test double', async () => {
    const repo = createMemoryRepository();
    const base = { book: null, bookConfirmed: false, analysis: null, design: null, spec: null };
    const state = (phase: Phase) => ({
      ...base,
      phase,
      gameId: null,
      turnsInPhase: 0,
      notes: {},
      recent: [],
    });
    await repo.createSession('a', state('complete'), null);
    await repo.createSession('b', state('discussing'), null);
    await repo.appendMessages('a', [
      { role: 'agent', agent: 'story_analyst', content: 'hi' },
      { role: 'child', agent: null, content: 'one' },
      { role: 'child', agent: null, content: 'two' },
    ]);
    const example = CATALOGUE[0]?.example;
    if (!example) throw new Error('no example spec');
    await repo.saveGame({ id: 'g1', sessionId: 'a', spec: example });
    // After the first game: neither this message nor a remix counts towards "messages to a game".
    await new Promise((r) => setTimeout(r, 5));
    await repo.appendMessages('a', [{ role: 'child', agent: null, content: 'three' }]);
    await repo.saveGame({ id: 'g2', sessionId: 'a', spec: example });
    const f = await repo.usageFigures({ since: windowStart(new Date()), topBooks: 10 });
    expect(f).toMatchObject({
      totalSessions: 2,
      totalGames: 2,
      gamesByType: [{ type: example.type, games: 2 }],
      gamesByBook: [{ title: example.book.title, games: 2 }],
      medianChildMessagesToGame: 2,
      model: { calls: 0, inputTokens: 0, outputTokens: 0 },
    });
    expect(buildReport(f, new Date()).sessions_by_phase).toMatchObject({
      identifying: 2,
      discussing: 2,
      complete: 1,
    });
  });
});
