import type { Callbacks } from '@langchain/core/callbacks/manager';
import {
  Annotation,
  Command,
  END,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
} from '@langchain/langgraph';
import { applyTurn } from './apply-turn.js';
import type { Brain, TurnContext, TurnEvent } from './brain.js';
import { agentForPhase, nextAgent } from './routing.js';
import type { AgentName, Phase, SessionState, TokenUsage } from './state.js';

/**
 * A live view of one run, for clients that stream: who starts speaking, the reply's text as it is
 * written, progress notes. Optional; a run without hooks behaves exactly the same.
 */
export interface TurnHooks {
  onAgent?: (info: { agent: AgentName; phase: Phase }) => void;
  onToken?: (delta: string) => void;
  onEvent?: (event: TurnEvent) => void;
  sessionId?: string;
}

/** What one agent said in a run, in order; a run can hear two agents (a hand-over). */
export interface Utterance {
  agent: AgentName;
  text: string;
}

const GraphState = Annotation.Root({
  session: Annotation<SessionState>(),
  /** The child's message, consumed by the first agent that answers it. */
  message: Annotation<string | null>(),
  said: Annotation<Utterance[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

type GraphStateT = typeof GraphState.State;

/**
 * One StateGraph for the three agents, compiled once at start-up with the brain injected.
 * One child message = one run over the session's state.
 */
export function buildAgentGraph(brain: Brain) {
  const storyAnalyst = async (s: GraphStateT, config: LangGraphRunnableConfig) => {
    const live = liveTurn(config, 'story_analyst', s.session.phase);
    const r = await brain.storyAnalyst(s.session, s.message, live.ctx);
    live.finish(r.reply);
    const update: Parameters<typeof applyTurn>[4] = {};
    if (r.book !== undefined) update.book = r.book;
    if (r.bookConfirmed !== undefined) update.bookConfirmed = r.bookConfirmed;
    if (r.analysis) update.analysis = r.analysis;
    if (r.notes) update.notes = r.notes;
    if (r.asked) update.asked = r.asked;
    // A cleared book cannot stay confirmed.
    if (r.book === null) update.bookConfirmed = false;
    return done(s, 'story_analyst', r.reply, update, r.usage);
  };

  const gameDesigner = async (s: GraphStateT, config: LangGraphRunnableConfig) => {
    const live = liveTurn(config, 'game_designer', s.session.phase);
    const r = await brain.gameDesigner(s.session, s.message, live.ctx);
    live.finish(r.reply);
    const design = { ...(s.session.design ?? {}), ...(r.design ?? {}) };
    if (r.readyToBuild) design.confirmed = true;
    const update = { design, ...(r.notes ? { notes: r.notes } : {}), ...(r.asked ? { asked: r.asked } : {}) };
    return done(s, 'game_designer', r.reply, update, r.usage);
  };

  const codeGenerator = async (s: GraphStateT, config: LangGraphRunnableConfig) => {
    // Build progress is reported by the generation job (src/jobs) on the session's event channel.
    const live = liveTurn(config, 'code_generator', s.session.phase);
    const r = await brain.codeGenerator(s.session, s.message, live.ctx);
    live.finish(r.reply);
    return done(
      s,
      'code_generator',
      r.reply,
      {
        ...(r.spec ? { spec: r.spec } : {}),
        ...(r.notes ? { notes: r.notes } : {}),
        ...(r.asked ? { asked: r.asked } : {}),
      },
      r.usage,
    );
  };

  return new StateGraph(GraphState)
    .addNode('story_analyst', storyAnalyst)
    .addNode('game_designer', gameDesigner)
    .addNode('code_generator', codeGenerator)
    .addConditionalEdges(START, (s: GraphStateT) => agentForPhase(s.session.phase), [
      'story_analyst',
      'game_designer',
      'code_generator',
    ])
    .addConditionalEdges('story_analyst', (s: GraphStateT) => route('story_analyst', s), [
      'game_designer',
      END,
    ])
    .addConditionalEdges('game_designer', (s: GraphStateT) => route('game_designer', s), [
      'code_generator',
      END,
    ])
    .addEdge('code_generator', END)
    .compile();
}

export type AgentGraph = ReturnType<typeof buildAgentGraph>;

function done(
  s: GraphStateT,
  agent: AgentName,
  reply: string,
  update: Parameters<typeof applyTurn>[4],
  usage?: TokenUsage,
): Partial<GraphStateT> {
  const session = applyTurn(s.session, agent, s.message, reply, update);
  return {
    session: usage ? { ...session, usage: addUsage(s.session.usage, usage) } : session,
    message: null,
    said: [{ agent, text: reply }],
  };
}

export function addUsage(a: TokenUsage | undefined, b: TokenUsage): TokenUsage {
  return {
    inputTokens: (a?.inputTokens ?? 0) + b.inputTokens,
    outputTokens: (a?.outputTokens ?? 0) + b.outputTokens,
    calls: (a?.calls ?? 0) + b.calls,
  };
}

/**
 * Announces the speaking agent and hands the brain its context. After the turn, `finish` makes the
 * streamed text equal the final reply: a brain that does not stream (offline) sends it whole, and
 * one whose streamed text was replaced (a fallback, an announcement) restarts it.
 */
function liveTurn(config: LangGraphRunnableConfig, agent: AgentName, phase: Phase) {
  const hooks = (config.configurable?.hooks ?? {}) as TurnHooks;
  let streamed = '';
  hooks.onAgent?.({ agent, phase });
  const ctx: TurnContext = {
    ...(config.signal ? { signal: config.signal } : {}),
    ...(hooks.sessionId ? { sessionId: hooks.sessionId } : {}),
    onToken: (delta) => {
      streamed += delta;
      hooks.onToken?.(delta);
    },
    onEvent: (event) => {
      if (event.type === 'restart') streamed = '';
      hooks.onEvent?.(event);
    },
  };
  const finish = (reply: string) => {
    // Whitespace a brain trimmed off its streamed text is not worth a restart.
    if (streamed.trim() === reply.trim()) return;
    if (streamed) hooks.onEvent?.({ type: 'restart' });
    streamed = reply;
    hooks.onToken?.(reply);
  };
  return { ctx, finish };
}

function route(spoke: AgentName, s: GraphStateT): AgentName | typeof END {
  const next = nextAgent(spoke, s.session.phase);
  return next === 'end' ? END : next;
}

/** Runs one child message through the graph. */
export async function runTurn(
  graph: AgentGraph,
  session: SessionState,
  message: string,
  signal?: AbortSignal,
  hooks?: TurnHooks,
  callbacks?: Callbacks,
): Promise<{ session: SessionState; said: Utterance[] }> {
  // The run starts at its agent: a Command naming the first node, which the START edge would have
  // chosen the same way (agentForPhase). It spares LangGraph the superstep that only routes from
  // START, some 40% of the graph's own cost a turn (measured with trivial nodes). The START edge
  // stays, so the compiled graph (GET /api/graph) and a plain invoke are unchanged.
  const out = await graph.invoke(
    new Command({ goto: agentForPhase(session.phase), update: { session, message, said: [] } }),
    {
      signal,
      recursionLimit: 10,
      ...(hooks ? { configurable: { hooks } } : {}),
      // Tracing handlers (LangSmith): the agents' nodes and their model calls nest under this run.
      ...(callbacks ? { callbacks, runName: 'conversation_turn' } : {}),
    },
  );
  return { session: out.session, said: out.said };
}
