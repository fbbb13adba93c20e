import { z } from 'zod';
import { AGENTS, PHASES } from '../agents/state.js';
import { StorableText } from './text.js';

/**
 * The request and response bodies of the conversation API (v1 paths and field names, so the v1
 * front end keeps working). Routes validate with these; the page imports their types.
 */

export const ErrorBody = z.object({
  success: z.literal(false),
  error: z.string(),
  message: z.string(),
  action: z.string().optional(),
  retry: z.boolean().optional(),
});

export const Phase = z.enum(PHASES);
export const Agent = z.enum(AGENTS);

export const GameData = z
  .object({
    ready: z.literal(true),
    game_id: z.string(),
    game_title: z.string(),
    game_type: z.string(),
    url: z.string(),
  })
  .nullable();

export const SessionId = StorableText.pipe(z.string().min(1).max(100));
export const SessionParams = z.object({ id: SessionId });

export const StartBody = z
  .object({
    /** v1's opaque user id: kept with the session as given, bounded, never shown. */
    user_id: StorableText.pipe(z.string().max(100)).optional(),
  })
  .passthrough()
  // Fastify gives null for an absent body; v1 clients post none.
  .nullish();

export const StartResponse = z.object({
  success: z.literal(true),
  session_id: z.string(),
  message: z.string(),
  phase: Phase,
});

export const MessageBody = (max: number) =>
  z.object({
    message: StorableText.pipe(
      z.string().trim().min(1, 'message is required').max(max, `message is longer than ${max} characters`),
    ),
    session_id: SessionId,
  });

export const Turn = z.object({ agent: Agent, text: z.string() });

export const MessageResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  phase: Phase,
  agent: Agent,
  is_complete: z.boolean(),
  game_data: GameData,
  /** v2: each agent's words in order (a hand-over makes two); `message` joins them. */
  turns: z.array(Turn),
});

export const SessionResponse = z.object({
  success: z.literal(true),
  session_id: z.string(),
  phase: Phase,
  book_info: z.object({ title: z.string(), author: z.string().optional() }).nullable(),
  conversation_count: z.number().int(),
  game_data: GameData,
});

export const DeleteResponse = z.object({ success: z.literal(true), deleted: z.literal(true) });

export type StartResult = z.infer<typeof StartResponse>;
export type MessageResult = z.infer<typeof MessageResponse>;
export type SessionInfo = z.infer<typeof SessionResponse>;
export type AgentTurn = z.infer<typeof Turn>;
