import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/agents/compile-spec.js';
import { initialState } from '../../src/agents/state.js';
import { silentLog } from '../../src/observability/log.js';
import { startSessionCleanup } from '../../src/sessions/cleanup.js';
import { type Database, openDatabase } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import type { Repository } from '../../src/store/repository.js';
import { startWorkerRepository } from '../../src/store/worker-repository.js';

/**
 * Retention (issue 31.3) on a real PGlite: a transcript goes after TRANSCRIPT_TTL_DAYS idle while
 * its game stays playable; the conversation and its game go after SESSION_GAME_TTL_DAYS; what is
 * younger stays.
 */

const DAY = 86_400_000;
let dir: string;
let database: Database;
let repo: Repository;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gm-retention-'));
  database = openDatabase({ dataDir: dir });
  await database.migrate();
  repo = createDrizzleRepository(database);
}, 120_000);

afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spec = compileSpec({
  book: { title: 'Dragons Love Tacos' },
  analysis: null,
  design: {},
  catalogBook: undefined,
});

/** A conversation that made a game, last used `daysAgo`, with the child's words in it. */
async function gameSession(id: string, daysAgo: number) {
  const s = await repo.createSession(id, initialState(), null, [
    { role: 'agent', agent: 'story_analyst', content: 'What book did you read?' },
  ]);
  const state = { ...initialState(), recent: [{ role: 'child', text: 'my name is Lily' }] } as never;
  await repo.saveSessionWithGame(
    id,
    state,
    s.version,
    [{ role: 'child', agent: null, content: 'my name is Lily' }],
    null,
    {
      id: `game-${id}`,
      sessionId: id,
      spec,
    },
  );
  const at = new Date(Date.now() - daysAgo * DAY);
  await database.db.execute(sql`update sessions set updated_at = ${at.toISOString()} where id = ${id}`);
  await database.db.execute(
    sql`update messages set created_at = ${at.toISOString()} where session_id = ${id}`,
  );
}

const recentOf = async (id: string) =>
  ((await repo.getSession(id))?.state as { recent?: unknown[] } | undefined)?.recent;

describe('retention clean-up', () => {
  it('deletes old transcripts but keeps their games, then deletes old games', async () => {
    await gameSession('fresh', 2);
    await gameSession('month', 40);
    await gameSession('season', 100);
    const cleanup = startSessionCleanup({
      repo,
      intervalMs: 3_600_000,
      log: silentLog,
      transcriptTtlMs: 30 * DAY,
      gameSessionTtlMs: 90 * DAY,
      batch: 2,
    });
    try {
      const deleted = await cleanup.runOnce();
      // 'month': two messages; 'season': two messages (transcripts first), then the session.
      expect(deleted).toBe(5);
    } finally {
      await cleanup.stop();
    }
    // Younger than both: everything stays.
    expect(await repo.listMessages('fresh')).toHaveLength(2);
    expect(await recentOf('fresh')).toHaveLength(1);
    expect(await repo.getGame('game-fresh')).not.toBeNull();
    // Past the transcript's retention: the words are gone, the game plays on.
    expect(await repo.listMessages('month')).toHaveLength(0);
    expect(await recentOf('month')).toEqual([]);
    expect(await repo.getSession('month')).not.toBeNull();
    expect((await repo.latestGameForSession('month'))?.id).toBe('game-month');
    // Past the game's retention: the conversation and its game are gone.
    expect(await repo.getSession('season')).toBeNull();
    expect(await repo.getGame('game-season')).toBeNull();
  });

  it('runs in the embedded storage thread, as `make start` stores', async () => {
    // The page's default store is PGlite behind a worker thread: the statements must reach it.
    const threadDir = mkdtempSync(join(tmpdir(), 'gm-retention-thread-'));
    const threaded = await startWorkerRepository({ dataDir: threadDir });
    try {
      await threaded.createSession('old', initialState(), null, [
        { role: 'child', agent: null, content: 'my book was about a fox' },
      ]);
      // Nothing is older than a day in the future: everything counts as idle.
      const later = new Date(Date.now() + DAY);
      expect(await threaded.deleteOldTranscripts(later, 10)).toBe(1);
      expect(await threaded.listMessages('old')).toHaveLength(0);
    } finally {
      await threaded.close();
      rmSync(threadDir, { recursive: true, force: true });
    }
  }, 120_000);
});
