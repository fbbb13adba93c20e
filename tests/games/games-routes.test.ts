import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { GAME_PAGE_CSP } from '../../src/games/page.js';
import { GAME_TYPES, GameSpecSchema } from '../../src/games/spec.js';
import { gamesRoutes } from '../../src/server/routes/games.js';
import { createMemoryRepository } from '../support/memory-repository.js';

/** The games routes over HTTP (inject), on an in-memory store. */

let app: FastifyInstance;
const repo = createMemoryRepository();

beforeAll(async () => {
  app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(gamesRoutes, {
    repo,
    runtimeSource: async () => 'window.__RUNTIME__ = "</script>";',
  });
  await app.ready();
});

afterAll(() => app.close());

describe('games routes', () => {
  it('GET /api/game-types lists every type with a valid example', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/game-types' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { type: string; description: string; suits: string[]; example: unknown }[];
    expect(body.map((e) => e.type)).toEqual([...GAME_TYPES]);
    for (const e of body) {
      expect(e.description.length).toBeGreaterThan(10);
      expect(e.suits.length).toBeGreaterThan(0);
      expect(GameSpecSchema.safeParse(e.example).success).toBe(true);
    }
  });

  it('POST /api/games stores a valid spec and serves its page with the CSP', async () => {
    const spec = catalogueEntry('maze').example;
    const res = await app.inject({ method: 'POST', url: '/api/games', payload: spec });
    expect(res.statusCode).toBe(201);
    const { success, game_id, url } = res.json() as { success: boolean; game_id: string; url: string };
    expect(success).toBe(true);
    expect(url).toBe(`/api/games/${game_id}`);

    const page = await app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(GAME_PAGE_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<script src="/runtime/game.js"></script>');
    expect(page.body).toContain('"title":"The Gruffalo Forest"');
  });

  it('POST /api/games plays a spec before storing it: tuned to two minutes, the outcome recorded, a forged record ignored', async () => {
    // The runner example as written is over in about half a minute for a child.
    const spec = catalogueEntry('runner').example;
    const forged = {
      ok: true,
      attempts: 1,
      seeds: [9],
      perfectMs: 1,
      childMs: 1,
      childLivesLost: 0,
      changes: [],
      reasons: [],
    };
    const res = await app.inject({
      method: 'POST',
      url: '/api/games',
      payload: { ...spec, playtest: forged },
    });
    expect(res.statusCode).toBe(201);
    const stored = await repo.getGame((res.json() as { game_id: string }).game_id);
    const record = stored?.spec.playtest;
    expect(record?.ok).toBe(true);
    expect(record?.attempts).toBeGreaterThan(1);
    expect(record?.changes.length).toBeGreaterThan(0);
    expect(record?.childMs).toBeGreaterThanOrEqual(120_000);
    expect(record?.childMs).toBeLessThanOrEqual(360_000);
    // Only numbers moved: the creator's words and choices are theirs.
    expect(stored?.spec.title).toBe(spec.title);
    expect(stored?.spec.hero).toEqual(spec.hero);
    expect(stored?.spec.lines).toEqual(spec.lines);
  });

  it('POST /api/games?tune=false keeps the numbers as written and still records how the bots did', async () => {
    const spec = catalogueEntry('runner').example;
    const res = await app.inject({ method: 'POST', url: '/api/games?tune=false', payload: spec });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { game_id: string; playtest: { ok: boolean; reasons: string[] } };
    expect(body.playtest.ok).toBe(false);
    expect(body.playtest.reasons.join(' ')).toMatch(/too short|ran out of lives/);
    const stored = await repo.getGame(body.game_id);
    const { playtest: _, ...asWritten } = stored?.spec ?? {};
    expect(asWritten).toEqual(spec);
  });

  it('POST /api/games answers 422 with the issues for a bad spec', async () => {
    const bad = { ...catalogueEntry('maze').example, type: 'top down', title: 'x'.repeat(500) };
    const res = await app.inject({ method: 'POST', url: '/api/games', payload: bad });
    expect(res.statusCode).toBe(422);
    const body = res.json() as {
      success: boolean;
      error: string;
      message: string;
      issues: { path: string }[];
    };
    expect(body).toMatchObject({ success: false, error: 'invalid_game_spec' });
    expect(body.issues.map((i) => i.path).sort()).toEqual(['title', 'type']);
    const empty = await app.inject({
      method: 'POST',
      url: '/api/games',
      payload: 'null',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(422);
  });

  it('GET an unknown game answers 404 JSON', async () => {
    for (const url of ['/api/games/nope', '/api/games/nope/download']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ success: false, error: 'game_not_found' });
    }
  });

  it('GET /api/games/:id/download is an attachment with the runtime inlined', async () => {
    const spec = { ...catalogueEntry('runner').example, title: `Max's "Crown" </script>` };
    const created = await app.inject({ method: 'POST', url: '/api/games', payload: spec });
    const { url } = created.json() as { url: string };
    const res = await app.inject({ method: 'GET', url: `${url}/download` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="max-s-crown-script.html"');
    expect(res.body).toContain('<script>window.__RUNTIME__ = "<\\/script>";</script>');
    expect(res.body).toContain('http-equiv="Content-Security-Policy"');
  });
});
