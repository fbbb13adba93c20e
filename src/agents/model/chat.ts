import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ModelTimeoutError } from './errors.js';

/**
 * One streamed model call, provider-agnostic over LangChain chat models: the reply's text is
 * handed to `onToken` as it arrives, tool calls are collected raw (their JSON is parsed strictly
 * by the caller, so a malformed tool call is seen as malformed rather than "repaired"), usage is
 * read from the stream. A stream that goes silent for `idleMs` is abandoned.
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
}

export interface ChatResult {
  text: string;
  toolCalls: RawToolCall[];
  inputTokens: number;
  outputTokens: number;
}

export interface ChatCall {
  messages: BaseMessage[];
  tools: ToolDefinition[];
  /** `auto` lets the model speak first and then call a tool; a name forces that tool. */
  toolChoice: 'auto' | string;
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
    { tool_choice: call.toolChoice },
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

  const result: ChatResult = { text: '', toolCalls: [], inputTokens: 0, outputTokens: 0 };
  const calls = new Map<number | string, RawToolCall>();
  let it: AsyncIterator<AIMessageChunk> | undefined;
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
      if (delta) {
        result.text += delta;
        call.onToken?.(delta);
      }
      for (const tc of chunk.tool_call_chunks ?? []) {
        const key = tc.index ?? tc.id ?? calls.size;
        const entry = calls.get(key) ?? { name: '', args: '' };
        if (tc.name) entry.name = tc.name;
        if (tc.args) entry.args += tc.args;
        calls.set(key, entry);
      }
      const usage = chunk.usage_metadata;
      // Anthropic reports input tokens at the start and cumulative output tokens at the end.
      if (usage) {
        result.inputTokens = Math.max(result.inputTokens, usage.input_tokens ?? 0);
        result.outputTokens = Math.max(result.outputTokens, usage.output_tokens ?? 0);
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
  result.toolCalls = [...calls.values()];
  return result;
}
