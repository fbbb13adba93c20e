import { z } from 'zod';
import { GAME_TYPES, GameSpecSchema } from '../../games/spec.js';
import { BookAnalysisSchema, GameDesignSchema, type SessionState } from '../state.js';
import type { ToolDefinition } from './chat.js';

/**
 * The structured half of each agent's turn: the tool the model calls after speaking, its zod
 * schema (the JSON schema the model sees is generated from it, so they cannot drift apart) and the
 * checks that need the session's state. Phases move only on what passes these.
 */

const Book = z.object({
  title: z.string().min(1).max(120).describe('The title, spelled correctly'),
  author: z.string().min(1).max(80).optional(),
});

export const StoryTurnSchema = z.object({
  book: Book.optional().describe(
    'The book you think the child means. Set it when you ask "Is that <title> by <author>?", and again if they correct you.',
  ),
  clearBook: z.boolean().optional().describe('true when the child said it is NOT the book you suggested'),
  bookConfirmed: z
    .boolean()
    .optional()
    .describe(
      'true only when the child has clearly said yes, it is that book (or described a book you do not know)',
    ),
  analysis: BookAnalysisSchema.optional().describe(
    'Only when the chat about the book is finished (after 3 to 6 questions): what you learned, in the child’s words where possible',
  ),
});
export type StoryTurn = z.infer<typeof StoryTurnSchema>;

export const DesignTurnSchema = z.object({
  design: GameDesignSchema.omit({ confirmed: true })
    .optional()
    .describe(`Everything agreed so far. gameType is one of: ${GAME_TYPES.join(', ')}`),
  readyToBuild: z
    .boolean()
    .optional()
    .describe('true only when the child said yes to your one-sentence summary of the game'),
});
export type DesignTurn = z.infer<typeof DesignTurnSchema>;

export const TOOL_NAMES = {
  story_analyst: 'record_story_turn',
  game_designer: 'record_design_turn',
  code_generator: 'build_game',
} as const;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // `input`: the model writes what the schema accepts (before trimming and other transforms).
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

export const STORY_TOOL: ToolDefinition = {
  name: TOOL_NAMES.story_analyst,
  description: 'Record what you learned this turn about the book. Call it once, after your spoken reply.',
  parameters: jsonSchema(StoryTurnSchema),
};

export const DESIGN_TOOL: ToolDefinition = {
  name: TOOL_NAMES.game_designer,
  description: 'Record the game design agreed so far. Call it once, after your spoken reply.',
  parameters: jsonSchema(DesignTurnSchema),
};

export const BUILD_TOOL: ToolDefinition = {
  name: TOOL_NAMES.code_generator,
  description: 'Build the game: the complete game specification. Call it once, after your spoken reply.',
  parameters: jsonSchema(GameSpecSchema),
};

/** Zod's issues as a short message the model can act on in its one retry. */
export function explainIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
    .join('; ');
}

/** Checks a structured result needs the session for (the schema alone cannot know). */
export function checkStoryTurn(turn: StoryTurn, state: SessionState): string | null {
  const book = turn.clearBook ? turn.book : (turn.book ?? state.book);
  if (turn.bookConfirmed && !book) return 'bookConfirmed is true but no book is set: include book';
  const confirmed = turn.bookConfirmed ?? (turn.clearBook || turn.book ? false : state.bookConfirmed);
  if (turn.analysis && !confirmed) return 'analysis was sent before the child confirmed the book';
  if (turn.analysis && turn.analysis.characters.length === 0)
    return 'analysis.characters must name at least one';
  return null;
}

export function checkDesignTurn(turn: DesignTurn, state: SessionState): string | null {
  if (!turn.readyToBuild) return null;
  const design = { ...(state.design ?? {}), ...(turn.design ?? {}) };
  if (!design.gameType) return 'readyToBuild is true but design.gameType is not chosen yet';
  return null;
}
