import { initialState } from '../../src/agents/state.js';
import { type Repository, VersionConflictError } from '../../src/store/repository.js';

/**
 * `writers` concurrent read-modify-write loops on one session, each adding its own mark to the
 * state and retrying on a version conflict, as a well-behaved client of optimistic locking does.
 * Returns the marks that ended up stored and every version a successful write produced.
 */
export async function runConcurrentWriters(repo: Repository, sessionId: string, writers = 50) {
  await repo.createSession(sessionId, initialState(), null);
  const versions: number[] = [];
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, i) => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const s = await repo.getSession(sessionId);
        if (!s) throw new Error('session vanished');
        const marks = [...((s.state.notes.marks as number[] | undefined) ?? []), i];
        try {
          const saved = await repo.saveSession(
            sessionId,
            { ...s.state, notes: { ...s.state.notes, marks } },
            s.version,
            [{ role: 'agent', agent: 'story_analyst', content: `writer ${i}` }],
            null,
          );
          versions.push(saved.version);
          return;
        } catch (e) {
          if (!(e instanceof VersionConflictError)) throw e;
          conflicts++;
          // A little jitter so the losers do not stampede in lock-step.
          await new Promise((r) => setTimeout(r, Math.random() * 5));
        }
      }
      throw new Error(`writer ${i} never won`);
    }),
  );
  const final = await repo.getSession(sessionId);
  const transcript = await repo.listMessages(sessionId);
  return {
    marks: ((final?.state.notes.marks as number[] | undefined) ?? []).slice().sort((a, b) => a - b),
    finalVersion: final?.version ?? 0,
    versions,
    conflicts,
    transcript: transcript.map((m) => m.content),
  };
}
