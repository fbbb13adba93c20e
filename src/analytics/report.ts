import { PHASES } from '../agents/state.js';
import { BOOKS } from '../books/catalog.js';
import type { AnalyticsReport } from '../contract/analytics-report.js';
import { GAME_TYPES } from '../games/spec.js';
import type { Repository, UsageFigures } from '../store/repository.js';

/** How far back `games_per_day` goes, today included. */
export const DAYS = 30;
export const TOP_BOOKS = 10;

const DAY_MS = 86_400_000;

const fold = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
let catalogue: Set<string> | undefined;

/** The title is one of our catalogue's books (compared without case or punctuation). */
export function isCatalogueTitle(title: string): boolean {
  catalogue ??= new Set(BOOKS.map((b) => fold(b.title)));
  return catalogue.has(fold(title));
}
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Midnight UTC at the start of the oldest day the report shows. */
export function windowStart(now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (DAYS - 1) * DAY_MS);
}

/**
 * The report from the store's figures: pure, so its arithmetic is tested without a database.
 * Phases are cumulative: a session now in `designing` has been through identifying and discussing.
 */
export function buildReport(f: UsageFigures, now: Date): AnalyticsReport {
  const byType: Record<string, number> = Object.fromEntries(GAME_TYPES.map((t) => [t, 0]));
  for (const { type, games } of f.gamesByType) byType[type] = (byType[type] ?? 0) + games;

  const atPhase = new Map(f.sessionsByPhase.map((p) => [p.phase, p.sessions]));
  let reached = 0;
  const reachedCounts = PHASES.map(() => 0);
  for (let i = PHASES.length - 1; i >= 0; i--) {
    reached += atPhase.get(PHASES[i] ?? '') ?? 0;
    reachedCounts[i] = reached;
  }
  const sessionsByPhase = Object.fromEntries(
    PHASES.map((p, i) => [p, reachedCounts[i] ?? 0]),
  ) as AnalyticsReport['sessions_by_phase'];

  const perDay = new Map(f.gamesPerDay.map((d) => [d.day, d.games]));
  const start = windowStart(now).getTime();
  const gamesPerDay = Array.from({ length: DAYS }, (_, i) => {
    const day = utcDay(new Date(start + i * DAY_MS));
    return { day, games: perDay.get(day) ?? 0 };
  });

  return {
    success: true,
    generated_at: now.toISOString(),
    total_sessions: f.totalSessions,
    total_games: f.totalGames,
    games_by_type: byType,
    popular_books: f.gamesByBook.slice(0, TOP_BOOKS).map((b) => ({ title: b.title, games: b.games })),
    sessions_by_phase: sessionsByPhase,
    median_messages_to_game: f.medianChildMessagesToGame,
    games_per_day: gamesPerDay,
    model: {
      calls: Math.round(f.model.calls),
      input_tokens: Math.round(f.model.inputTokens),
      output_tokens: Math.round(f.model.outputTokens),
    },
  };
}

/** The analytics service: asks the store for its aggregates and shapes the report. */
export function createAnalyticsService(repo: Repository, clock: () => Date = () => new Date()) {
  return {
    async report(): Promise<AnalyticsReport> {
      const now = clock();
      // More than shown: titles that are not our catalogue's are dropped from the top ones.
      const figures = await repo.usageFigures({ since: windowStart(now), topBooks: TOP_BOOKS * 20 });
      // Our catalogue's books only: a title a child made up may hold a name (issue 32.3).
      const gamesByBook = figures.gamesByBook.filter((b) => isCatalogueTitle(b.title));
      return buildReport({ ...figures, gamesByBook }, now);
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
