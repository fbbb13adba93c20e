import type { Callbacks } from '@langchain/core/callbacks/manager';
import {
  Annotation,
  Command,
  END,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
} from '@langchain/langgraph';
import type { GameSpec } from '../games/spec.js';
import { applyTurn } from './apply-turn.js';
import type { Brain, TurnContext, TurnEvent } from './brain.js';
import { agentForPhase, nextAgent } from './routing.js';
import {
  type AgentName,
  type Asked,
  type BookAnalysis,
  type BookInfo,
  type GameDesign,
  type Phase,
  RECENT_TURNS,
  type SessionState,
  type TokenUsage,
  type Turn,
} from './state.js';

/**
 * The agents' StateGraph. The session's fields are the graph's typed channels; a node reads them,
 * asks its agent, and writes back what changed. Three channels have reducers: the design grows by
 * merging what each turn agreed, the recent turns append (bounded), model usage adds up.
 *
 * What a client watching a run live hears (who speaks, the reply as it is written, build progress)
 * leaves through LangGraph's custom stream (`config.writer`): `runTurn` streams the run with
 * `streamMode: ['values', 'custom']` when it has a listener, and simply invokes it when not.
 */

/** A live view of one run, for clients that stream. Optional; a run without one behaves the same. */
export interface TurnHooks {
  onAgent?: (info: { agent: AgentName; phase: Phase }) => void;
  onToken?: (delta: string) => void;
  onEvent?: (event: TurnEvent) => void;
}

/** What one agent said in a run, in order; a run can hear two agents (a hand-over). */
export interface Utterance {
  agent: AgentName;
  text: string;
}

/** One chunk of the custom stream: what the nodes write with `config.writer`. */
export type LiveChunk =
  | { kind: 'agent'; agent: AgentName; phase: Phase }
  | { kind: 'token'; delta: string }
  | { kind: 'event'; event: TurnEvent };

const last = <T>() => Annotation<T>();

/** The design so far and this turn's part of it: what the child agreed stays agreed. */
const mergeDesign = (a: GameDesign | null, b: GameDesign | null): GameDesign | null =>
  b === null ? a : { ...(a ?? {}), ...b };

export function addUsage(a: TokenUsage | null | undefined, b: TokenUsage): TokenUsage {
  return {
    inputTokens: (a?.inputTokens ?? 0) + b.inputTokens,
    outputTokens: (a?.outputTokens ?? 0) + b.outputTokens,
    calls: (a?.calls ?? 0) + b.calls,
  };
}

/**
 * One channel per field of the session state (the `satisfies` clause makes a new field of
 * SessionState a compile error here until it has its channel). Optional fields are null when absent.
 */
const SessionChannels = {
  phase: last<Phase>(),
  book: last<BookInfo | null>(),
  bookConfirmed: last<boolean>(),
  analysis: last<BookAnalysis | null>(),
  design: Annotation<GameDesign | null>({ reducer: mergeDesign, default: () => null }),
  spec: last<GameSpec | null>(),
  /** The question the last reply asked; null when its brain did not say. */
  asked: last<Asked | null>(),
  gameId: last<string | null>(),
  turnsInPhase: last<number>(),
  notes: last<Record<string, unknown>>(),
  recent: Annotation<Turn[]>({
    reducer: (a, b) => [...a, ...b].slice(-RECENT_TURNS),
    default: () => [],
  }),
  usage: Annotation<TokenUsage | null>({
    reducer: (a, b) => (b === null ? a : addUsage(a, b)),
    default: () => null,
  }),
  userId: last<string | null>(),
  /** Keyed hashes of scrubbed names (safety/remember.ts); kept as they are through every turn. */
  scrubbed: last<string[] | null>(),
} satisfies { [K in keyof Required<SessionState>]: unknown };

