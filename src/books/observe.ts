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

/**
 * Runs a lookup in a span and times it; `describe` adds outcome attributes from its result. A
 * lookup that returns a promise (pgvector, a provider's embeddings) is timed until it settles.
 */
export function observe<T>(
  kind: RetrievalKind,
  index: RetrievalIndex,
  work: () => T,
  describe: (result: Awaited<T>) => Attributes = () => ({}),
): T {
  const started = performance.now();
  return tracer.startActiveSpan(`retrieval.${kind}`, { attributes: { 'retrieval.index': index } }, (span) => {
    const end = () => {
      span.end();
      report(kind, index, started);
    };
    const fail = (e: unknown) => {
      failed(span, e);
      end();
      throw e;
    };
    let result: T;
    try {
      result = work();
    } catch (e) {
      return fail(e);
    }
    if (result instanceof Promise) {
      return result.then((r: Awaited<T>) => {
        span.setAttributes(describe(r));
        end();
        return r;
      }, fail) as T;
    }
    span.setAttributes(describe(result as Awaited<T>));
    end();
    return result;
  });
}

/** Outcome attributes for a ranking: how many, and the best book's id and score (catalogue data). */
export function hitAttributes(hits: readonly { book: { id: string }; score: number }[]): Attributes {
  const best = hits[0];
  return {
    'retrieval.hits': hits.length,
    ...(best ? { 'retrieval.top_id': best.book.id, 'retrieval.top_score': best.score } : {}),
  };
}
