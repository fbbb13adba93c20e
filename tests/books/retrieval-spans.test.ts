import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookById } from '../../src/books/catalog.js';
import { localKnowledge } from '../../src/books/local-knowledge.js';

/** Retrieval spans: one per lookup, inside the caller's span, naming the outcome and never the words. */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  provider.register();
});
afterAll(async () => {
  await provider.shutdown();
});

describe('retrieval spans', () => {
  it('nest under the active span and hold book ids and scores, not what the child said', () => {
    const said = 'a pig who builds a house and a wolf blows it';
    trace.getTracer('test').startActiveSpan('agent.story_analyst', (parent) => {
      localKnowledge().identifyBookSync(said);
      localKnowledge().searchBooksSync(said, 3);
      localKnowledge().rankGameTypesSync(bookById('the-three-little-pigs') as never);
      parent.end();
    });
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'agent.story_analyst');
    const retrieval = spans.filter((s) => s.name.startsWith('retrieval.'));
    expect(retrieval.map((s) => s.name)).toEqual([
      'retrieval.identify',
      'retrieval.search',
      'retrieval.game_types',
    ]);
    for (const s of retrieval) {
      expect(s.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
      expect(s.attributes['retrieval.index']).toBe('memory');
    }
    expect(retrieval[0]?.attributes).toMatchObject({
      'retrieval.top_id': 'the-three-little-pigs',
      'retrieval.confident': true,
    });
    const recorded = JSON.stringify(retrieval.map((s) => s.attributes));
    for (const word of ['builds', 'wolf blows', 'house']) expect(recorded).not.toContain(word);
  });
});