const GraphState = Annotation.Root({
  ...SessionChannels,
  /** The child's message, consumed by the first agent that answers it. */
  message: last<string | null>(),
  said: Annotation<Utterance[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

type GraphStateT = typeof GraphState.State;
type GraphUpdate = typeof GraphState.Update;

/** The session as the graph's channels hold it (for the input of a run). */
function channelsOf(s: SessionState): GraphUpdate {
  return {
    phase: s.phase,
    book: s.book,
    bookConfirmed: s.bookConfirmed,
    analysis: s.analysis,
    design: s.design,
    spec: s.spec,
    asked: s.asked ?? null,
    gameId: s.gameId,
    turnsInPhase: s.turnsInPhase,
    notes: s.notes,
    recent: s.recent,
    usage: s.usage ?? null,
    userId: s.userId ?? null,
    scrubbed: s.scrubbed ?? null,
  };
}

/** The session state the channels hold, with absent optional fields left out (it is stored as JSON). */
function sessionOf(s: GraphStateT): SessionState {
  const out: SessionState = {
    phase: s.phase,
    book: s.book,
    bookConfirmed: s.bookConfirmed,
    analysis: s.analysis,
    design: s.design,
    spec: s.spec,
    gameId: s.gameId,
    turnsInPhase: s.turnsInPhase,
    notes: s.notes,
    recent: s.recent,
  };
  if (s.asked) out.asked = s.asked;
  if (s.usage) out.usage = s.usage;
  if (s.userId) out.userId = s.userId;
  if (s.scrubbed) out.scrubbed = s.scrubbed;
  return out;
}

type TurnUpdate = Parameters<typeof applyTurn>[4];

/**
 * One StateGraph for the three agents, compiled once at start-up with the brain injected.
 * One child message = one run over the session's state.
 */
export function buildAgentGraph(brain: Brain) {
  const storyAnalyst = agentNode(
    'story_analyst',
    (st, m, c) => brain.storyAnalyst(st, m, c),
    (r) => {
      const update: TurnUpdate = {};
      if (r.book !== undefined) update.book = r.book;
      if (r.bookConfirmed !== undefined) update.bookConfirmed = r.bookConfirmed;
      if (r.analysis) update.analysis = r.analysis;
      // A cleared book cannot stay confirmed.
      if (r.book === null) update.bookConfirmed = false;
      return update;
    },
  );
  const gameDesigner = agentNode(
    'game_designer',
    (st, m, c) => brain.gameDesigner(st, m, c),
    (r, s) => {
      const agreed: GameDesign = { ...(r.design ?? {}), ...(r.readyToBuild ? { confirmed: true } : {}) };
      return { design: mergeDesign(s.design, agreed) };
    },
  );
  // Build progress is reported by the generation job (src/jobs) through the brain's onEvent.
  const codeGenerator = agentNode(
    'code_generator',
    (st, m, c) => brain.codeGenerator(st, m, c),
    (r) => (r.spec ? { spec: r.spec } : {}),
  );

  // Each node names where the run goes next in the Command it returns (routing.ts decides), so a
  // turn runs no separate routing step: `ends` lists the places a node may go, for the drawing.
  return new StateGraph(GraphState)
    .addNode('story_analyst', storyAnalyst, { ends: ['game_designer', END] })
    .addNode('game_designer', gameDesigner, { ends: ['code_generator', END] })
    .addNode('code_generator', codeGenerator, { ends: [END] })
    .addConditionalEdges(START, (s: GraphStateT) => agentForPhase(s.phase), [
      'story_analyst',
      'game_designer',
      'code_generator',
    ])
    .compile();
}

export type AgentGraph = ReturnType<typeof buildAgentGraph>;

/** What every agent's result carries besides its own fields. */
interface AgentResult {
  reply: string;
  usage?: TokenUsage | undefined;
  notes?: Record<string, unknown> | undefined;
  asked?: Asked | undefined;
}

/**
 * A node for one agent: it announces the agent on the live stream, asks the brain, and returns
 * what changed (`updateOf` picks the agent's own fields; notes and the open question are common).
 */
function agentNode<R extends AgentResult>(
  agent: AgentName,
  speak: (session: SessionState, message: string | null, ctx: TurnContext) => Promise<R>,
  updateOf: (r: R, s: GraphStateT) => TurnUpdate,
) {
  return async (s: GraphStateT, config: LangGraphRunnableConfig) => {
    const session = sessionOf(s);
    const live = liveTurn(config, agent, s.phase);
    const r = await speak(session, s.message, live.ctx);
    live.finish(r.reply);
    const update = updateOf(r, s);
    if (r.notes) update.notes = r.notes;
    if (r.asked) update.asked = r.asked;
    return done(s, session, agent, r.reply, update, r.usage);
  };
}

/**
 * What a node returns: a Command with the channels applyTurn changed (phase, the valve's count,
 * the open question...), the two lines this turn adds to `recent` and its usage (the reducers
 * append and add them), and where the run goes next (routing.ts).
 */
function done(
  s: GraphStateT,
  session: SessionState,
  agent: AgentName,
  reply: string,
  update: TurnUpdate,
  usage?: TokenUsage,
): Command<unknown, GraphUpdate, AgentName | typeof END> {
  const next = applyTurn(session, agent, s.message, reply, update);
  const lines: Turn[] = s.message === null ? [] : [{ role: 'child', text: s.message }];
  lines.push({ role: agent, text: reply });
  const goto = nextAgent(agent, next.phase);
  // Only the channels whose value changed are written: each write is work for every later step.
  const values: GraphUpdate = { turnsInPhase: next.turnsInPhase, recent: lines, message: null };
  values.said = [{ agent, text: reply }];
  if (next.phase !== s.phase) values.phase = next.phase;
  if (next.book !== s.book) values.book = next.book;
  if (next.bookConfirmed !== s.bookConfirmed) values.bookConfirmed = next.bookConfirmed;
  if (next.analysis !== s.analysis) values.analysis = next.analysis;
  if (next.design !== s.design) values.design = next.design;
  if (next.spec !== s.spec) values.spec = next.spec;
  if (next.notes !== s.notes) values.notes = next.notes;
  if ((next.asked ?? null) !== s.asked) values.asked = next.asked ?? null;
  if (usage) values.usage = usage;
  return new Command({ update: values, goto: goto === 'end' ? END : goto });
}

/**
 * Announces the speaking agent and hands the brain its context, all through the run's custom
 * stream. After the turn, `finish` makes the streamed text equal the final reply: a brain that does
 * not stream (offline) sends it whole, and one whose streamed text was replaced (a fallback, an
 * announcement) restarts it.
 */
function liveTurn(config: LangGraphRunnableConfig, agent: AgentName, phase: Phase) {
  const write = (chunk: LiveChunk) => config.writer?.(chunk);
  const sessionId = config.configurable?.session_id;
  let streamed = '';
  write({ kind: 'agent', agent, phase });
  const ctx: TurnContext = {
    ...(config.signal ? { signal: config.signal } : {}),
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
    onToken: (delta) => {
      streamed += delta;
      write({ kind: 'token', delta });
    },
    onEvent: (event) => {
      if (event.type === 'restart') streamed = '';
      write({ kind: 'event', event });
    },
  };
  const finish = (reply: string) => {
    // Whitespace a brain trimmed off its streamed text is not worth a restart.
    if (streamed.trim() === reply.trim()) return;
    if (streamed) write({ kind: 'event', event: { type: 'restart' } });
    streamed = reply;
    write({ kind: 'token', delta: reply });
  };
  return { ctx, finish };
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Names the session to the brain (a generation job reports progress on its channel). */
  sessionId?: string | undefined;
  /** A live view of the run (the stream route); without it the run is simply invoked. */
  hooks?: TurnHooks | undefined;
  /** Tracing handlers (LangSmith): the agents' nodes and their model calls nest under this run. */
  callbacks?: Callbacks | undefined;
}

function hear(hooks: TurnHooks, chunk: LiveChunk) {
  if (chunk.kind === 'agent') hooks.onAgent?.({ agent: chunk.agent, phase: chunk.phase });
  else if (chunk.kind === 'token') hooks.onToken?.(chunk.delta);
  else hooks.onEvent?.(chunk.event);
}

/** Runs one child message through the graph. */
export async function runTurn(
  graph: AgentGraph,
  session: SessionState,
  message: string,
  opts: RunOptions = {},
): Promise<{ session: SessionState; said: Utterance[] }> {
  // The run starts at its agent: a Command naming the first node, which the START edge would have
  // chosen the same way (agentForPhase). It spares LangGraph the superstep that only routes from
  // START, some 40% of the graph's own cost a turn (measured with trivial nodes). The START edge
  // stays, so the compiled graph (GET /api/graph) and a plain invoke are unchanged.
  const input = new Command({
    goto: agentForPhase(session.phase),
    update: { ...channelsOf(session), message, said: [] },
  });
  const config = {
    signal: opts.signal,
    recursionLimit: 10,
    ...(opts.sessionId ? { configurable: { session_id: opts.sessionId } } : {}),
    ...(opts.callbacks ? { callbacks: opts.callbacks, runName: 'conversation_turn' } : {}),
  };
  const { hooks } = opts;
  let out: GraphStateT;
  if (!hooks) {
    out = await graph.invoke(input, config);
  } else {
    let values: GraphStateT | undefined;
    for await (const [mode, chunk] of await graph.stream(input, {
      ...config,
      streamMode: ['values', 'custom'],
    })) {
      if (mode === 'custom') hear(hooks, chunk as LiveChunk);
      else values = chunk as GraphStateT;
    }
    if (!values) throw new Error('the agent graph produced no state');
    out = values;
  }
  return { session: sessionOf(out), said: out.said };
}
