import { randomUUID } from 'node:crypto';
import fastifyCors from '@fastify/cors';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Services } from '../bootstrap.js';
import { statusOf } from '../contract/errors.js';
import { LOG_SERIALIZERS } from '../observability/log-safety.js';
import { registerErrorHandling, sendError } from './errors.js';
import { allowEmptyJsonBodies } from './json-body.js';
import { rateLimitsPlugin } from './plugins/rate-limits.js';
import { analyticsRoutes } from './routes/analytics.js';
import { booksRoutes } from './routes/books.js';
import { gamesRoutes } from './routes/games.js';
import { graphRoutes } from './routes/graph.js';
import { healthRoutes, type Lifecycle } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { sessionRoutes } from './routes/sessions.js';
import { streamRoutes } from './routes/stream.js';
import { readRuntimeSource, staticAssets } from './static-assets.js';

/** Logs never carry secrets or a child's words: bodies are not logged, and these paths are redacted. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'body.message'];

/** TRUST_PROXY's hop count as the function Fastify's typings accept (proxy-addr's own rule). */
function trustProxyOption(trust: number | string[] | false) {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** Whoever configures the logger (main, a test, a bench), the redaction and error serializers apply. */
function safeLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const given = logger === true ? {} : logger;
  return { ...given, redact: LOG_REDACT, serializers: { ...given.serializers, ...LOG_SERIALIZERS } };
}

/** The HTTP face of the services: thin routes over the conversation service and the store. */
export async function buildApp(
  services: Services,
  opts: {
    logger?: FastifyServerOptions['logger'];
    /** GET /api/ready says `starting` until `app.markReady()` (main.ts warms the instance first). */
    startNotReady?: boolean;
  } = {},
) {
  const { config, repo, metrics, conversation } = services;
  const app = Fastify({
    logger: safeLogger(opts.logger ?? { level: config.logLevel }),
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A message is at most a few thousand characters; anything bigger is refused before parsing.
    bodyLimit: 256 * 1024,
    // A request must arrive whole within this (a body dribbled a byte at a time is cut off with
    // 408). Streams are answers, not requests: unaffected.
    requestTimeout: config.requestTimeoutMs,
    // A child's tablet sends a message every few seconds to a minute. Node's default (5 s) closed
    // its connection between messages, so nearly every message paid a new TCP connection and HTTP
    // parser on both sides. Longer than the 60 s idle timeout load balancers commonly use, so the
    // balancer, not the app, closes an idle upstream connection (closing it first races the
    // balancer's next request on it).
    keepAliveTimeout: 65_000,
    // Node's server options; Fastify applies the two timeouts above to the server it creates (it
    // ignores them on a server made by a serverFactory, as this app once had). Node checks request
    // timeouts every 30 s by default: a slow body would be cut off that late.
    http: { connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs) },
    // During shutdown Fastify answers 503 itself; ours (below) answers first, in JSON.
    return503OnClosing: true,
    // Errors the router raises before any route (a malformed or over-long URL) bypass the error
    // handler: answer them in the same JSON shape.
    frameworkErrors: (_err, _req, reply) => sendError(reply, 'bad_request'),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  allowEmptyJsonBodies(app);
  registerErrorHandling(app);

  let draining = false;
  let lifecycle: Lifecycle = opts.startNotReady ? 'starting' : 'ready';
  app.decorate('drain', () => {
    draining = true;
    lifecycle = 'draining';
  });
  app.decorate('markReady', () => {
    if (lifecycle === 'starting') lifecycle = 'ready';
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Shutting down: a new request is answered at once, so a load balancer retries elsewhere,
    // instead of finding its connection reset when the listener closes. Readiness still answers
    // for itself (503 `draining`), so the balancer's health check says why.
    if (draining && !(req.method === 'GET' && req.url === '/api/ready')) {
      reply.header('retry-after', '2').header('connection', 'close');
      return sendError(reply, 'shutting_down');
    }
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
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // Errors by our error code, as sendError recorded it on the reply.
    if (reply.errorCode) metrics.errors.inc({ error_type: reply.errorCode });
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.httpSeconds.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route === '/api/start_session' && reply.statusCode === 200) metrics.sessions.inc();
  });

  // Browsers on other origins only where CORS_ORIGINS names them; the page itself is same-origin.
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: config.corsOrigins, methods: ['GET', 'POST', 'DELETE'] });
  }

  if (config.rateLimit.max > 0) {
    await app.register(rateLimitsPlugin, {
      max: config.rateLimit.max,
      windowMs: config.rateLimit.windowMs,
      store: services.rateLimitStore,
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

  await app.register(sessionRoutes, { conversation, maxMessageChars: config.maxMessageChars });
  await app.register(streamRoutes, {
    conversation,
    maxMessageChars: config.maxMessageChars,
    onError: (code) => {
      metrics.errors.inc({ error_type: code });
      // A turn that failed on our side after its 200: the error-rate alerts count it with the 5xx.
      if (statusOf(code) >= 500) metrics.failedStreamTurns.inc({ error_type: code });
    },
  });
  await app.register(gamesRoutes, {
    repo,
    playtester: services.playtester,
    runtimeSource: readRuntimeSource,
    openGameTtlMs: config.gameTtlMs,
  });
  await app.register(graphRoutes, { graph: services.graph });
  await app.register(booksRoutes, { knowledge: services.bookSearch.knowledge });
  // On METRICS_PORT instead when set (main.ts serves it there, off the public port).
  if (config.metrics.port === undefined) {
    await app.register(metricsRoutes, { metrics, token: config.metrics.token });
  }
  await app.register(healthRoutes, {
    repo,
    metrics,
    version: config.version,
    service: config.tracing.serviceName,
    brain: services.brain.name,
    model: config.llm.provider === 'offline' ? 'offline' : `${config.llm.provider}:${config.llm.model}`,
    storage: services.storage,
    lifecycle: () => lifecycle,
  });
  await app.register(analyticsRoutes, { repo, adminToken: config.adminToken });
  await app.register(staticAssets);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on, answer every new request 503 `shutting_down` (in-flight ones finish). */
    drain(): void;
    /** The instance is warm: GET /api/ready may answer 200 (see `startNotReady`). */
    markReady(): void;
  }
}
