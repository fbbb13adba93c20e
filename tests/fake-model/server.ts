import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chunkBy, type LoadProfile, type Pace, pace, rateLimited } from './load.js';
import {
  CacheRuleError,
  createPromptCache,
  estimateTokens,
  type PromptCache,
  type PromptUsage,
} from './prompt-cache.js';

export type { LoadProfile } from './load.js';

/**
 * A fake model provider over real HTTP, for tests: it speaks enough of the Anthropic Messages API
 * (`POST /v1/messages`) and the OpenAI chat completions API (`POST /v1/chat/completions`) for the
 * official SDKs, streaming or not, with text, tool calls and usage. Each request is answered from
 * a queue of scripted steps, else by a handler function; faults are steps too. Every request is
 * recorded, so a test can count retries and read the model name and system prompt that were sent.
 *
 * Usage is reported as Anthropic reports it: tokens estimated from what was sent (prompt-cache.ts),
 * with cache writes and reads when the request carries `cache_control` breakpoints. Under a load
 * profile (load.ts) it answers at a real model's pace and rate-limits a share of calls.
 */

export type Api = 'anthropic' | 'openai';

/** A request as received, normalised across the two APIs. */
export interface FakeRequest {
  /** Numbered from 1 in arrival order. */
  id: number;
  api: Api;
  at: number;
  model: string;
  stream: boolean;
  system: string;
  messages: Array<{ role: string; text: string }>;
  toolNames: string[];
  /** The forced tool's name, `auto`, `any`, or undefined. */
  toolChoice: string | undefined;
  temperature: unknown;
  topP: unknown;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Set as the answer goes out: the HTTP status, the usage reported, when content first went out. */
  status?: number;
  usage?: ReportedUsage;
  /** performance.now() when the first content delta (text or tool arguments) was written. */
  firstTokenAt?: number;
}

export interface ReportedUsage extends PromptUsage {
  output_tokens: number;
}

export interface FakeServerOptions {
  /** Keep every request in `requests` (default true; a long load run turns it off and uses onDone). */
  record?: boolean;
  /** Called when a request has been answered (or failed), with what was reported. */
  onDone?: (req: FakeRequest) => void;
  load?: LoadProfile | null;
  /** The prompt cache's clock (tests move it to expire entries). */
  now?: () => number;
}

export interface ReplyStep {
  kind: 'reply';
  text: string;
  /** A tool call: `input` is sent as JSON, `raw` exactly as given (to send malformed JSON). */
  tool?: { name: string; input?: unknown; raw?: string };
  /** Into how many pieces the tool call's JSON is cut when streamed (default: 40 characters each). */
  chunks?: number;
  /** Before the first content (streaming) or the whole response. */
  firstTokenDelayMs?: number;
  tokenDelayMs?: number;
  usage?: { input: number; output: number };
}

export type Step =
  | ReplyStep
  | { kind: 'error'; status: number; type?: string; message?: string; retryAfter?: string }
  /** Streams `text` (and nothing more), then goes silent with the connection open. */
  | { kind: 'stall'; text?: string }
  /** Closes the connection without an answer (a network failure). */
  | { kind: 'drop' };

export type Handler = (req: FakeRequest) => Step;

export interface FakeModelServer {
  /** Base URL: use as ANTHROPIC_BASE_URL, or `${url}/v1` as OPENAI_BASE_URL. */
  url: string;
  requests: FakeRequest[];
  /** Steps answered in order before the handler is consulted. */
  enqueue(...steps: Step[]): void;
  setHandler(handler: Handler): void;
  /** A real model's pace and a share of 429s (null: answer at once, as scripted). */
  setLoad(load: LoadProfile | null): void;
  readonly cache: PromptCache;
  reset(): void;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A wait between events; none at all when there is nothing to wait (scripted tests stay in order). */
const pause = async (ms: number) => {
  if (ms > 0) await sleep(ms);
};

/** Splits text into word-sized deltas, as models stream them. */
export function tokensOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function textOf(content: unknown, between = ''): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => (b && typeof b === 'object' && 'text' in b && typeof b.text === 'string' ? b.text : ''))
    .join(between);
}

function normalise(
  id: number,
  api: Api,
  body: Record<string, unknown>,
  headers: IncomingMessage['headers'],
): FakeRequest {
  const rawMessages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  const choice = body.tool_choice as Record<string, unknown> | string | undefined;
  let toolChoice: string | undefined;
  if (typeof choice === 'string') toolChoice = choice;
  else if (choice && api === 'anthropic')
    toolChoice = choice.type === 'tool' ? String(choice.name) : String(choice.type);
  else if (choice)
    toolChoice = String((choice.function as { name?: string } | undefined)?.name ?? choice.type);
  const system =
    api === 'anthropic'
      ? // Separate system blocks (a cached prefix, then the rest) read as separate paragraphs.
        textOf(body.system, '\n\n')
      : rawMessages
          .filter((m) => m.role === 'system' || m.role === 'developer')
          .map((m) => textOf(m.content))
          .join('\n');
  return {
    id,
    api,
    at: Date.now(),
    model: String(body.model ?? ''),
    stream: body.stream === true,
    system,
    messages: rawMessages
      .filter((m) => m.role !== 'system' && m.role !== 'developer')
      .map((m) => ({ role: String(m.role), text: textOf(m.content) })),
    toolNames: tools.map((t) =>
      String(api === 'anthropic' ? t.name : (t.function as { name?: string } | undefined)?.name),
    ),
    toolChoice,
    temperature: body.temperature,
    topP: body.top_p,
    headers,
    body,
  };
}

