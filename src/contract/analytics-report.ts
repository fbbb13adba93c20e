import { z } from 'zod';
import { PHASES } from './vocabulary.js';

/**
 * The body of GET /api/analytics: aggregates only. It never holds a child's words or any id; book
 * titles are the knowledge base's (or the title a child gave an unknown book), never a message.
 * The admin page imports its type only, so zod stays out of that bundle.
 */
const Count = z.number().int().nonnegative();

export const AnalyticsReportSchema = z.object({
  success: z.literal(true),
  generated_at: z.string(),
  total_sessions: Count,
  total_games: Count,
  /** Every known game type (0 when none was made), plus any other type found in the store. */
  games_by_type: z.record(z.string(), Count),
  /** The top 10 books by games made, most first. */
  popular_books: z.array(z.object({ title: z.string(), games: Count })).max(10),
  /** Sessions that reached each phase (judged by their current phase), in phase order. */
  sessions_by_phase: z.object(
    Object.fromEntries(PHASES.map((p) => [p, Count])) as Record<(typeof PHASES)[number], typeof Count>,
  ),
  /** Median child messages stored before a session's first game; null before the first game. */
  median_messages_to_game: z.number().nonnegative().nullable(),
  /** The last 30 UTC days, oldest first, today last, days without a game included. */
  games_per_day: z.array(z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), games: Count })),
  /** Model calls and tokens summed over all sessions (offline sessions add nothing). */
  model: z.object({ calls: Count, input_tokens: Count, output_tokens: Count }),
});

export type AnalyticsReport = z.infer<typeof AnalyticsReportSchema>;
