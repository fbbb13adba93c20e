import http from 'node:http';
import { request } from '../../bench/load/client.js';
import { childAnswer, SCRIPTS } from '../support/child.js';

/**
 * Children at a child's pace through the proxy, for as long as a rolling restart takes: each sends a
 * message every `paceMs` (±20%), whole conversations to a game and then a new one. Nothing is
 * retried by the children: a message that is not answered 200 is a failed message, by cause.
 * Latency counts from when the message was due (no coordinated omission), and each answer records
 * which instance served it (HAProxy's x-served-by), so a restarted instance's first minute can be
 * told apart. Every session's expected transcript length is kept, to check that none was lost.
 */

export interface Sample {
  /** performance.now() when the message was due. */
  at: number;
  ms: number;
  server: string;
}

export interface SessionRecord {
  id: string;
  /** The transcript the server must hold: the greeting, and each message with its agents' replies. */
  expected: number;
}

export interface LoadResult {
  samples: Sample[];
  sessions: SessionRecord[];
  /** Failed requests by cause: "message: 502", "start: ECONNRESET" ... */
  failures: Map<string, number>;
  failed: number;
  /** When each failure happened (performance.now()), to set beside the restarts. */
  failedAt: Array<{ at: number; cause: string }>;
  games: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  server: string;
}

// A tablet keeps its connection; idle sockets are closed before the proxy's 70 s keep-alive would.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 60_000 });

/** One request through the load generator's client (bench/load/client.ts), on this pool. */
export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer> {
  const a = await request(base, method, path, body, 60_000, agent);
  return { status: a.status, body: a.body, server: String(a.headers['x-served-by'] ?? '') };
}

export interface Children {
  /** Messages answered so far, in all and per instance. */
  answered(server?: string): number;
  /** Stops sending new messages, waits for those in flight, returns everything recorded. */
  stop(): Promise<LoadResult>;
}

export function startChildren(base: string, count: number, paceMs: number): Children {
  const result: LoadResult = {
    samples: [],
    sessions: [],
    failures: new Map(),
    failed: 0,
    failedAt: [],
    games: 0,
  };
  const perServer = new Map<string, number>();
  let stopping = false;
  let wake: Array<() => void> = [];
  const fail = (what: string, cause: string) => {
    const key = `${what}: ${cause}`;
    result.failures.set(key, (result.failures.get(key) ?? 0) + 1);
    result.failed++;
    result.failedAt.push({ at: performance.now(), cause: key });
  };
  // A child waits for its next message, but a stop cuts the wait short.
  const waitUntil = (t: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(done, Math.max(0, t - performance.now()));
      wake.push(done);
      function done() {
        clearTimeout(timer);
        r();
      }
    });

  const child = async (n: number) => {
    const script = SCRIPTS[n % SCRIPTS.length] as (typeof SCRIPTS)[number];
    const jitter = () => paceMs * (0.8 + 0.4 * Math.random());
    // Children arrive spread over the first pace interval.
    let due = performance.now() + Math.random() * paceMs;
    let session: (SessionRecord & { said: string; phase: string }) | null = null;
    while (!stopping) {
      await waitUntil(due);
      if (stopping) break;
      const scheduled = due;
      due += jitter();
      try {
        if (!session) {
          const a = await call(base, 'POST', '/api/start_session', {});
          if (a.status !== 200) {
            fail('start', `${a.status} ${String(a.body.error ?? '')}`.trim());
            continue;
          }
          session = {
            id: String(a.body.session_id),
            expected: 1,
            said: String(a.body.message),
            phase: 'identifying',
          };
          result.sessions.push(session);
          continue;
        }
        const a = await call(base, 'POST', '/api/message', {
          session_id: session.id,
          message: childAnswer(script, session.phase, session.said),
        });
        if (a.status !== 200) {
          fail('message', `${a.status} ${String(a.body.error ?? '')}`.trim());
          continue;
        }
        result.samples.push({ at: scheduled, ms: performance.now() - scheduled, server: a.server });
        perServer.set(a.server, (perServer.get(a.server) ?? 0) + 1);
        session.expected += 1 + (a.body.turns as unknown[]).length;
        session.said = String(a.body.message);
        session.phase = String(a.body.phase);
        if (session.phase === 'complete') {
          result.games++;
          session = null;
        }
      } catch (e) {
        fail(session ? 'message' : 'start', (e as Error).message);
      }
    }
  };
  const all = Promise.all(Array.from({ length: count }, (_, n) => child(n)));
  return {
    answered: (server) => (server === undefined ? result.samples.length : (perServer.get(server) ?? 0)),
    async stop() {
      stopping = true;
      for (const w of wake) w();
      wake = [];
      await all;
      return result;
    },
  };
}

export interface SessionCheck {
  checked: number;
  /** Sessions the server no longer knows, or whose transcript is shorter than what was answered. */
  lost: Array<{ id: string; expected: number; found: number | string }>;
  /**
   * Transcripts longer than what the child saw answered: a message the child gave up on (timeout,
   * reset) was answered after all. Not lost, but not what the child saw either.
   */
  longer: Array<{ id: string; expected: number; found: number }>;
}

/** Reads every session back through the proxy: each must exist with its whole transcript. */
export async function checkSessions(
  base: string,
  sessions: SessionRecord[],
  parallel = 16,
): Promise<SessionCheck> {
  const lost: SessionCheck['lost'] = [];
  const longer: SessionCheck['longer'] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < sessions.length) {
        const s = sessions[next++] as SessionRecord;
        try {
          const a = await call(base, 'GET', `/api/session/${s.id}`);
          const found =
            a.status === 200
              ? Number(a.body.conversation_count)
              : `${a.status} ${String(a.body.error ?? '')}`;
          if (typeof found === 'number' && found > s.expected)
            longer.push({ id: s.id, expected: s.expected, found });
          else if (found !== s.expected) lost.push({ id: s.id, expected: s.expected, found });
        } catch (e) {
          lost.push({ id: s.id, expected: s.expected, found: (e as Error).message });
        }
      }
    }),
  );
  return { checked: sessions.length, lost, longer };
}

export const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
};

/** Closes the children's idle connections (the end of a run). */
export function closeConnections() {
  agent.destroy();
}
