import { randomUUID } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Brain } from '../agents/brain.js';
import { buildAgentGraph } from '../agents/graph.js';
import { RateLimitedError } from '../cache/rate-limit-store.js';
import type { SharedServices } from '../cache/shared-services.js';
import type { Config } from '../config.js';
import { GAME_PAGE_CSP, renderGamePage } from '../games/page.js';
import { createConversationService, newId } from '../sessions/conversation.js';
import type { Repository } from '../store/repository.js';
import { registerErrorHandling } from './errors.js';
import { allowEmptyJsonBodies } from './json-body.js';
import { createMetrics, type Metrics } from './metrics.js';
import { gamesRoutes } from './routes/games.js';
import { healthRoutes } from './routes/health.js';
import { sessionRoutes } from './routes/sessions.js';
import { streamRoutes } from './routes/stream.js';
import { readRuntimeSource, staticAssets } from './static-assets.js';

export interface AppDeps {
  config: Config;
  repo: Repository;
  brain: Brain;
  storage: string;
  logger?: FastifyServerOptions['logger'];
  /**
   * Shared services (src/cache/shared-services.ts): the cross-instance session lock, rate-limit
   * store, event bus and their metrics. Absent in unit-style tests: in-process defaults apply.
   */
  shared?: Pick<SharedServices, 'lock' | 'rateLimitStore' | 'bus' | 'metrics'>;
  /** The app's metrics, when the brain was created before the app and reports into them. */
  metrics?: Metrics;
}

export const RUNTIME_URL = '/runtime/game.js';

/** Logs never carry secrets or a child's words: bodies are not logged, and these paths are redacted. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'body.message'];

export async function buildApp(deps: AppDeps) {
  const { config, repo, brain } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel, redact: LOG_REDACT },
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A message is at most a few thousand characters; anything bigger is refused before parsing.
    bodyLimit: 256 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  allowEmptyJsonBodies(app);
  registerErrorHandling(app);

  const metrics = deps.metrics ?? createMetrics();
  const graph = buildAgentGraph(brain);
  const conversation = createConversationService({
    repo,
    graph,
    sessionTtlMs: config.sessionTtlMs,
    onTurn: ({ phase, agent, ms }) => {
      metrics.messages.inc({ phase, agent });
      metrics.messageSeconds.observe(ms / 1000);
    },
    onGame: (game) => metrics.games.inc({ type: game.type }),
    ...(deps.shared ? { lock: deps.shared.lock } : {}),
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Tie log lines to the session without logging what the child said.
  app.addHook('preHandler', async (req, reply) => {
    const body = req.body as { session_id?: unknown } | null | undefined;
    const params = req.params as { id?: unknown } | undefined;
    // v1 routes name the session in the body, or as :id under /api/session and /api/game.
    const fromPath = /^\/api\/(session|game)\//.test(req.url) ? params?.id : undefined;
    const sessionId = body?.session_id ?? fromPath;
    if (typeof sessionId !== 'string') return;
    // reply.log writes the "request completed" line, so it gets the session id too.
    req.log = req.log.child({ session_id: sessionId });
    reply.log = req.log;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.httpSeconds.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 400) metrics.errors.inc({ code: String(reply.statusCode) });
    if (route === '/api/start_session' && reply.statusCode === 200) metrics.sessionsStarted.inc();
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  for (const m of deps.shared?.metrics ?? []) metrics.registry.registerMetric(m);
  if (config.rateLimit.max > 0) {
    // Per client IP (behind a proxy with TRUST_PROXY), counted in Redis across instances when set.
    await app.register(fastifyRateLimit, {
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      ...(deps.shared ? { store: deps.shared.rateLimitStore } : {}),
      allowList: (req) =>
        !req.url.startsWith('/api/') || req.url.startsWith('/api/health') || req.url.startsWith('/api/ready'),
      errorResponseBuilder: (_req, ctx) => new RateLimitedError(ctx.ttl),
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'The Game Maker API',
        description: 'A child tells three AI agents about a book; together they make a game from it.',
        version: config.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const gamePageHeaders = { 'content-security-policy': GAME_PAGE_CSP };
  await app.register(sessionRoutes, {
    conversation,
    maxMessageChars: config.maxMessageChars,
    renderGame: (spec) => renderGamePage(spec, { runtimeUrl: RUNTIME_URL }),
    gamePageHeaders,
  });
  await app.register(streamRoutes, {
    conversation,
    maxMessageChars: config.maxMessageChars,
    ...(deps.shared ? { bus: deps.shared.bus } : {}),
  });
  await app.register(gamesRoutes, { repo, runtimeSource: readRuntimeSource, newId });
  await app.register(healthRoutes, {
    repo,
    metrics,
    version: config.version,
    brain: brain.name,
    storage: deps.storage,
  });
  await app.register(staticAssets);
  return app;
}
