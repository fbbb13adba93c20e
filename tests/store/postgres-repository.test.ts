import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { repairSpec } from '../../src/games/repair.js';
import { type Database, openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import { type Repository, StoreUnavailableError, VersionConflictError } from '../../src/store/repository.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';
import { runConcurrentWriters } from './concurrent-writers.js';
import { repositoryContract } from './repository-contract.js';

const ok = await servicesAvailable({ postgres: true });

if (ok) {
  repositoryContract('PostgreSQL (a fresh database)', async () => {
    const fresh = await createFreshDatabase();
    const database = openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
    await database.migrate();
    const repo = createDrizzleRepository(database);
    return {
      repo,
      async close() {
        await repo.close();
        await fresh.drop();
      },
    };
  });
}

describe.skipIf(!ok)('the repository on PostgreSQL (a fresh database)', () => {
  let fresh: FreshDatabase;
  let database: Database;
  let repo: Repository;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    // Several instances starting together: the advisory lock lets exactly one migrate at a time.
    const starters = Array.from({ length: 4 }, () =>
      openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' }),
    );
    await Promise.all(starters.map((d) => d.migrate()));
    await Promise.all(starters.map((d) => d.close()));
    database = openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
    expect(database.kind).toBe('postgres');
    repo = createDrizzleRepository(database);
  });
  afterAll(async () => {
    await repo?.close();
    await fresh?.drop();
  });

  it('writes with optimistic locking: a stale writer loses and writes nothing', async () => {
    await repo.createSession('p1', initialState(), null);
    await repo.saveSession(
      'p1',
      { ...initialState(), turnsInPhase: 1 },
      1,
      [{ role: 'agent', agent: 'story_analyst', content: 'hello' }],
      null,
    );
    await expect(
      repo.saveSession(
        'p1',
        { ...initialState(), turnsInPhase: 9 },
        1,
        [{ role: 'child', agent: null, content: 'x' }],
        null,
      ),
    ).rejects.toBeInstanceOf(VersionConflictError);
    const now = await repo.getSession('p1');
    expect(now?.version).toBe(2);
    expect(now?.state.turnsInPhase).toBe(1);
    expect((await repo.listMessages('p1')).map((m) => m.content)).toEqual(['hello']);
  });

  it('50 concurrent writers on one session: no lost update, versions strictly increase', async () => {
    const r = await runConcurrentWriters(repo, 'p-50', 50);
    expect(r.marks).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(r.finalVersion).toBe(51);
    // Every successful write produced a distinct next version: 2..51, none reused.
    expect([...r.versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(r.transcript).toHaveLength(50);
  });

  it('numbers games as versions and hides expired sessions', async () => {
    await repo.createSession('pg', initialState(), null);
    const spec = repairSpec({ type: 'maze', title: 'First' });
    const one = await repo.saveGame({ id: 'pg-game-1', sessionId: 'pg', spec });
    const two = await repo.saveGame({ id: 'pg-game-2', sessionId: 'pg', spec: { ...spec, title: 'Second' } });
    expect([one.version, two.version]).toEqual([1, 2]);
    expect((await repo.latestGameForSession('pg'))?.spec.title).toBe('Second');
    await repo.createSession('p-old', initialState(), new Date(Date.now() - 1000));
    expect(await repo.getSession('p-old')).toBeNull();
  });

  it('cleanup deletes expired sessions and their transcripts, but keeps sessions with a saved game', async () => {
    const past = new Date(Date.now() - 60_000);
    await repo.createSession('exp-chat', initialState(), past);
    await repo.appendMessages('exp-chat', [{ role: 'child', agent: null, content: 'tacos' }]);
    await repo.createSession('exp-game', initialState(), past);
    await repo.saveGame({ id: 'exp-game-1', sessionId: 'exp-game', spec: repairSpec({ type: 'catcher' }) });
    await repo.createSession('live', initialState(), new Date(Date.now() + 60_000));
    const deleted = await repo.deleteExpired?.(new Date());
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await repo.listMessages('exp-chat')).toEqual([]);
    const { sessions } = await import('../../src/store/schema.js');
    const { inArray } = await import('drizzle-orm');
    const left = await database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(inArray(sessions.id, ['exp-chat', 'exp-game', 'live']));
    expect(left.map((r) => r.id).sort()).toEqual(['exp-game', 'live']);
    expect(await repo.getGame('exp-game-1')).not.toBeNull();
  });

  it('reports an unreachable server as StoreUnavailableError', async () => {
    const gone = openDatabase({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
      dataDir: '/nonexistent',
    });
    const r = createDrizzleRepository(gone);
    await expect(r.getSession('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await r.close();
  });
});
