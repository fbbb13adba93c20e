import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ModelRateLimitedError, ModelUnavailableError } from '../../agents/model/errors.js';
import { PERSONAS } from '../../agents/personas.js';
import type { AgentName, Phase } from '../../agents/state.js';
import type { EventBus } from '../../cache/event-bus.js';
import type { ConversationService } from '../../sessions/conversation.js';
import { SessionBusyError, SessionNotFoundError } from '../../sessions/errors.js';
import { StoreUnavailableError } from '../../store/repository.js';
import { ErrorBody, MessageBody, messageResponse } from './sessions.js';

/**
 * `POST /api/message/stream`: the same turn as `/api/message`, answered as Server-Sent Events so
 * the page can show and speak the reply while it is written.
 *
 *   agent    {agent, name, avatar, phase, restart?}  an agent starts speaking; `restart: true` means
 *            "drop the text streamed for this agent so far, it is being said again"
 *   token    {text}                                   the next piece of the current agent's reply
 *   progress {step, message}                          a build step (from the generation job)
 *   game     {ready, game_id, game_title, game_type, url}   the game, as `game_data`
 *   error    {error, message}                         the turn failed (the message was kept)
 *   done     the full `/api/message` response; its `turns` are the authoritative text
 *
 * The stream opens with the first event, so anything that fails before the turn starts (unknown
 * session 404, busy 409, bad input 400/413) is plain JSON exactly like `/api/message`. A client
 * that disconnects cancels the run.
 */

export interface StreamRoutesOptions {
  conversation: ConversationService;
  maxMessageChars: number;
  /** Generation progress is published here by the job that builds the game (any instance). */
  bus?: EventBus;
  /** Comment lines that keep proxies from closing a quiet stream. */
  heartbeatMs?: number;
}

const PROGRESS_WORDS: Record<string, string> = {
  queued: 'Getting ready to build…',
  building: 'Building your game…',
  checking: 'Checking that your game works…',
  ready: 'Your game is ready!',
  retrying: 'Trying that again…',
};

/** What a failed turn says in the stream: a code and words for the child's grown-up. */
function streamError(e: unknown): { error: string; message: string } {
  if (e instanceof SessionBusyError) {
    return {
      error: 'session_busy',
      message: 'Still thinking about your last message. Try again in a moment.',
    };
  }
  if (e instanceof SessionNotFoundError) {
    return { error: 'session_not_found', message: 'That session was not found or has expired.' };
  }
  if (e instanceof ModelRateLimitedError) {
    return {
      error: 'rate_limited',
      message: 'Lots of children are making games. Try again soon.',
    };
  }
  if (e instanceof ModelUnavailableError) {
    return { error: 'model_unavailable', message: 'Our storyteller is resting. Try again soon.' };
  }
  if (e instanceof StoreUnavailableError) {
    return {
      error: 'service_unavailable',
      message: 'We are having a little trouble. Please try again soon.',
    };
  }
  return { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' };
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
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
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
    send(event: string, data: unknown) {
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
      const agentEvent = (a: { agent: AgentName; phase: Phase }, restart = false) => ({
        agent: a.agent,
        name: PERSONAS[a.agent].name,
        avatar: PERSONAS[a.agent].avatar,
        phase: a.phase,
        ...(restart ? { restart: true } : {}),
      });
      const unsubscribe = opts.bus?.subscribe(`session:${sessionId}`, (event) => {
        const e = event as { type?: unknown; stage?: unknown };
        if (!sse.open || e.type !== 'progress' || typeof e.stage !== 'string') return;
        sse.send('progress', { step: e.stage, message: PROGRESS_WORDS[e.stage] ?? 'Working on it…' });
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
          if (body.error === 'internal_error') req.log.error({ err: e }, 'stream turn failed');
          sse.send('error', body);
        }
      } finally {
        unsubscribe?.();
        sse.end();
      }
      return reply;
    },
  );
}
