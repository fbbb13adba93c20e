import fastifyCors from '@fastify/cors';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Services } from '../bootstrap.js';
import { statusOf } from '../contract/errors.js';
import { LOG_SERIALIZERS } from '../observability/log-safety.js';
import { registerErrorHandling, sendError } from './errors.js';
import { allowEmptyJsonBodies, refuseTextBodies } from './json-body.js';
import { requestLogFields } from './log-request.js';
import { answerClientError } from './plugins/client-errors.js';
import { capConnections } from './plugins/connection-cap.js';
import { errorMetricsPlugin } from './plugins/error-metrics.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import { rateLimitsPlugin } from './plugins/rate-limits.js';
import { requestIdOf, requestIdPlugin } from './plugins/request-id.js';
import { requestMetricsPlugin } from './plugins/request-metrics.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { sessionLogPlugin } from './plugins/session-log.js';
import { analyticsRoutes } from './routes/analytics.js';
import { booksRoutes } from './routes/books.js';
import { gamesRoutes } from './routes/games.js';
import { graphRoutes } from './routes/graph.js';
import { healthRoutes } from './routes/health.js';
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
  return {
    ...given,
    redact: LOG_REDACT,
    serializers: { ...given.serializers, ...LOG_SERIALIZERS, req: requestLogFields },
  };
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
  const { config, metrics } = services;
  const app = Fastify({
    logger: safeLogger(opts.logger ?? { level: config.logLevel }),
    trustProxy: trustProxyOption(config.trustProxy),
    // The client's X-Request-Id only when it looks like an id (plugins/request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
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
    // Headers must arrive within 10 s (Node allows 60): a connection that sends nothing is not
    // kept a minute.
    http: {
      connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs),
      headersTimeout: Math.min(10_000, config.requestTimeoutMs),
    },
    // During shutdown Fastify answers 503 itself; ours (below) answers first, in JSON.
    return503OnClosing: true,
    // Errors the router raises before any route (a malformed or over-long URL) bypass the error
    // handler: answer them in the same JSON shape.
    frameworkErrors: (_err, _req, reply) => sendError(reply, 'bad_request'),
    // And what Node's HTTP parser refuses before Fastify sees a request (400, 431).
    clientErrorHandler: answerClientError,
  });
  capConnections(app.server, config.maxConnections);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  allowEmptyJsonBodies(app);
  refuseTextBodies(app);
  registerErrorHandling(app);

  // Each group of hooks is a plugin of its own (plugins/), registered before the routes it covers.
  await app.register(requestIdPlugin);
  await app.register(lifecyclePlugin, { startNotReady: opts.startNotReady });
  await app.register(securityHeadersPlugin);
  await app.register(sessionLogPlugin);
  await app.register(errorMetricsPlugin, { metrics });
  await app.register(requestMetricsPlugin, { metrics });

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

  await registerRoutes(app, services);
  return app;
}

/** The API's documentation, its routes and the built pages, each a plugin of its own. */
async function registerRoutes(app: FastifyInstance, services: Services) {
  const { config, repo, metrics, conversation } = services;
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
    lifecycle: () => app.lifecycle(),
  });
  await app.register(analyticsRoutes, { repo, adminToken: config.adminToken });
  await app.register(staticAssets);
}
