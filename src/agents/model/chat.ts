import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ModelTimeoutError } from './errors.js';
import { ReplyStream } from './partial-json.js';

/**
 * One streamed model call, provider-agnostic over LangChain chat models. The spoken reply reaches
 * `onToken` as it is written, from whichever voice the model speaks in first: plain text, or the
 * `replyField` of its tool call, decoded from the arguments' partial JSON as they stream (a model
 * forced to call the tool writes no text at all). The other voice is kept but never streamed, so
 * the child never hears two replies. Tool calls are collected raw (the caller parses them), usage
 * is read from the stream. A stream that goes silent for `idleMs` is abandoned.
 */

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface RawToolCall {
  name: string;
  /** The arguments exactly as streamed; may be invalid JSON. */
  args: string;
  /** The reply field as decoded while streaming (also when the JSON later breaks). */
  reply: string;
}

/** Which voice the reply was streamed in: the text, the tool call's reply field, or none yet. */
export type Voice = 'text' | 'tool' | null;

export interface ChatResult {
  text: string;
  toolCalls: RawToolCall[];
  /** All input tokens, cached or not (as LangChain sums them). */
  inputTokens: number;
  outputTokens: number;
  /** Of the input: written to and read from the provider's prompt cache (Anthropic). */
  cacheWriteTokens: number;
  cacheReadTokens: number;
  voice: Voice;
  /** Milliseconds from the request to the first streamed content (text or tool arguments). */
  firstTokenMs?: number;
}

export interface ChatCall {
  messages: BaseMessage[];
  tools: ToolDefinition[];
  /** `auto` lets the model speak first and then call a tool; `any` or a name forces a tool call. */
  toolChoice: 'auto' | 'any' | string;
  /** Strict tool use (Anthropic structured outputs): the provider holds the input to the schema. */
  strict?: boolean;
  /** The tool argument that holds the spoken reply, streamed as it arrives. */
  replyField?: string;
  signal: AbortSignal;
  idleMs: number;
  onToken?: (delta: string) => void;
}

/** The text in one chunk: a string (OpenAI) or text content blocks (Anthropic with tools). */
function textOf(chunk: AIMessageChunk): string {
  const c = chunk.content;
  if (typeof c === 'string') return c;
  let out = '';
  for (const block of c) {
    if (
      typeof block === 'object' &&
      block !== null &&
      block.type === 'text' &&
      typeof block.text === 'string'
    ) {
      out += block.text;
    }
  }
  return out;
}

export async function streamChat(model: BaseChatModel, call: ChatCall): Promise<ChatResult> {
  if (!model.bindTools) throw new Error('this chat model cannot call tools');
  const bound = model.bindTools(
    call.tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters: t.parameters },
    })),
    { tool_choice: call.toolChoice, ...(call.strict ? { strict: true } : {}) },
  );

  const idle = new AbortController();
  const signal = AbortSignal.any([call.signal, idle.signal]);
  // Rejects when either signal fires, so a stalled SDK read can never hold the turn.
  let rejectStop: (e: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  stopped.catch(() => {});
  const onAbort = () => rejectStop(call.signal.aborted ? call.signal.reason : idle.signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new ModelTimeoutError('idle', call.idleMs)), call.idleMs);
  };

  const result: ChatResult = {
    text: '',
    toolCalls: [],
    inputTokens: 0,
    outputTokens: 0,
    cacheWriteTokens: 0,
    cacheReadTokens: 0,
    voice: null,
  };
  const calls = new Map<number | string, RawToolCall & { stream?: ReplyStream; heard: number }>();
  // Leading whitespace (a blank text block before the tool call) claims no voice.
  let heldText = '';
  const say = (voice: Exclude<Voice, null>, delta: string) => {
    if (result.voice === null) result.voice = voice;
    if (result.voice === voice) call.onToken?.(delta);
  };
  let it: AsyncIterator<AIMessageChunk> | undefined;
  const started = performance.now();
  try {
    arm();
    const stream = await Promise.race([bound.stream(call.messages, { signal }), stopped]);
    it = stream[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([it.next(), stopped]);
      if (next.done) break;
      arm();
      const chunk = next.value;
      const delta = textOf(chunk);
      if (result.firstTokenMs === undefined && (delta || chunk.tool_call_chunks?.some((tc) => tc.args))) {
        result.firstTokenMs = performance.now() - started;
      }
      if (delta) {
        result.text += delta;
        if (result.voice === 'text') say('text', delta);
        else if (result.voice === null) {
          heldText += delta;
          if (heldText.trim()) {
            say('text', heldText.trimStart());
            heldText = '';
          }
        }
      }
      for (const tc of chunk.tool_call_chunks ?? []) {
        const key = tc.index ?? tc.id ?? calls.size;
        let entry = calls.get(key);
        if (!entry) {
          entry = { name: '', args: '', reply: '', heard: 0 };
          if (call.replyField) entry.stream = new ReplyStream(call.replyField);
          calls.set(key, entry);
        }
        if (tc.name) entry.name = tc.name;
        if (tc.args) {
          entry.args += tc.args;
          const spoken = entry.stream?.push(tc.args);
          if (spoken) {
            entry.reply += spoken;
            const visible = entry.reply.trimStart();
            // Only the first tool call that speaks is heard; leading blanks claim no voice.
            const first = [...calls.values()].find((c) => c.reply.trim());
            if (first === entry && visible.length > entry.heard) {
              // code-unit-safe: `heard` is an earlier length of this text, whose end the decoder never leaves on half a surrogate pair
              say('tool', visible.slice(entry.heard));
              entry.heard = visible.length;
            }
          }
        }
      }
      const usage = chunk.usage_metadata;
      // Anthropic reports input tokens at the start and cumulative output tokens at the end.
      if (usage) {
        result.inputTokens = Math.max(result.inputTokens, usage.input_tokens ?? 0);
        result.outputTokens = Math.max(result.outputTokens, usage.output_tokens ?? 0);
        const details = usage.input_token_details;
        result.cacheWriteTokens = Math.max(result.cacheWriteTokens, details?.cache_creation ?? 0);
        result.cacheReadTokens = Math.max(result.cacheReadTokens, details?.cache_read ?? 0);
      }
    }
  } catch (e) {
    // Let the SDK close its connection rather than leave a half-read stream behind.
    it?.return?.().catch(() => {});
    if (idle.signal.aborted && !call.signal.aborted) throw idle.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  result.toolCalls = [...calls.values()].map(({ name, args, reply }) => ({ name, args, reply }));
  return result;
}
