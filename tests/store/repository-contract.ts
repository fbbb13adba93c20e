import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/agents/state.js';
import { repairSpec } from '../../src/games/repair.js';
import { type Repository, VersionConflictError } from '../../src/store/repository.js';
import { runConcurrentWriters } from './concurrent-writers.js';

/**
 * What every Repository over PGlite must do, however it is run (in this thread, or in the storage
 * worker the app uses): the same tests against each.
 */
export function repositoryContract(
  label: string,
  open: () => Promise<{ repo: Repository; close(): Promise<void> }>,
) {
  describe(`the repository on ${label}`, () => {
    let repo: Repository;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ repo, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

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

    it('two saves naming the same version at once: one wins, the other gets VersionConflictError', async () => {
      await repo.createSession('twin', initialState(), null);
      const results = await Promise.allSettled([
        repo.saveSession(
          'twin',
          { ...initialState(), turnsInPhase: 1 },
          1,
          [{ role: 'agent', agent: 'story_analyst', content: 'a' }],
          null,
        ),
        repo.saveSession(
          'twin',
          { ...initialState(), turnsInPhase: 2 },
          1,
          [{ role: 'agent', agent: 'story_analyst', content: 'b' }],
          null,
        ),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);
      // The loser wrote nothing: one message, the winner's.
      expect(await repo.listMessages('twin')).toHaveLength(1);
      expect((await repo.getSession('twin'))?.version).toBe(2);
    });

    it('a new session can carry its first lines, stored with it in order; without them it has none', async () => {
      const s = await repo.createSession('greeted', initialState(), null, [
        { role: 'agent', agent: 'story_analyst', content: 'Hello! What book?' },
        { role: 'agent', agent: 'story_analyst', content: 'Take your time.' },
      ]);
      expect(s.version).toBe(1);
      expect((await repo.getSession('greeted'))?.version).toBe(1);
      const list = await repo.listMessages('greeted');
      expect(list.map((m) => [m.seq, m.role, m.agent, m.content])).toEqual([
        [1, 'agent', 'story_analyst', 'Hello! What book?'],
        [2, 'agent', 'story_analyst', 'Take your time.'],
      ]);
      await repo.createSession('silent', initialState(), null);
      expect(await repo.listMessages('silent')).toEqual([]);
    });

    it('a save appends its messages after those already there, in order', async () => {
      await repo.createSession('order', initialState(), null);
      await repo.appendMessages('order', [{ role: 'child', agent: null, content: 'tacos' }]);
      await repo.saveSession(
        'order',
        initialState(),
        1,
        [
          { role: 'agent', agent: 'story_analyst', content: 'one' },
          { role: 'agent', agent: 'game_designer', content: 'two' },
          { role: 'agent', agent: 'code_generator', content: 'three' },
        ],
        null,
      );
      const list = await repo.listMessages('order');
      expect(list.map((m) => [m.seq, m.role, m.agent, m.content])).toEqual([
        [1, 'child', null, 'tacos'],
        [2, 'agent', 'story_analyst', 'one'],
        [3, 'agent', 'game_designer', 'two'],
        [4, 'agent', 'code_generator', 'three'],
      ]);
    });

    it('a save returns the row as stored: dates as dates, the state as written', async () => {
      const expires = new Date(Date.now() + 60_000);
      const created = await repo.createSession('saved', initialState(), null);
      const state = { ...initialState(), notes: { fav: 'tacos' } };
      const saved = await repo.saveSession(
        'saved',
        state,
        1,
        [{ role: 'agent', agent: 'story_analyst', content: 'hi' }],
        expires,
      );
      expect(saved.version).toBe(2);
      expect(saved.createdAt).toBeInstanceOf(Date);
      expect(saved.createdAt.getTime()).toBe(created.createdAt.getTime());
      expect(saved.updatedAt).toBeInstanceOf(Date);
      // Stored on the database's clock (onDbClock): the app's offset from its now, to the ms or so.
      expect(Math.abs((saved.expiresAt?.getTime() ?? 0) - expires.getTime())).toBeLessThan(1_000);
      expect(saved.state).toEqual(state);
      expect(await repo.getSession('saved')).toEqual(saved);
    });

    it('a save stores message text exactly as an append does', async () => {
      const odd = ['quote " and \\ backslash', '{braces},', 'NULL', 'emoji 🐉 and a lone \ud83d'];
      await repo.createSession('text', initialState(), null);
      await repo.appendMessages(
        'text',
        odd.map((content) => ({ role: 'child', agent: null, content })),
      );
      await repo.saveSession(
        'text',
        initialState(),
        1,
        odd.map((content) => ({ role: 'child', agent: null, content })),
        null,
      );
      const stored = (await repo.listMessages('text')).map((m) => m.content);
      expect(stored.slice(odd.length)).toEqual(stored.slice(0, odd.length));
      expect(stored.slice(0, 3)).toEqual(odd.slice(0, 3));
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

    it('keeps dates as dates and state as written', async () => {
      const expires = new Date(Date.now() + 60_000);
      const created = await repo.createSession('d', { ...initialState(), notes: { fav: 'tacos' } }, expires);
      const read = await repo.getSession('d');
      expect(read?.createdAt).toBeInstanceOf(Date);
      expect(Math.abs((read?.expiresAt?.getTime() ?? 0) - expires.getTime())).toBeLessThan(1_000);
      expect(read?.expiresAt?.getTime()).toBe(created.expiresAt?.getTime());
      expect(read?.createdAt.getTime()).toBe(created.createdAt.getTime());
      expect(read?.state.notes).toEqual({ fav: 'tacos' });
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

    it('saves a game with its session in one transaction: a version conflict leaves no game', async () => {
      await repo.createSession('gs', initialState(), null);
      const spec = repairSpec({ type: 'catcher', title: 'Together' });
      const saved = await repo.saveSessionWithGame(
        'gs',
        { ...initialState(), gameId: 'together-1' },
        1,
        [{ role: 'agent', agent: 'code_generator', content: 'ready' }],
        null,
        { id: 'together-1', sessionId: 'gs', spec },
      );
      expect(saved.session.version).toBe(2);
      expect(saved.session.state.gameId).toBe('together-1');
      expect(saved.game).toMatchObject({ id: 'together-1', sessionId: 'gs', version: 1, type: 'catcher' });
      // The loser of a race names a version that is gone: neither its state nor its game is stored.
      await expect(
        repo.saveSessionWithGame('gs', { ...initialState(), gameId: 'orphan-1' }, 1, [], null, {
          id: 'orphan-1',
          sessionId: 'gs',
          spec,
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await repo.getGame('orphan-1')).toBeNull();
      expect((await repo.getSession('gs'))?.state.gameId).toBe('together-1');
      expect((await repo.listMessages('gs')).map((m) => m.content)).toEqual(['ready']);
    });

    it('summarises a session in one read: its transcript’s length and newest game', async () => {
      expect(await repo.sessionSummary('no-such-session')).toBeNull();
      await repo.createSession('sum', initialState(), null, [
        { role: 'agent', agent: 'story_analyst', content: 'hi' },
      ]);
      expect(await repo.sessionSummary('sum')).toEqual({ messageCount: 1, latestGame: null });
      const spec = repairSpec({ type: 'maze', title: 'Summed' });
      await repo.saveGame({ id: 'sum-1', sessionId: 'sum', spec });
      await repo.saveGame({ id: 'sum-2', sessionId: 'sum', spec: { ...spec, title: 'Newer' } });
      await repo.appendMessages('sum', [{ role: 'child', agent: null, content: 'yes' }]);
      const summary = await repo.sessionSummary('sum');
      expect(summary?.messageCount).toBe(2);
      expect(summary?.latestGame).toMatchObject({ id: 'sum-2', version: 2, spec: { title: 'Newer' } });
      expect(summary?.latestGame?.createdAt).toBeInstanceOf(Date);
    });

    it('forgets a deleted session: gone for reads and writes', async () => {
      await repo.createSession('del', initialState(), null);
      expect(await repo.getSession('del')).not.toBeNull();
      expect(await repo.deleteSession('del')).toBe(true);
      expect(await repo.getSession('del')).toBeNull();
      await expect(repo.saveSession('del', initialState(), 1, [], null)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await repo.deleteSession('del')).toBe(false);
    });

    it('50 concurrent writers on one session: no lost update, versions strictly increase', async () => {
      const r = await runConcurrentWriters(repo, 'lite-50', 50);
      expect(r.marks).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(r.finalVersion).toBe(51);
      expect([...r.versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
      expect(r.transcript).toHaveLength(50);
    });

    it('cleanup deletes expired sessions and transcripts unless a game was saved', async () => {
      const past = new Date(Date.now() - 60_000);
      await repo.createSession('x-chat', initialState(), past);
      await repo.appendMessages('x-chat', [{ role: 'child', agent: null, content: 'tacos' }]);
      await repo.createSession('x-game', initialState(), past);
      await repo.saveGame({ id: 'x-game-1', sessionId: 'x-game', spec: repairSpec({ type: 'catcher' }) });
      expect(await repo.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
      expect(await repo.listMessages('x-chat')).toEqual([]);
      expect(await repo.getGame('x-game-1')).not.toBeNull();
      expect(await repo.deleteExpired(new Date())).toBe(0);
    });
  });
}
