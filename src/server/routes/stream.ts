import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AgentName, Phase } from '../../agents/state.js';
import { errorBody } from '../../contract/errors.js';
import type { AgentEvent, ErrorEvent, StreamEventName } from '../../contract/events.js';
import { PERSONAS } from '../../contract/personas.js';
import { ErrorBody, MessageBody } from '../../contract/schemas.js';
import type { ConversationService } from '../../sessions/conversation.js';
import { errorCodeOf } from '../error-codes.js';
import { messageResponse } from './sessions.js';

/**
 * `POST /api/message/stream`: the same turn as `/api/message`, answered as Server-Sent Events so
 * the page can show and speak the reply while it is written.
 *
 * The events and their order are defined in src/contract/events.ts.
 *
 * The stream opens with the first event, so anything that fails before the turn starts (unknown
 * session 404, busy 409, bad input 400/413) is plain JSON exactly like `/api/message`. A client
 * that disconnects cancels the run.
 */

export interface StreamRoutesOptions {
  conversation: ConversationService;
  maxMessageChars: number;
  /** Comment lines that keep proxies from closing a quiet stream. */
  heartbeatMs?: number;
  /** Errors sent inside a stream (after the 200), for the error metrics. */
  onError?: (code: string) => void;
}

/** What a failed turn says in the stream: the contract's code and words for the child's grown-up. */
function streamError(e: unknown): ErrorEvent {
  const { error, message, action } = errorBody(errorCodeOf(e) ?? 'internal_error');
  return { error, message, ...(action ? { action } : {}) };
}

/** The SSE side of one response; the HTTP response is taken over only when the first event is sent. */
function sseWriter(req: FastifyRequest, reply: FastifyReply, heartbeatMs: number) {
  let open = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const res = reply.raw;
  const start = () => {
    open = true;
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      // Like every answer about a session: never kept by a cache; never rewritten by a proxy.
      'cache-control': 'no-store, no-transform',
      // A client that asked to close after this response gets that; others keep their connection.
      connection: /\bclose\b/i.test(String(req.headers.connection ?? '')) ? 'close' : 'keep-alive',
      // Tells nginx-style proxies not to buffer: tokens must reach the child as they are written.
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'x-request-id': req.id,
    });
    heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, heartbeatMs);
    heartbeat.unref();
  };
  return {
    get open() {
      return open;
    },
    send(event: StreamEventName, data: unknown) {
      if (!open) start();
      if (res.writableEnded || res.destroyed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      clearInterval(heartbeat);
      if (open && !res.writableEnded) res.end();
    },
  };
}

export async function streamRoutes(app: FastifyInstance, opts: StreamRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  // The JSON answers before a stream opens (404, 409 ...) are about a session too.
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  r.post(
    '/api/message/stream',
    {
      schema: {
        tags: ['sessions'],
        summary: "Send the child's message; the agents answer as Server-Sent Events",
        description:
          'Events: agent, token, progress, game, error, done (the /api/message response). Errors before the ' +
          'stream starts are JSON, as for /api/message.',
        body: MessageBody(opts.maxMessageChars),
        response: {
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          429: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { session_id: sessionId, message } = req.body;
      const sse = sseWriter(req, reply, heartbeatMs);
      const cancel = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) cancel.abort(new Error('the client disconnected'));
      });
      let speaking: { agent: AgentName; phase: Phase } | null = null;
      const agentEvent = (a: { agent: AgentName; phase: Phase }, restart = false): AgentEvent => ({
        agent: a.agent,
        name: PERSONAS[a.agent].name,
        avatar: PERSONAS[a.agent].avatar,
        phase: a.phase,
        ...(restart ? { restart: true } : {}),
      });
      try {
        const out = await opts.conversation.send(sessionId, message, cancel.signal, {
          onAgent: (a) => {
            speaking = a;
            sse.send('agent', agentEvent(a));
          },
          onToken: (text) => sse.send('token', { text }),
          onEvent: (e) => {
            if (e.type === 'restart' && speaking) sse.send('agent', agentEvent(speaking, true));
            if (e.type === 'progress') sse.send('progress', { step: e.step, message: e.message });
          },
        });
        if (out.game) sse.send('game', out.game);
        sse.send('done', messageResponse(out));
      } catch (e) {
        // Nothing sent yet: the shared error handler answers with JSON and the right status.
        if (!sse.open) throw e;
        if (!cancel.signal.aborted) {
          const body = streamError(e);
          opts.onError?.(body.error);
          if (body.error === 'internal_error') {
            req.log.error({ err: e }, 'stream turn failed');
          }
          sse.send('error', body);
        }
      } finally {
        sse.end();
      }
      return reply;
    },
  );
}
