import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * A client's `X-Request-Id` is kept only when it looks like an id: a proxy's or a tracer's
 * (UUIDs, hex, base64url, dotted or colon-separated). Anything else (15 KB of text, a child's
 * words, control characters) would be copied into every log line and echoed back: a new id then.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`: the client's id when it is one, else a fresh UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Every answer says which request it was, so a report from a family can be found in the logs. */
async function requestId(app: FastifyInstance) {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
}

export const requestIdPlugin = fp(requestId, { name: 'gm-request-id' });
