/**
 * `npx tsx bench/stream.ts`: what streaming through the app costs. A fake Anthropic server (real
 * HTTP, tests/fake-model) answers with a fixed delay before the first token; we measure
 *   - time to first token read directly from the fake server (replaying the very request the app
 *     sends), and through POST /api/message/stream
 *     (real app on PGlite, ChatAnthropic, the agent graph), median of N, and their ratio; for the
 *     two shapes the reply comes in: inside the tool call (as Claude answers when the tool is
 *     forced: the reply is streamed from the call's partial JSON), and as text before the call;
 *   - the overhead per streamed token: how much later than the fake server's last token the app's
 *     last token arrives, for a long reply and for a short one; the difference divided by the
 *     difference in tokens is the app's marginal cost per token (SDK parsing, LangChain chunks,
 *     the graph, the SSE write and the client's parse), with fixed per-turn costs cancelled out.
 *
 *   npx tsx bench/stream.ts -- --runs 50 --delay 200 --tokens 1000
 */
import { parseArgs } from 'node:util';
import { anthropicEnv } from '../tests/fake-model/env.js';
import { type ReplyStep, startFakeModelServer, tokensOf } from '../tests/fake-model/server.js';
import { startTestApp } from '../tests/support/app.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    runs: { type: 'string', default: '50' },
    delay: { type: 'string', default: '200' },
    tokens: { type: 'string', default: '1000' },
  },
});
const runs = Number(values.runs);
const delay = Number(values.delay);
const longTokens = Number(values.tokens);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const SHORT = 'Ooh! Is that Dragons Love Tacos by Adam Rubin? I love the dragons in that book.';
const LONG = Array.from({ length: longTokens }, (_, i) => `word${i} `).join('');
type Shape = 'tool' | 'text';
const book = { title: 'Dragons Love Tacos', author: 'Adam Rubin' };
const step = (text: string, firstTokenDelayMs: number, shape: Shape = 'text'): ReplyStep =>
  shape === 'tool'
    ? // The reply first in the tool call, its JSON streamed in pieces of about a token each.
      {
        kind: 'reply',
        text: '',
        firstTokenDelayMs,
        chunks: Math.ceil(JSON.stringify({ reply: text, book }).length / 12),
        tool: { name: 'record_story_turn', input: { reply: text, book } },
      }
    : { kind: 'reply', text, firstTokenDelayMs, tool: { name: 'record_story_turn', input: { book } } };

/** Reads an SSE response, calling `onData` with each `data:` payload (and its event name) as it arrives. */
async function readSse(res: Response, onData: (event: string, data: string) => void) {
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return;
    buffer += decoder.decode(chunk.value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) onData(event, data);
      cut = buffer.indexOf('\n\n');
    }
  }
}

