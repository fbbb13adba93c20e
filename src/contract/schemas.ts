import { z } from 'zod';
import { StorableText } from './text.js';
import { AGENTS, ASKED, CHIP_KINDS, MAX_CHIPS, PHASES } from './vocabulary.js';

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
/** v2: the question the last reply asked (book, confirm, favourite, type, read-back...; none). */
const Asked = z.enum(ASKED).optional();

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

/**
 * v2: a tap-to-answer chip, for a child who cannot read, type or be heard. The page shows it under
 * the latest reply (game types as picture cards) and reads its label aloud; a tap sends `say` as
 * the child's message, exactly as if typed. Computed from the session state after the turn
 * (src/agents/choices.ts), so it fits whichever brain answered.
 */
export const Chip = z.object({
  /** What it answers: yes, no, book, answer (a discussion question), type, hero, collect, avoid,
   * change (which part of the design), way-on ("you pick", "make the game now", "I don't know"). */
  kind: z.enum(CHIP_KINDS),
  /** A few words (at most 28 graphemes, cut at a grapheme boundary). */
  label: z.string().min(1).max(400),
  /** One emoji: the picture on the chip. */
  emoji: z.string().min(1).max(32),
  /** The message the tap sends (at most 120 graphemes). */
  say: z.string().min(1).max(1000),
});

/** Optional: absent from older servers, empty when there is nothing to tap (building, playing). */
const Chips = z.array(Chip).max(MAX_CHIPS).optional();

export const StartResponse = z.object({
  success: z.literal(true),
  session_id: z.string(),
  message: z.string(),
  phase: Phase,
  /** v2: chips for the first question ("What book did you read?"): some well-known books. */
  chips: Chips,
  asked: Asked,
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
  /** v2: what the child can tap to answer the question just asked. */
  chips: Chips,
  asked: Asked,
});

export const SessionResponse = z.object({
  success: z.literal(true),
  session_id: z.string(),
  phase: Phase,
  book_info: z.object({ title: z.string(), author: z.string().optional() }).nullable(),
  conversation_count: z.number().int(),
  game_data: GameData,
  /** v2: the chips for the open question, for a page that reloads mid-conversation. */
  chips: Chips,
  asked: Asked,
});

export const DeleteResponse = z.object({ success: z.literal(true), deleted: z.literal(true) });

export type StartResult = z.infer<typeof StartResponse>;
export type MessageResult = z.infer<typeof MessageResponse>;
export type SessionInfo = z.infer<typeof SessionResponse>;
export type AgentTurn = z.infer<typeof Turn>;
export type AnswerChip = z.infer<typeof Chip>;
