import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { PlaytestBusyError, startPlaytestThread } from '../../src/playtest/tune-thread.js';
import { errorCodeOf, retryAfterSeconds } from '../../src/server/error-codes.js';

/** Issue 32.7: posted specs queue behind children's games, in a bounded queue. */
describe('the playtest queue', () => {
  it("plays a child's game before posted specs, and refuses posted specs past the bound", async () => {
    const thread = startPlaytestThread({ postedQueueMax: 2 });
    try {
      const order: string[] = [];
      const posted = Array.from({ length: 8 }, (_, i) =>
        thread
          .playtested(catalogueEntry('runner').example, { lane: 'posted' })
          .then(() => order.push(`posted${i}`))
          .catch((e: unknown) => (e instanceof PlaytestBusyError ? 'busy' : Promise.reject(e))),
      );
      const child = thread.playtested(catalogueEntry('maze').example).then(() => order.push('child'));
      const outcomes = await Promise.all([...posted, child]);
      // One in the thread, two waiting: the other five refused at once.
      expect(outcomes.filter((o) => o === 'busy')).toHaveLength(5);
      // The child's game came in after three posted ones but went second: right after the one
      // the thread was already playing.
      expect(order).toEqual(['posted0', 'child', 'posted1', 'posted2']);
    } finally {
      await thread.close();
    }
  }, 120_000);

  it('answers a full queue 503 playtest_busy with a retry hint', () => {
    const e = new PlaytestBusyError();
    expect(errorCodeOf(e)).toBe('playtest_busy');
    expect(retryAfterSeconds(e)).toBe(5);
  });
});
