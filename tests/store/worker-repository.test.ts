import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import type { Database } from '../../src/store/database.js';
import { createDrizzleRepository } from '../../src/store/drizzle-repository.js';
import { type Repository, StoreUnavailableError, VersionConflictError } from '../../src/store/repository.js';
import { STORE_WORKER, startWorkerRepository } from '../../src/store/worker-repository.js';

/** The storage worker itself: what the app relies on beyond the repository contract. */

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gamemaker-worker-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const workerOf = (repo: Repository) => (repo as unknown as Record<symbol, Worker | null>)[STORE_WORKER];

describe('the storage worker (PGlite in a worker thread)', () => {
  // Starting PGlite on a fresh directory is slow on a busy machine: these share one, whose queue
  // is kept short for the bound test.
  let shared: Repository;
  beforeAll(async () => {
    shared = await startWorkerRepository({ dataDir: tempDir(), maxPending: 3 });
  });
  afterAll(async () => {
    await shared?.close();
  });

  it('offers every method of the Drizzle repository, as the worker lists them', async () => {
    const stub = {
      db: {},
      kind: 'pglite',
      migrate: async () => {},
      close: async () => {},
    } as unknown as Database;
    expect(Object.keys(shared).sort()).toEqual(Object.keys(createDrizzleRepository(stub)).sort());
  });

  it('keeps what was written across a clean close and a restart on the same data directory', async () => {
    const dir = tempDir();
    const first = await startWorkerRepository({ dataDir: dir });
    await first.createSession('kept', initialState(), null);
    // Written, and closed while the last write may still be in flight: close waits for it.
    const last = first.saveSession(
      'kept',
      { ...initialState(), turnsInPhase: 7 },
      1,
      [{ role: 'agent', agent: 'story_analyst', content: 'still here' }],
      null,
    );
    await first.close();
    await last;
    await expect(first.getSession('kept')).rejects.toBeInstanceOf(StoreUnavailableError);

    const second = await startWorkerRepository({ dataDir: dir });
    try {
      const s = await second.getSession('kept');
      expect(s?.version).toBe(2);
      expect(s?.state.turnsInPhase).toBe(7);
      expect((await second.listMessages('kept')).map((m) => m.content)).toEqual(['still here']);
    } finally {
      await second.close();
    }
  });

  it('errors cross the thread as the classes the services catch', async () => {
    const repo = shared;
    {
      await repo.createSession('e', initialState(), null);
      const conflict = await repo.saveSession('e', initialState(), 5, [], null).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(VersionConflictError);
      expect((conflict as VersionConflictError).sessionId).toBe('e');
      // A constraint violation keeps its Postgres code somewhere in its cause chain, as in-process.
      const dup = (await repo.createSession('e', initialState(), null).catch((e: unknown) => e)) as Error;
      const codes: string[] = [];
      for (let e: unknown = dup; e; e = (e as { cause?: unknown }).cause) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === 'string') codes.push(code);
      }
      expect(codes).toContain('23505');
    }
  });

  it('a call whose arguments cannot cross the thread fails alone; its batch is answered', async () => {
    await shared.createSession('clone', initialState(), null);
    const notes = { fn: (() => 1) as unknown as string };
    const [bad, good] = await Promise.allSettled([
      shared.saveSession('clone', { ...initialState(), notes }, 1, [], null),
      shared.getSession('clone'),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status === 'fulfilled' && good.value?.version).toBe(1);
  });

  it('is bounded: calls beyond the queue limit fail at once with StoreUnavailableError', async () => {
    const repo = shared;
    {
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => repo.getSession('none')));
      const refused = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError,
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(refused).toHaveLength(17);
      // Once the queue has drained, calls go through again.
      expect(await repo.getSession('none')).toBeNull();
    }
  });

  it('a worker that dies fails its calls with StoreUnavailableError and is restarted', async () => {
    const repo = await startWorkerRepository({ dataDir: tempDir(), restartDelayMs: 0 });
    try {
      await repo.createSession('survivor', initialState(), null);
      const inFlight = Array.from({ length: 5 }, () => repo.getSession('survivor'));
      await workerOf(repo)?.terminate();
      for (const r of await Promise.allSettled(inFlight)) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreUnavailableError);
      }
      // A new worker opens the same data directory: nothing written is lost.
      expect((await repo.getSession('survivor'))?.version).toBe(1);
    } finally {
      await repo.close();
    }
  });
});
