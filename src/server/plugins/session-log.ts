import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Routes that name the session as `:id` in their path (the others name it in the body). */
const SESSION_IN_PATH: ReadonlySet<string> = new Set(['/api/session/:id', '/api/game/:id']);

/** Ties a request's log lines to its session, without logging what the child said. */
async function sessionLog(app: FastifyInstance) {
  app.addHook('preHandler', async (req, reply) => {
    const body = req.body as { session_id?: unknown } | null | undefined;
    const params = req.params as { id?: unknown } | undefined;
    const fromPath = SESSION_IN_PATH.has(req.routeOptions.url ?? '') ? params?.id : undefined;
    const sessionId = body?.session_id ?? fromPath;
    if (typeof sessionId !== 'string') return;
    // reply.log writes the "request completed" line, so it gets the session id too.
    req.log = req.log.child({ session_id: sessionId });
    reply.log = req.log;
  });
}

export const sessionLogPlugin = fp(sessionLog, { name: 'gm-session-log' });
