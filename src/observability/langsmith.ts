import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { RunnableLambda } from '@langchain/core/runnables';
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain';
import { Client } from 'langsmith';

/**
 * LangSmith traces, when configured: every graph run, agent node and model call with its timing
 * and token usage, and never what the child said. Inputs are replaced wholesale, outputs keep only
 * token usage, so neither the child's words nor the agents' replies (which echo them) leave.
 */
export interface LangSmithConfig {
  enabled: boolean;
  apiKey: string | undefined;
  endpoint: string;
  project: string;
}

export interface LangSmith {
  enabled: boolean;
  /** Passed to each graph run; nested model calls inherit them. */
  callbacks: BaseCallbackHandler[];
  /**
   * Runs `work` as a named run of its own, so the model calls inside it are traced (with the same
   * hiding) where no graph run is around them: a generation job taken from the queue. Off: `work()`.
   */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Sends what is still queued (on shutdown). */
  flush(): Promise<void>;
}

const USAGE_KEYS = new Set(['usage_metadata', 'usage', 'tokenUsage', 'token_usage', 'estimatedTokenUsage']);

/** Only numbers under usage-like keys survive: `{usage: {input_tokens: 12, ...}}`. */
export function keepUsageOnly(outputs: Record<string, unknown>): Record<string, unknown> {
  const found: Record<string, number> = {};
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 8) return;
    for (const [k, v] of Object.entries(value)) {
      if (USAGE_KEYS.has(k) && v && typeof v === 'object') {
        for (const [name, n] of Object.entries(v)) {
          if (typeof n === 'number') found[name] = (found[name] ?? 0) + n;
        }
      } else visit(v, depth + 1);
    }
  };
  visit(outputs, 0);
  return Object.keys(found).length ? { usage: found } : {};
}

/**
 * LangChain adds a tracer of its own whenever LANGSMITH_TRACING / LANGCHAIN_TRACING_V2 is "true",
 * with no hiding: that is how traces with children's words happened by accident. Ours replaces it.
 */
function switchOffAmbientTracing() {
  for (const name of [
    'LANGSMITH_TRACING_V2',
    'LANGCHAIN_TRACING_V2',
    'LANGSMITH_TRACING',
    'LANGCHAIN_TRACING',
  ]) {
    if (process.env[name] !== undefined) process.env[name] = 'false';
  }
}

export function startLangSmith(config: LangSmithConfig): LangSmith {
  switchOffAmbientTracing();
  if (!config.enabled)
    return { enabled: false, callbacks: [], run: (_name, work) => work(), flush: async () => {} };
  const client = new Client({
    apiUrl: config.endpoint,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    hideInputs: () => ({ hidden: 'the child’s words are never traced' }),
    hideOutputs: (outputs) => keepUsageOnly(outputs),
    // Run metadata may carry configurable values; only LangChain's own ls_* keys are kept.
    hideMetadata: (metadata) =>
      Object.fromEntries(Object.entries(metadata).filter(([k]) => k.startsWith('ls_'))),
  });
  const tracer = new LangChainTracer({ client, projectName: config.project });
  const callbacks = [tracer];
  return {
    enabled: true,
    callbacks,
    // LangChain hands this run's callbacks to every runnable started inside `work` (async local
    // storage), so the chat model's run nests under it. Its input is empty: nothing to hide.
    run: <T>(name: string, work: () => Promise<T>) =>
      RunnableLambda.from(async (_: Record<string, never>) => work()).invoke(
        {},
        { callbacks, runName: name },
      ),
    flush: () => client.awaitPendingTraceBatches(),
  };
}
