import { describe, expect, it } from 'vitest';
import { createAnalyticsService, isCatalogueTitle } from '../../src/analytics/report.js';
import type { Repository, UsageFigures } from '../../src/store/repository.js';

/** `/api/analytics` counts our catalogue's books only: a made-up title may hold a child's name. */
describe('popular books in the analytics report', () => {
  it('lists catalogue books and never a made-up title', async () => {
    const figures: UsageFigures = {
      totalSessions: 5,
      totalGames: 5,
      gamesByType: [],
      gamesByBook: [
        { title: "Lily Parker's Unicorn Day", games: 3 },
        { title: 'Dragons Love Tacos', games: 2 },
        { title: 'the very hungry caterpillar!', games: 1 },
      ],
      sessionsByPhase: [],
      medianChildMessagesToGame: null,
      gamesPerDay: [],
      model: { calls: 0, inputTokens: 0, outputTokens: 0 },
    };
    let asked = 0;
    const repo = {
      async usageFigures(opts: { topBooks: number }) {
        asked = opts.topBooks;
        return figures;
      },
    } as unknown as Repository;
    const report = await createAnalyticsService(repo).report();
    expect(report.popular_books.map((b) => b.title)).toEqual([
      'Dragons Love Tacos',
      'the very hungry caterpillar!',
    ]);
    expect(JSON.stringify(report)).not.toMatch(/lily|parker/i);
    // More asked for than shown, so dropping made-up titles still leaves a full top ten.
    expect(asked).toBeGreaterThan(10);
    expect(isCatalogueTitle('The Gruffalo')).toBe(true);
    expect(isCatalogueTitle('The Gruffalo by Lily')).toBe(false);
  });
});
