import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { repairSpec } from '../../src/games/repair.js';
import { openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import type { Repository } from '../../src/store/repository.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';

/**
 * Issue 32, point 10: expiry on the database's clock. One instance's clock 31 days ahead used to
 * delete the other instances' live sessions and every posted game: it compared its own "now" with
 * times the others had stored. Here one repository (one instance) writes with a true clock, then
 * its clock jumps 31 days ahead and it runs the clean-up: nothing live goes, and what it writes
 * itself expires when the database says so. On PostgreSQL: PGlite's now() is the process's own
 * JavaScript clock (Emscripten's clock_gettime), so an embedded instance cannot disagree with it.
 */
const ok = await servicesAvailable({ postgres: true });
let fresh: FreshDatabase | null = null;
let repo: Repository;
beforeAll(async () => {
  if (!ok) return;
  fresh = await createFreshDatabase();
  const db = openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
  await db.migrate();
  repo = createDrizzleRepository(db);
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await repo?.close();
  await fresh?.drop();
});

const DAY = 86_400_000;

describe.skipIf(!ok)('times on the database clock (PostgreSQL)', () => {
  it('an instance whose clock runs 31 days ahead deletes no live session and no new game', async () => {
    await repo.createSession('live', initialState(), new Date(Date.now() + DAY));
    await repo.saveGame({ id: 'open-1', sessionId: null, spec: repairSpec({ type: 'catcher' }) });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * DAY);
    // What the clean-up asks, with its own clock: sessions expired by now, open games a week old.
    expect(await repo.deleteExpired(new Date())).toBe(0);
    expect(await repo.deleteExpiredOpenGames(new Date(Date.now() - 7 * DAY))).toBe(0);
    expect(await repo.getSession('live')).not.toBeNull();
    expect(await repo.getGame('open-1')).not.toBeNull();

    // Its own writes: a one-hour expiry is an hour on the database's clock, not 31 days late.
    const mine = await repo.createSession('mine', initialState(), new Date(Date.now() + 3_600_000));
    vi.useRealTimers();
    const left = (mine.expiresAt?.getTime() ?? 0) - Date.now();
    expect(left).toBeGreaterThan(3_590_000);
    expect(left).toBeLessThan(3_610_000);
  });
});
