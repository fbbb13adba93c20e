import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AGENTS, PHASES } from '../../agents/state.js';
import type { GameSpec } from '../../games/spec.js';
import type { ConversationService, TurnOutcome } from '../../sessions/conversation.js';
import { GameNotFoundError } from '../../sessions/errors.js';

/** The v1 API: same paths and field names, so the v1 front end and users' scripts keep working. */

export interface SessionRoutesOptions {
  conversation: ConversationService;
  maxMessageChars: number;
  /** Renders the play page for a stored spec (the games domain owns the HTML). */
  renderGame: (spec: GameSpec) => string;
  gamePageHeaders: Record<string, string>;
}

export const ErrorBody = z.object({
  success: z.literal(false),
  error: z.string(),
  message: z.string(),
  action: z.string().optional(),
});

const Phase = z.enum(PHASES);
const Agent = z.enum(AGENTS);

export const GameData = z
  .object({
    ready: z.literal(true),
    game_id: z.string(),
    game_title: z.string(),
    game_type: z.string(),
    url: z.string(),
  })
  .nullable();

const SessionId = z.string().min(1).max(100);

export const MessageBody = (max: number) =>
  z.object({
    message: z
      .string()
      .trim()
      .min(1, 'message is required')
      .max(max, `message is longer than ${max} characters`),
    session_id: SessionId,
  });

export const MessageResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  phase: Phase,
  agent: Agent,
  is_complete: z.boolean(),
  game_data: GameData,
  /** v2: each agent's words in order (a hand-over makes two); `message` joins them. */
  turns: z.array(z.object({ agent: Agent, text: z.string() })),
});

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
  };
}

export async function sessionRoutes(app: FastifyInstance, opts: SessionRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { conversation } = opts;

  r.post(
    '/api/start_session',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Start a conversation; the Story Analyst asks for the book',
        // Fastify gives null for an absent body; v1 clients post none.
        body: z
          .object({ user_id: z.string().max(100).optional() })
          .passthrough()
          .nullish(),
        response: {
          200: z.object({
            success: z.literal(true),
            session_id: z.string(),
            message: z.string(),
            phase: Phase,
          }),
          503: ErrorBody,
        },
      },
    },
    async () => {
      const s = await conversation.start();
      return { success: true as const, session_id: s.sessionId, message: s.message, phase: s.phase };
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
        params: z.object({ id: SessionId }),
        response: {
          200: z.object({
            success: z.literal(true),
            session_id: z.string(),
            phase: Phase,
            book_info: z.object({ title: z.string(), author: z.string().optional() }).nullable(),
            conversation_count: z.number().int(),
            game_data: GameData,
          }),
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const s = await conversation.get(req.params.id);
      const game = await conversation.latestGame(req.params.id);
      const book = s.state.book;
      return {
        success: true as const,
        session_id: s.id,
        phase: s.phase,
        book_info: book ? { title: book.title, ...(book.author ? { author: book.author } : {}) } : null,
        conversation_count: s.state.recent.length === 0 ? 0 : await conversation.countMessages(s.id),
        game_data: game
          ? {
              ready: true as const,
              game_id: game.id,
              game_title: game.spec.title,
              game_type: game.type,
              url: `/api/games/${game.id}`,
            }
          : null,
      };
    },
  );

  r.delete(
    '/api/session/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Forget a session: its conversation and its games are deleted for good',
        params: z.object({ id: SessionId }),
        response: { 200: z.object({ success: z.literal(true), deleted: z.literal(true) }), 404: ErrorBody },
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
        params: z.object({ id: SessionId }),
      },
    },
    async (req, reply) => {
      const game = await conversation.latestGame(req.params.id);
      if (!game) throw new GameNotFoundError(req.params.id);
      return reply
        .headers(opts.gamePageHeaders)
        .type('text/html; charset=utf-8')
        .send(opts.renderGame(game.spec));
    },
  );
}
