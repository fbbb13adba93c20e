import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { playtested, startPlaytestThread } from '../../src/playtest/index.js';

/** The playtest thread gives the same tuned spec as playing in this thread, and survives its end. */
describe('the playtest thread', () => {
  it('tunes a spec exactly as the calling thread would, for several games at once', async () => {
    const thread = startPlaytestThread();
    try {
      const specs = [catalogueEntry('runner').example, catalogueEntry('catcher').example];
      const viaThread = await Promise.all(specs.map((s) => thread.playtested(s)));
      expect(viaThread).toEqual(specs.map((s) => playtested(s)));
      expect(viaThread.every((s) => s.playtest?.ok)).toBe(true);
    } finally {
      await thread.close();
    }
  });

  it('plays in the calling thread once it is closed: a game is never lost', async () => {
    const thread = startPlaytestThread();
    await thread.playtested(catalogueEntry('maze').example);
    await thread.close();
    const spec = await thread.playtested(catalogueEntry('maze').example, { tune: false });
    expect(spec.playtest?.attempts).toBe(1);
  });
});
