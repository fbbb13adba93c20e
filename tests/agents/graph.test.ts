import { describe, expect, it } from 'vitest';
import type { Brain } from '../../src/agents/brain.js';
import { buildAgentGraph, runTurn } from '../../src/agents/graph.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { initialState, type SessionState } from '../../src/agents/state.js';

/** A designer-phase state with part of a design agreed. */
const designing = (): SessionState => ({
  ...initialState(),
  phase: 'designing',
  book: { title: 'The Gruffalo' },
  bookConfirmed: true,
  analysis: { characters: [{ name: 'mouse' }], setting: 'wood', themes: [], storyObjects: [] },
  design: { gameType: 'catcher' },
  usage: { inputTokens: 5, outputTokens: 1, calls: 1 },
  userId: 'family-7',
});

/** A brain whose designer streams its reply in two pieces, adds the hero and spends tokens. */
const streamingDesigner: Brain = {
  ...createOfflineBrain(),
  name: 'stub',
  async gameDesigner(_s, _m, ctx) {
    ctx?.onToken?.('Who is ');
    ctx?.onToken?.('the hero?');
    return {
      reply: 'Who is the hero?',
      design: { hero: { name: 'mouse' } },
      asked: 'collect',
      usage: { inputTokens: 10, outputTokens: 2, calls: 1 },
    };
  },
};

describe('the agents’ graph', () => {
  it('merges the design, adds the usage, appends the recent turns, keeps every other field', async () => {
    const graph = buildAgentGraph(streamingDesigner);
    const { session, said } = await runTurn(graph, designing(), 'the mouse');
    expect(said).toEqual([{ agent: 'game_designer', text: 'Who is the hero?' }]);
    expect(session.design).toEqual({ gameType: 'catcher', hero: { name: 'mouse' } });
    expect(session.usage).toEqual({ inputTokens: 15, outputTokens: 3, calls: 2 });
    expect(session.recent).toEqual([
      { role: 'child', text: 'the mouse' },
      { role: 'game_designer', text: 'Who is the hero?' },
    ]);
    expect(session.asked).toBe('collect');
    expect(session.userId).toBe('family-7');
    expect(session.turnsInPhase).toBe(1);
  });

  it('streams who speaks and the reply through the custom stream, with the same outcome as a plain run', async () => {
    const graph = buildAgentGraph(streamingDesigner);
    const heard: string[] = [];
    const streamed = await runTurn(graph, designing(), 'the mouse', {
      hooks: {
        onAgent: (a) => heard.push(`agent:${a.agent}`),
        onToken: (t) => heard.push(t),
        onEvent: (e) => heard.push(`event:${e.type}`),
      },
    });
    expect(heard).toEqual(['agent:game_designer', 'Who is ', 'the hero?']);
    expect(streamed).toEqual(await runTurn(graph, designing(), 'the mouse'));
  });

  it('sends a reply whole when the brain did not stream it, and names the session to the brain', async () => {
    const seen: Array<string | undefined> = [];
    const offline = createOfflineBrain();
    const brain: Brain = {
      ...offline,
      storyAnalyst: (s, m, ctx) => {
        seen.push(ctx?.sessionId);
        return offline.storyAnalyst(s, m, ctx);
      },
    };
    const tokens: string[] = [];
    const { said } = await runTurn(buildAgentGraph(brain), initialState(), 'the gruffalo', {
      sessionId: 's-1',
      hooks: { onToken: (t) => tokens.push(t) },
    });
    expect(tokens.join('')).toBe(said[0]?.text);
    expect(seen).toEqual(['s-1']);
  });

  it('is drawn as it runs: three agents, routed from the start', async () => {
    const mermaid = (await buildAgentGraph(createOfflineBrain()).getGraphAsync()).drawMermaid();
    for (const node of ['story_analyst', 'game_designer', 'code_generator', '__start__', '__end__'])
      expect(mermaid).toContain(node);
  });
});
