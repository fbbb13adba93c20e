import { describe, expect, it, vi } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { type Repository, VersionConflictError } from '../../src/store/repository.js';
import { memoSessions } from '../../src/store/session-memo.js';
import { createMemoryRepository } from '../support/memory-repository.js';

/**
 * The session memo of the embedded store (src/store/session-memo.ts): what it remembers must
 * always be what is stored. Run over a Map-backed repository whose calls we count and pause.
 */

function counted(repo: Repository) {
  const calls: string[] = [];
  const gates = new Map<string, Promise<void>>();
  const wrapped = Object.fromEntries(
    Object.entries(repo).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        calls.push(name);
        // The gate in place when the call was made holds its answer back.
        const gate = gates.get(name);
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        await gate;
        return result;
      },
    ]),
  ) as unknown as Repository;
  return { repo: wrapped, calls, gates };
}

describe('the session memo (embedded store, one writer)', () => {
  it('answers repeated reads from memory and stays current through writes', async () => {
    const { repo, calls } = counted(createMemoryRepository());
    const memo = memoSessions(repo);
    await memo.createSession('a', initialState(), null);
    await memo.getSession('a');
    await memo.saveSession('a', { ...initialState(), turnsInPhase: 3 }, 1, [], null);
    const s = await memo.getSession('a');
    expect(s?.version).toBe(2);
    expect(s?.state.turnsInPhase).toBe(3);
    expect(calls.filter((c) => c === 'getSession')).toHaveLength(0);
  });

  it('a writer naming an older version loses without a query', async () => {
    const { repo, calls } = counted(createMemoryRepository());
    const memo = memoSessions(repo);
    await memo.createSession('a', initialState(), null);
    await memo.saveSession('a', initialState(), 1, [], null);
    calls.length = 0;
    await expect(memo.saveSession('a', initialState(), 1, [], null)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(calls).toEqual([]);
  });

  it('never answers an expired session', async () => {
    const memo = memoSessions(createMemoryRepository());
    await memo.createSession('soon', initialState(), new Date(Date.now() + 60_000));
    expect(await memo.getSession('soon')).not.toBeNull();
    // The clock, not a wait: a loaded machine cannot make this flaky.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      expect(await memo.getSession('soon')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a read in flight while its session is deleted does not bring it back', async () => {
    const { repo, gates } = counted(createMemoryRepository());
    const memo = memoSessions(repo);
    await repo.createSession('gone', initialState(), null);
    let open: () => void = () => {};
    gates.set('getSession', new Promise<void>((r) => (open = r)));
    const slowRead = memo.getSession('gone');
    gates.delete('getSession');
    expect(await memo.deleteSession('gone')).toBe(true);
    open();
    expect(await slowRead).not.toBeNull(); // it read before the delete
    expect(await memo.getSession('gone')).toBeNull(); // but is not remembered
  });

  it('after a method it does not know (which might change sessions), it asks the database again', async () => {
    const base = createMemoryRepository();
    const behind = {
      ...base,
      // A future method that rewrites sessions behind the memo's back.
      async bumpAll() {
        const s = await base.getSession('a');
        if (s) await base.saveSession('a', { ...s.state, turnsInPhase: 42 }, s.version, [], null);
      },
    };
    const memo = memoSessions(behind as Repository) as Repository & { bumpAll(): Promise<void> };
    await memo.createSession('a', initialState(), null);
    expect((await memo.getSession('a'))?.version).toBe(1);
    await memo.bumpAll();
    const s = await memo.getSession('a');
    expect(s?.version).toBe(2);
    expect(s?.state.turnsInPhase).toBe(42);
  });

  it('remembers at most maxEntries sessions, dropping the least recently used', async () => {
    const { repo, calls } = counted(createMemoryRepository());
    const memo = memoSessions(repo, { maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await memo.createSession(id, initialState(), null);
    calls.length = 0;
    await memo.getSession('c');
    await memo.getSession('b');
    expect(calls).toEqual([]);
    await memo.getSession('a');
    expect(calls).toEqual(['getSession']);
  });
});