async function main() {
  const fake = await startFakeModelServer();
  const app = await startTestApp({
    listen: true,
    env: anthropicEnv(fake, { LLM_TIMEOUT_MS: '30000', LLM_STREAM_IDLE_MS: '10000' }),
  });
  const json = { 'content-type': 'application/json' };
  let appRequest: Record<string, unknown> | undefined;

  /** First and last content times (text or tool input), in ms after sending, straight from the fake server. */
  async function direct(text: string, firstDelay: number, shape: Shape = 'text') {
    fake.enqueue(step(text, firstDelay, shape));
    let first = Number.NaN;
    let last = Number.NaN;
    let count = 0;
    const t0 = performance.now();
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { ...json, 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      // The very request the app sends (system prompt, history, tool schema): the model's own time.
      body: JSON.stringify(
        appRequest ?? { model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [] },
      ),
    });
    await readSse(res, (event, data) => {
      if (event !== 'content_block_delta') return;
      if (shape === 'text' && !data.includes('"text_delta"')) return;
      const now = performance.now() - t0;
      if (count === 0) first = now;
      last = now;
      count++;
    });
    return { first, last, count };
  }

  /** The same, through the app: first and last `token` events of /api/message/stream. */
  async function throughApp(text: string, firstDelay: number, shape: Shape = 'text') {
    const start = (await (await fetch(`${app.url}/api/start_session`, { method: 'POST' })).json()) as {
      session_id: string;
    };
    fake.enqueue(step(text, firstDelay, shape));
    let first = Number.NaN;
    let last = Number.NaN;
    let agentAt = Number.NaN;
    let count = 0;
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/message/stream`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ session_id: start.session_id, message: 'dragons love tacos' }),
    });
    await readSse(res, (event) => {
      if (event === 'agent' && Number.isNaN(agentAt)) agentAt = performance.now() - t0;
      if (event !== 'token') return;
      const now = performance.now() - t0;
      if (count === 0) first = now;
      last = now;
      count++;
    });
    if (count === 0) throw new Error('no tokens through the app');
    return { first, last, count, agentAt };
  }

  // Warm-up (JIT, connection pools, PGlite caches): not measured.
  for (let i = 0; i < 5; i++) {
    await direct(SHORT, 0);
    await throughApp(SHORT, 0);
  }
  appRequest = fake.requests[fake.requests.length - 1]?.body;

  const first = {
    tool: { direct: [] as number[], app: [] as number[] },
    text: { direct: [] as number[], app: [] as number[] },
  };
  const appAgent: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const shape of ['tool', 'text'] as const) {
      first[shape].direct.push((await direct(SHORT, delay, shape)).first);
      const a = await throughApp(SHORT, delay, shape);
      first[shape].app.push(a.first);
      appAgent.push(a.agentAt);
    }
  }

  // Lateness of the app's last token behind the provider's, for a long and a short reply.
  const lateLong: number[] = [];
  const lateShort: number[] = [];
  let streamed = 0;
  for (let i = 0; i < Math.max(10, Math.floor(runs / 2)); i++) {
    const dl = await direct(LONG, 0);
    const al = await throughApp(LONG, 0);
    lateLong.push(al.last - dl.last);
    streamed = al.count;
    const ds = await direct(SHORT, 0);
    const as = await throughApp(SHORT, 0);
    lateShort.push(as.last - ds.last);
  }
  await app.close();
  await fake.close();

  const tokens = tokensOf(LONG).length;
  const shortTokens = tokensOf(SHORT).length;
  const perToken = (median(lateLong) - median(lateShort)) / (tokens - shortTokens);
  console.log(
    `Streaming through the app (fake Anthropic server, first-token delay ${delay} ms, ${runs} runs each)`,
  );
  for (const shape of ['tool', 'text'] as const) {
    const mDirect = median(first[shape].direct);
    const mApp = median(first[shape].app);
    console.log(
      shape === 'tool'
        ? '  reply inside the tool call (forced tool, streamed from its partial JSON):'
        : '  reply as text before the tool call:',
    );
    console.log(`    time to first token, direct from the fake server: median ${mDirect.toFixed(1)} ms`);
    console.log(`    time to first token, through /api/message/stream: median ${mApp.toFixed(1)} ms`);
    console.log(
      `    ratio app/direct: ${(mApp / mDirect).toFixed(3)}   (app adds ${(mApp - mDirect).toFixed(1)} ms; goal ≤ 1.1)`,
    );
  }
  console.log(
    `  (before the agent starts: lock, load, store the message: median ${median(appAgent).toFixed(1)} ms)`,
  );
  console.log(
    `Per-token overhead (${tokens}-token vs ${shortTokens}-token replies; ${streamed} token events seen)`,
  );
  console.log(
    `  app's last token behind the provider's: long reply median ${median(lateLong).toFixed(1)} ms,`,
  );
  console.log(
    `                                          short reply median ${median(lateShort).toFixed(1)} ms`,
  );
  console.log(`  overhead per streamed token: ${(perToken * 1000).toFixed(1)} µs`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
