import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../support/child.js';

/** Traces of a whole conversation: a span per turn, agent spans inside, and no child's words. */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let t: TestApp;

beforeAll(async () => {
  provider.register();
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await provider.shutdown();
});

describe('OpenTelemetry spans', () => {
  it('nest each agent turn under its conversation turn and hold no child words', async () => {
    const script = SCRIPTS[0];
    if (!script) throw new Error('no script');
    const start = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json();
    let asked = start.asked as Asked;
    let phase = 'identifying';
    const spoken: string[] = [];
    let messages = 0;
    while (phase !== 'complete' && messages < 20) {
      const message = childAnswer(script, asked);
      spoken.push(message);
      const res = (
        await t.app.inject({
          method: 'POST',
          url: '/api/message',
          payload: { session_id: start.session_id, message },
        })
      ).json();
      asked = res.asked;
      phase = res.phase;
      messages += 1;
    }
    expect(phase).toBe('complete');

    const spans = exporter.getFinishedSpans();
    const turns = spans.filter((s) => s.name === 'conversation.turn');
    expect(turns).toHaveLength(messages);
    expect(turns.every((s) => s.attributes['gamemaker.session_id'] === start.session_id)).toBe(true);
    expect(turns.at(-1)?.attributes['gamemaker.phase']).toBe('complete');

    const turnIds = new Set(turns.map((s) => s.spanContext().spanId));
    const agents = spans.filter((s) => s.name.startsWith('agent.'));
    expect(new Set(agents.map((s) => s.name))).toEqual(
      new Set(['agent.story_analyst', 'agent.game_designer', 'agent.code_generator']),
    );
    // Every agent span sits inside a conversation turn of this trace.
    for (const a of agents) expect(turnIds.has(a.parentSpanContext?.spanId ?? '')).toBe(true);
    const built = agents.find((s) => s.name === 'agent.code_generator');
    expect(built?.attributes['gamemaker.result_fields']).toContain('spec');

    const everything = JSON.stringify(spans.map((s) => s.attributes));
    for (const words of spoken.filter((w) => w.length > 3 && w !== 'yes')) {
      expect(everything).not.toContain(words);
    }
  });
});
