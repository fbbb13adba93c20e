import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { GameSpec } from '../../src/games/spec.js';
import { gamesRoutes } from '../../src/server/routes/games.js';
import { createMemoryRepository } from './memory-repository.js';
import { ensureRuntimeBuilt } from './runtime-build.js';

/**
 * A small Fastify with the games routes over an in-memory store, serving the built runtime at
 * /runtime/game.js as the app does, on a random loopback port.
 */
export interface GameServer {
  app: FastifyInstance;
  url: string;
  /** Stores a spec through POST /api/games; returns the play page URL. */
  create(spec: GameSpec): Promise<{ id: string; url: string }>;
  close(): Promise<void>;
}

export async function startGameServer(): Promise<GameServer> {
  const runtime = await ensureRuntimeBuilt();
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.get('/runtime/game.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('x-content-type-options', 'nosniff').send(runtime),
  );
  // A parent page like the app's, to play a game inside <iframe sandbox="allow-scripts">.
  app.get('/parent/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>parent</title></head><body style="margin:0">` +
          `<iframe id="game" sandbox="allow-scripts" src="/api/games/${encodeURIComponent(id)}" style="width:800px;height:600px;border:0"></iframe></body></html>`,
      );
  });
  await app.register(gamesRoutes, {
    repo: createMemoryRepository(),
    runtimeSource: async () => runtime,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url: address,
    async create(spec) {
      // As written: these tests set lives, goals and counts on purpose (the bots only report).
      const res = await fetch(`${address}/api/games?tune=false`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      const body = (await res.json()) as { success: boolean; game_id: string; url: string; message?: string };
      if (res.status !== 201) throw new Error(`POST /api/games answered ${res.status}: ${body.message}`);
      return { id: body.game_id, url: `${address}${body.url}` };
    },
    close: () => app.close(),
  };
}
