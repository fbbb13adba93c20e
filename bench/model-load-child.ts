import http from 'node:http';
import type { Asked } from '../src/agents/state.js';
import { childAnswer, SCRIPTS } from '../tests/support/child.js';
import { causeOf, post } from './load/client.js';
import { TAG } from './model-load-provider.js';

/**
 * The children of bench/model-load.ts: each plays one whole conversation to a game over real HTTP,
 * streamed (`POST /api/message/stream`, Server-Sent Events, as the page does), thinking for a
 * child's pace between an answer and the next message. Per message it records when the first
 * token arrived and which provider request it came from (the tag the fake put in front of it).
 */

export interface ChildRun {
  messages: number;
  /** Messages that failed as a child would see it: no 2xx, an error event, a broken stream. */
  failed: Map<string, number>;
  games: number;
  /** Child messages per finished game. */
  perGame: number[];
  /** [request id, performance.now() of the first token event at the client]. */
  firstTokens: Array<[number, number]>;
  /** Time from sending a message to its `done` event (ms). */
  latencies: number[];
}

export const newChildRun = (): ChildRun => ({
  messages: 0,
  failed: new Map(),
  games: 0,
  perGame: [],
  firstTokens: [],
  latencies: [],
});

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 120_000 });

interface Streamed {
  status: number;
  done?: { phase?: string; asked?: Asked; is_complete?: boolean };
  error?: string;
  firstTokenAt?: number;
  tag?: number;
}

/** Reads Server-Sent Events from a response, calling `on` for each complete event. */
function readEvents(res: http.IncomingMessage, on: (event: string, data: string) => void) {
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const raw = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      let data = '';
      for (const line of raw.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) on(event, data);
    }
  });
}

/** One streamed message: resolves when the stream ends, whatever it said. */
function streamMessage(base: string, body: unknown, timeoutMs: number): Promise<Streamed> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const out: Streamed = { status: 0 };
    let text = '';
    const req = http.request(
      `${base}/api/message/stream`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        out.status = res.statusCode ?? 0;
        if (out.status !== 200) {
          res.resume();
          res.on('end', () => resolve(out));
          return;
        }
        readEvents(res, (event, data) => {
          if (event === 'token') {
            out.firstTokenAt ??= performance.now();
            if (out.tag === undefined && text.length < 40) {
              text += (JSON.parse(data) as { text: string }).text;
              const m = TAG.exec(text);
              if (m) out.tag = Number(m[1]);
            }
          } else if (event === 'done') out.done = JSON.parse(data);
          else if (event === 'error') out.error = (JSON.parse(data) as { error?: string }).error ?? 'error';
        });
        res.on('end', () => resolve(out));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface ChildOptions {
  urls: string[];
  /** Seconds a child thinks between an answer and the next message (±40%). */
  paceSeconds: number;
  /** A child who never reaches a game stops after this many messages. */
  maxMessages: number;
  timeoutMs: number;
  random: () => number;
}

/** Child `n` plays one conversation to a game; everything it saw goes into `run`. */
export async function playChild(n: number, run: ChildRun, o: ChildOptions): Promise<void> {
  const script = SCRIPTS[n % SCRIPTS.length] as (typeof SCRIPTS)[number];
  const pick = (i: number) => o.urls[(n + i) % o.urls.length] as string;
  const fail = (why: string) => run.failed.set(why, (run.failed.get(why) ?? 0) + 1);
  let id: string;
  let asked: Asked | undefined;
  try {
    const s = await post(pick(0), '/api/start_session', {}, o.timeoutMs);
    id = String(s.session_id);
    asked = s.asked as Asked | undefined;
  } catch (e) {
    fail(`start: ${causeOf(e)}`);
    return;
  }
  for (let i = 1; i <= o.maxMessages; i++) {
    await sleep(o.paceSeconds * 1000 * (0.6 + 0.8 * o.random()));
    run.messages += 1;
    const sent = performance.now();
    let r: Streamed;
    try {
      r = await streamMessage(pick(i), { session_id: id, message: childAnswer(script, asked) }, o.timeoutMs);
    } catch (e) {
      fail(`message: ${causeOf(e)}`);
      continue;
    }
    if (r.status !== 200) fail(`message: HTTP ${r.status}`);
    else if (r.error) fail(`message: error event ${r.error}`);
    else if (!r.done) fail('message: stream ended without done');
    if (!r.done) continue;
    run.latencies.push(performance.now() - sent);
    if (r.firstTokenAt !== undefined && r.tag !== undefined) run.firstTokens.push([r.tag, r.firstTokenAt]);
    asked = r.done.asked;
    if (r.done.phase === 'complete' || r.done.is_complete) {
      run.games += 1;
      run.perGame.push(i);
      return;
    }
  }
}
