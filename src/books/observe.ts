import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Spans and timings for retrieval. The books layer knows nothing of the app's metrics registry;
 * the composition root subscribes (src/bootstrap.ts feeds gamemaker_retrieval_latency_seconds).
 * Span attributes say what kind of lookup ran, over which index, and how it came out (a book id,
 * a score): never the child's words.
 */

export type RetrievalKind = 'search' | 'identify' | 'game_types';
export type RetrievalIndex = 'memory' | 'pgvector' | 'titles';

export interface RetrievalEvent {
  kind: RetrievalKind;
  index: RetrievalIndex;
  seconds: number;
}

type Listener = (event: RetrievalEvent) => void;
const listeners = new Set<Listener>();
const tracer = trace.getTracer('the-game-maker');

/** Be told of every retrieval in this process; returns the unsubscribe. */
export function onRetrieval(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function report(kind: RetrievalKind, index: RetrievalIndex, started: number): void {
  const event = { kind, index, seconds: (performance.now() - started) / 1000 };
  for (const l of listeners) {
    try {
      l(event);
    } catch {
      // A broken listener must not break a child's turn.
    }
  }
}

function failed(span: Span, e: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : 'error' });
}

/** Runs a synchronous lookup in a span; `describe` adds outcome attributes from its result. */
export function observeSync<T>(
  kind: RetrievalKind,
  index: RetrievalIndex,
  work: () => T,
  describe: (result: T) => Attributes = () => ({}),
): T {
  const started = performance.now();
  return tracer.startActiveSpan(`retrieval.${kind}`, { attributes: { 'retrieval.index': index } }, (span) => {
    try {
      const result = work();
      span.setAttributes(describe(result));
      return result;
    } catch (e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
      report(kind, index, started);
    }
  });
}

/** The same, for a lookup that waits (pgvector, a provider's embeddings). */
export async function observeAsync<T>(
  kind: RetrievalKind,
  index: RetrievalIndex,
  work: () => Promise<T>,
  describe: (result: T) => Attributes = () => ({}),
): Promise<T> {
  const started = performance.now();
  return tracer.startActiveSpan(
    `retrieval.${kind}`,
    { attributes: { 'retrieval.index': index } },
    async (span) => {
      try {
        const result = await work();
        span.setAttributes(describe(result));
        return result;
      } catch (e) {
        failed(span, e);
        throw e;
      } finally {
        span.end();
        report(kind, index, started);
      }
    },
  );
}

/** Outcome attributes for a ranking: how many, and the best book's id and score (catalogue data). */
export function hitAttributes(hits: readonly { book: { id: string }; score: number }[]): Attributes {
  const best = hits[0];
  return {
    'retrieval.hits': hits.length,
    ...(best ? { 'retrieval.top_id': best.book.id, 'retrieval.top_score': best.score } : {}),
  };
}
