import type { SessionLock } from '../cache/session-lock.js';
import type { StoredSession } from '../store/repository.js';
import type { Admission } from './admission.js';
import { SessionBusyError } from './errors.js';

/**
 * One turn's hold on a session: its lock (one message at a time per session, across instances
 * when the lock is Redis-backed) and an admission slot (how many turns run at once here), with the
 * session read under both. A second message for a busy session is refused at once, not queued.
 */
export function sessionTurns(deps: {
  lock: SessionLock;
  admission: Pick<Admission, 'enter' | 'tryEnter'>;
  read: (sessionId: string) => Promise<StoredSession>;
}) {
  const { lock, admission, read } = deps;
  return async function withSessionTurn<T>(
    sessionId: string,
    work: (stored: StoredSession) => Promise<T>,
  ): Promise<T> {
    const locking = lock.acquire(sessionId);
    // A turn let in at once reads its session right behind the lock's request: one round trip to
    // Redis for both, run in order, so the read sees what the lock's last holder wrote (it is used
    // only if the lock is won). A turn that must queue reads once admitted, holding nothing while
    // it waits.
    const slot = admission.tryEnter();
    const early = slot ? read(sessionId) : null;
    early?.catch(() => {});
    const release = await locking;
    if (!release) {
      slot?.();
      throw new SessionBusyError(sessionId);
    }
    const leave = slot ?? (await admission.enter());
    try {
      return await work(await (early ?? read(sessionId)));
    } finally {
      leave();
      await release();
    }
  };
}
