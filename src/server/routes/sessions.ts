import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { chipsFor } from '../../agents/choices.js';
import { initialState, openQuestion } from '../../agents/state.js';
import { gameRef } from '../../contract/game-ref.js';
import {
  DeleteResponse,
  ErrorBody,
  MessageBody,
  MessageResponse,
  SessionParams,
  SessionResponse,
  StartBody,
  StartResponse,
} from '../../contract/schemas.js';
import type { ConversationService, TurnOutcome } from '../../sessions/conversation.js';
import { GameNotFoundError } from '../../sessions/errors.js';
import { sendGamePage } from './game-page.js';

/** The v1 API: same paths and field names, so the v1 front end and users' scripts keep working. */

export interface SessionRoutesOptions {
  conversation: ConversationService;
  maxMessageChars: number;
}

/** The `/api/message` response body; the stream's `done` event carries the same. */
export function messageResponse(out: TurnOutcome) {
  return {
    success: true as const,
    message: out.message,
    phase: out.phase,
    agent: out.agent,
    is_complete: out.isComplete,
    game_data: out.game,
    turns: out.turns,
    chips: out.chips,
    asked: out.asked,
  };
}

export async function sessionRoutes(app: FastifyInstance, opts: SessionRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { conversation } = opts;
  // A session's answers carry its state (the book, the phase, the game): no cache may keep one.
  // This plugin is encapsulated, so the hook covers these routes only.
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  r.post(
    '/api/start_session',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Start a conversation; the Story Analyst asks for the book',
        body: StartBody,
        response: { 200: StartResponse, 503: ErrorBody },
      },
    },
    async (req) => {
      const s = await conversation.start({ userId: req.body?.user_id });
      return {
        success: true as const,
        session_id: s.sessionId,
        message: s.message,
        phase: s.phase,
        // A new session's first question is always the book: its chips follow from a fresh state.
        chips: chipsFor(initialState()),
        asked: openQuestion(initialState()),
      };
    },
  );

  r.post(
    '/api/message',
    {
      schema: {
        tags: ['sessions'],
        summary: "Send the child's message; the agents answer",
        body: MessageBody(opts.maxMessageChars),
        response: {
          200: MessageResponse,
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req) => messageResponse(await conversation.send(req.body.session_id, req.body.message)),
  );

  r.get(
    '/api/session/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: "A session's phase and book",
        params: SessionParams,
        response: { 200: SessionResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const { session: s, messageCount, latestGame: game } = await conversation.view(req.params.id);
      const book = s.state.book;
      return {
        success: true as const,
        session_id: s.id,
        phase: s.phase,
        book_info: book ? { title: book.title, ...(book.author ? { author: book.author } : {}) } : null,
        // The whole transcript, the greeting included (v1 counted every stored message).
        conversation_count: messageCount,
        game_data: game ? gameRef(game) : null,
        chips: chipsFor(s.state),
        asked: openQuestion(s.state),
      };
    },
  );

  r.delete(
    '/api/session/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Forget a session: its conversation and its games are deleted for good',
        params: SessionParams,
        response: { 200: DeleteResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      await conversation.forget(req.params.id);
      return { success: true as const, deleted: true as const };
    },
  );

  r.get(
    '/api/game/:id',
    {
      schema: {
        tags: ['games'],
        summary: "The play page of a session's newest game (v1: by session id)",
        // No response schema: the 200 is HTML, and errors go through the shared error handler.
        params: SessionParams,
      },
    },
    async (req, reply) => {
      const game = await conversation.latestGame(req.params.id);
      if (!game) throw new GameNotFoundError(req.params.id);
      return sendGamePage(reply, game.spec);
    },
  );
}
