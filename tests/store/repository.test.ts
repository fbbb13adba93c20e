import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { repairSpec } from '../../src/games/repair.js';
import { openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import { type Repository, VersionConflictError } from '../../src/store/repository.js';
import { runConcurrentWriters } from './concurrent-writers.js';

let repo: Repository;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gamemaker-repo-'));
  const db = openDatabase({ dataDir: dir });
  await db.migrate();
  repo = createDrizzleRepository(db);
});
afterAll(async () => {
  await repo.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the repository on PGlite', () => {
  it('writes with optimistic locking: a stale writer loses and writes nothing', async () => {
    const s = await repo.createSession('s1', initialState(), null);
    expect(s.version).toBe(1);
    const a = await repo.saveSession(
      's1',
      { ...initialState(), turnsInPhase: 1 },
      1,
      [{ role: 'agent', agent: 'story_analyst', content: 'hello' }],
      null,
    );
    expect(a.version).toBe(2);
    await expect(
      repo.saveSession(
        's1',
        { ...initialState(), turnsInPhase: 99 },
        1,
        [{ role: 'child', agent: null, content: 'x' }],
        null,
      ),
    ).rejects.toBeInstanceOf(VersionConflictError);
    const now = await repo.getSession('s1');
    expect(now?.version).toBe(2);
    expect(now?.state.turnsInPhase).toBe(1);
    expect((await repo.listMessages('s1')).map((m) => m.content)).toEqual(['hello']);
  });

  it('lets exactly one of many concurrent writers win each version', async () => {
    await repo.createSession('s2', initialState(), null);
    let version = 1;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          repo.saveSession('s2', { ...initialState(), turnsInPhase: i }, version, [], null),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      version += 1;
      expect((await repo.getSession('s2'))?.version).toBe(version);
    }
  });

  it('hides expired sessions', async () => {
    await repo.createSession('old', initialState(), new Date(Date.now() - 1000));
    expect(await repo.getSession('old')).toBeNull();
  });

  it('numbers a session’s games as versions and finds the newest', async () => {
    await repo.createSession('g', initialState(), null);
    const spec = repairSpec({ type: 'maze', title: 'First' });
    const one = await repo.saveGame({ id: 'game-1', sessionId: 'g', spec });
    const two = await repo.saveGame({ id: 'game-2', sessionId: 'g', spec: { ...spec, title: 'Second' } });
    expect([one.version, two.version]).toEqual([1, 2]);
    expect((await repo.latestGameForSession('g'))?.spec.title).toBe('Second');
    expect((await repo.getGame('game-1'))?.spec).toEqual(spec);
  });
});

describe('optimistic locking and cleanup on PGlite', () => {
  it('50 concurrent writers on one session: no lost update, versions strictly increase', async () => {
    const r = await runConcurrentWriters(repo, 'lite-50', 50);
    expect(r.marks).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(r.finalVersion).toBe(51);
    expect([...r.versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  });

  it('cleanup deletes expired sessions and transcripts unless a game was saved', async () => {
    const past = new Date(Date.now() - 60_000);
    await repo.createSession('x-chat', initialState(), past);
    await repo.appendMessages('x-chat', [{ role: 'child', agent: null, content: 'tacos' }]);
    await repo.createSession('x-game', initialState(), past);
    await repo.saveGame({ id: 'x-game-1', sessionId: 'x-game', spec: repairSpec({ type: 'catcher' }) });
    expect(await repo.deleteExpired?.(new Date())).toBeGreaterThanOrEqual(1);
    expect(await repo.listMessages('x-chat')).toEqual([]);
    expect(await repo.getGame('x-game-1')).not.toBeNull();
    expect(await repo.deleteExpired?.(new Date())).toBe(0);
  });
});