function argsOf(tool: NonNullable<ReplyStep['tool']>): string {
  return tool.raw ?? JSON.stringify(tool.input ?? {});
}

/**
 * Cuts a JSON string into pieces, as providers stream tool arguments (`count` pieces, else 40
 * characters each). Cut by code points: a piece never ends half an emoji.
 */
export function pieces(s: string, count?: number): string[] {
  const chars = Array.from(s);
  const size = count ? Math.max(1, Math.ceil(chars.length / count)) : 40;
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

function sse(res: ServerResponse, event: string | null, data: unknown) {
  res.write(
    `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
  );
}

interface ReplyContext {
  load: LoadProfile | null;
  cache: PromptCache;
}

/** The usage billed for this answer: scripted, else counted from the prompt (with its cache). */
function reportedUsage(req: FakeRequest, step: ReplyStep, cache: PromptCache): ReportedUsage {
  if (step.usage) return { input_tokens: Math.round(step.usage.input), output_tokens: step.usage.output };
  const written = step.text + (step.tool ? argsOf(step.tool) : '');
  return { ...cache.account(req.body), output_tokens: Math.max(1, estimateTokens(written)) };
}

/** The events a text or tool input is streamed in, and the wait before each after the first. */
function streamPlan(text: string, kind: 'text' | 'json', step: ReplyStep, p: Pace | null) {
  const parts = p
    ? chunkBy(text, p.charsPerEvent)
    : kind === 'text'
      ? tokensOf(text)
      : pieces(text, step.chunks);
  const wait = (part: string) => step.tokenDelayMs ?? (p ? estimateTokens(part) * p.msPerToken : 0);
  return { parts: kind === 'json' && parts.length === 0 ? [''] : parts, wait };
}

async function anthropicReply(req: FakeRequest, step: ReplyStep, res: ServerResponse, ctx: ReplyContext) {
  const usage = reportedUsage(req, step, ctx.cache);
  req.usage = usage;
  req.status = 200;
  const p = ctx.load ? pace(ctx.load) : null;
  const firstDelay = step.firstTokenDelayMs ?? p?.firstTokenMs ?? 0;
  const msgId = id('msg');
  const stopReason = step.tool ? 'tool_use' : 'end_turn';
  if (!req.stream) {
    await sleep(firstDelay);
    req.firstTokenAt = performance.now();
    const content: unknown[] = [];
    if (step.text) content.push({ type: 'text', text: step.text });
    if (step.tool) {
      const raw = argsOf(step.tool);
      let parsed: unknown = {};
      try {
        parsed = JSON.parse(raw);
      } catch {
        // The real API never returns unparseable input when not streaming; send the raw string.
        parsed = raw;
      }
      content.push({ type: 'tool_use', id: id('toolu'), name: step.tool.name, input: parsed });
    }
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(
      JSON.stringify({
        id: msgId,
        type: 'message',
        role: 'assistant',
        model: req.model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      }),
    );
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': id('req'),
  });
  const { output_tokens: output, ...input } = usage;
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id: msgId,
      type: 'message',
      role: 'assistant',
      model: req.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...input, output_tokens: 1 },
    },
  });
  await sleep(firstDelay);
  const delta = (index: number, d: Record<string, unknown>) => {
    req.firstTokenAt ??= performance.now();
    sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: d });
  };
  let index = 0;
  if (step.text) {
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '' },
    });
    const plan = streamPlan(step.text, 'text', step, p);
    for (const [i, t] of plan.parts.entries()) {
      if (i > 0) await pause(plan.wait(t));
      delta(index, { type: 'text_delta', text: t });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
    index += 1;
  }
  if (step.tool) {
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: id('toolu'), name: step.tool.name, input: {} },
    });
    const plan = streamPlan(argsOf(step.tool), 'json', step, p);
    for (const [i, piece] of plan.parts.entries()) {
      if (i > 0 || step.text) await pause(plan.wait(piece));
      delta(index, { type: 'input_json_delta', partial_json: piece });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  }
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: output },
  });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

async function openaiReply(req: FakeRequest, step: ReplyStep, res: ServerResponse) {
  const usage = step.usage ?? { input: 50 + req.system.length / 10, output: 10 + tokensOf(step.text).length };
  const u = { prompt_tokens: Math.round(usage.input), completion_tokens: usage.output };
  const usageBody = { ...u, total_tokens: u.prompt_tokens + u.completion_tokens };
  const chatId = id('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const finish = step.tool ? 'tool_calls' : 'stop';
  const callId = id('call');
  if (!req.stream) {
    await sleep(step.firstTokenDelayMs ?? 0);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: chatId,
        object: 'chat.completion',
        created,
        model: req.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: step.text || null,
              ...(step.tool
                ? {
                    tool_calls: [
                      {
                        id: callId,
                        type: 'function',
                        function: { name: step.tool.name, arguments: argsOf(step.tool) },
                      },
                    ],
                  }
                : {}),
            },
            finish_reason: finish,
          },
        ],
        usage: usageBody,
      }),
    );
    return;
  }
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: chatId,
    object: 'chat.completion.chunk',
    created,
    model: req.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  sse(res, null, chunk({ role: 'assistant', content: '' }));
  await sleep(step.firstTokenDelayMs ?? 0);
  for (const [i, t] of tokensOf(step.text).entries()) {
    if (i > 0 && step.tokenDelayMs) await sleep(step.tokenDelayMs);
    sse(res, null, chunk({ content: t }));
  }
  if (step.tool) {
    sse(
      res,
      null,
      chunk({
        tool_calls: [
          { index: 0, id: callId, type: 'function', function: { name: step.tool.name, arguments: '' } },
        ],
      }),
    );
    for (const [i, p] of pieces(argsOf(step.tool), step.chunks).entries()) {
      if (i > 0 && step.tokenDelayMs) await sleep(step.tokenDelayMs);
      sse(res, null, chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }));
    }
  }
  sse(res, null, chunk({}, finish));
  const options = req.body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    sse(res, null, {
      id: chatId,
      object: 'chat.completion.chunk',
      created,
      model: req.model,
      choices: [],
      usage: usageBody,
    });
  }
  sse(res, null, '[DONE]');
  res.end();
}

function sendError(api: Api, res: ServerResponse, step: Extract<Step, { kind: 'error' }>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
  const type =
    step.type ??
    (step.status === 429 ? 'rate_limit_error' : step.status === 529 ? 'overloaded_error' : 'api_error');
  const message = step.message ?? type;
  res.writeHead(step.status, headers);
  res.end(
    JSON.stringify(
      api === 'anthropic'
        ? { type: 'error', error: { type, message } }
        : { error: { message, type, code: null } },
    ),
  );
}

async function stall(api: Api, req: FakeRequest, text: string, res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (api === 'anthropic') {
    sse(res, 'message_start', {
      type: 'message_start',
      message: {
        id: id('msg'),
        type: 'message',
        role: 'assistant',
        model: req.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    });
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    for (const t of tokensOf(text)) {
      sse(res, 'content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: t },
      });
    }
  } else {
    for (const t of tokensOf(text)) {
      sse(res, null, {
        id: 'x',
        object: 'chat.completion.chunk',
        created: 0,
        model: req.model,
        choices: [{ index: 0, delta: { content: t }, finish_reason: null }],
      });
    }
  }
  // Then nothing: the connection stays open until the client gives up.
}

export async function startFakeModelServer(
  handler?: Handler,
  options: FakeServerOptions = {},
): Promise<FakeModelServer> {
  const queue: Step[] = [];
  const record = options.record !== false;
  const cache = createPromptCache(options.now);
  let load = options.load ?? null;
  let seq = 0;
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  let current: Handler =
    handler ??
    (() => ({ kind: 'error', status: 500, message: 'the fake model server has no script for this request' }));

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const api: Api | null = path.endsWith('/messages')
          ? 'anthropic'
          : path.endsWith('/chat/completions')
            ? 'openai'
            : null;
        if (req.method !== 'POST' || !api) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }),
          );
          return;
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          sendError(api, res, {
            kind: 'error',
            status: 400,
            type: 'invalid_request_error',
            message: 'bad JSON',
          });
          return;
        }
        seq += 1;
        const request = normalise(seq, api, body, req.headers);
        if (record) requests.push(request);
        try {
          await answer(api, request, req, res);
        } finally {
          options.onDone?.(request);
        }
      })().catch(() => res.destroy());
    });
  });
  /** One request's answer: a load profile's 429 first, then the queue, then the handler. */
  async function answer(api: Api, request: FakeRequest, req: IncomingMessage, res: ServerResponse) {
    const retryAfter = String(load?.retryAfterSeconds ?? 1);
    const step: Step = rateLimited(load)
      ? { kind: 'error', status: 429, retryAfter }
      : (queue.shift() ?? current(request));
    switch (step.kind) {
      case 'reply':
        if (api === 'openai') return openaiReply(request, step, res);
        try {
          return await anthropicReply(request, step, res, { load, cache });
        } catch (e) {
          if (!(e instanceof CacheRuleError)) throw e;
          request.status = 400;
          return sendError(api, res, {
            kind: 'error',
            status: 400,
            type: 'invalid_request_error',
            message: e.message,
          });
        }
      case 'error':
        request.status = step.status;
        return sendError(api, res, step);
      case 'stall':
        return stall(api, request, step.text ?? '', res);
      case 'drop':
        req.socket.destroy();
        return;
    }
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...steps) => void queue.push(...steps),
    setHandler: (h) => {
      current = h;
    },
    setLoad: (l) => {
      load = l;
    },
    cache,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
