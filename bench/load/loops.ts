import { type Asked, childAnswer, SCRIPTS } from '../../tests/support/child.js';
import { causeOf, post, request } from './client.js';

/**
 * Two ways to load the app with N children, each playing whole conversations (start → game, then
 * a new conversation) over real HTTP:
 *
 * - open loop, "a child's pace": every session sends one message every `paceSeconds` (±20%),
 *   whatever the server does. If an answer is late, the next message waits for it (a child cannot
 *   send while waiting), and its latency is counted from when it *should* have been sent, so a
 *   slow server cannot hide its queue (no coordinated omission). Sessions arrive spread over the
 *   first pace interval.
 * - closed loop, "as fast as answered": all N sessions open at once and each sends its next
 *   message as soon as the last is answered. Throughput is the messages answered inside the window.
 *
 * Requests go round-robin over the instances, as a load balancer without stickiness would send
 * them. Nothing is retried: every failure is counted by cause. `/api/health` is probed on every
 * instance every 250 ms meanwhile.
 */

export interface RunResult {
  loop: 'open' | 'closed';
  sessions: number;
  seconds: number;
  /** Messages per second the open loop asks for (N / pace); null for the closed loop. */
  offered: number | null;
  /** Latency of every answered /api/message (ms). */
  latencies: number[];
  /** Messages answered inside the window (throughput = answered / seconds). */
  answered: number;
  errors: Map<string, number>;
  games: number;
  health: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Conversation {
  id: string;
  /** The question the last reply asked (the API's `asked`). */
  asked: Asked | undefined;
  phase: string;
  script: (typeof SCRIPTS)[number];
}

function recorder(loop: RunResult['loop'], sessions: number, seconds: number, offered: number | null) {
  const r: RunResult = {
    loop,
    sessions,
    seconds,
    offered,
    latencies: [],
    answered: 0,
    errors: new Map(),
    games: 0,
    health: [],
  };
  const fail = (what: string, e: unknown) => {
    const key = `${what}: ${causeOf(e)}`;
    r.errors.set(key, (r.errors.get(key) ?? 0) + 1);
  };
  return { r, fail };
}

function router(urls: string[]) {
  let turn = 0;
  return () => urls[turn++ % urls.length] as string;
}

async function startConversation(base: string, s: number, timeoutMs: number): Promise<Conversation> {
  const script = SCRIPTS[s % SCRIPTS.length] as (typeof SCRIPTS)[number];
  const b = await post(base, '/api/start_session', {}, timeoutMs);
  return { id: String(b.session_id), asked: b.asked as Asked | undefined, phase: String(b.phase), script };
}

async function sendMessage(base: string, c: Conversation, timeoutMs: number): Promise<void> {
  const b = await post(
    base,
    '/api/message',
    { session_id: c.id, message: childAnswer(c.script, c.asked) },
    timeoutMs,
  );
  c.asked = b.asked as Asked | undefined;
  c.phase = String(b.phase);
}

function probeHealth(urls: string[], r: RunResult, fail: (w: string, e: unknown) => void) {
  let stop = false;
  const done = (async () => {
    while (!stop) {
      for (const u of urls) {
        const t0 = performance.now();
        try {
          const a = await request(u, 'GET', '/api/health', undefined, 60_000);
          if (a.status !== 200) throw new Error(`${a.status}`);
          r.health.push(performance.now() - t0);
        } catch (e) {
          fail('health', e);
        }
      }
      await sleep(250);
    }
  })();
  return async () => {
    stop = true;
    await done;
  };
}

export async function openLoop(
  urls: string[],
  sessions: number,
  seconds: number,
  paceSeconds: number,
  timeoutMs = 30_000,
): Promise<RunResult> {
  const pace = paceSeconds * 1000;
  const { r, fail } = recorder('open', sessions, seconds, sessions / paceSeconds);
  const pick = router(urls);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const stopProbe = probeHealth(urls, r, fail);
  const jitter = () => pace * (0.8 + 0.4 * Math.random());
  await Promise.all(
    Array.from({ length: sessions }, async (_, s) => {
      let due = t0 + Math.random() * pace;
      let c: Conversation | null = null;
      while (due < end) {
        await sleep(due - performance.now());
        if (!c) {
          try {
            c = await startConversation(pick(), s, timeoutMs);
          } catch (e) {
            fail('start', e);
          }
          due += jitter();
          continue;
        }
        const scheduled = due;
        try {
          await sendMessage(pick(), c, timeoutMs);
          r.latencies.push(performance.now() - scheduled);
          if (performance.now() <= end) r.answered++;
          if (c.phase === 'complete') {
            r.games++;
            c = null;
          }
        } catch (e) {
          fail('message', e);
        }
        due += jitter();
      }
    }),
  );
  await stopProbe();
  return r;
}

export async function closedLoop(
  urls: string[],
  sessions: number,
  seconds: number,
  timeoutMs = 30_000,
): Promise<RunResult> {
  const { r, fail } = recorder('closed', sessions, seconds, null);
  const pick = router(urls);
  const end = performance.now() + seconds * 1000;
  const stopProbe = probeHealth(urls, r, fail);
  await Promise.all(
    Array.from({ length: sessions }, async (_, s) => {
      let c: Conversation | null = null;
      while (performance.now() < end) {
        try {
          if (!c) {
            c = await startConversation(pick(), s, timeoutMs);
            continue;
          }
          const t = performance.now();
          await sendMessage(pick(), c, timeoutMs);
          if (performance.now() <= end) {
            r.answered++;
            r.latencies.push(performance.now() - t);
          }
          if (c.phase === 'complete') {
            r.games++;
            c = null;
          }
        } catch (e) {
          fail(c ? 'message' : 'start', e);
          // A child's page waits a moment before trying again.
          await sleep(250);
        }
      }
    }),
  );
  await stopProbe();
  return r;
}

export const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
