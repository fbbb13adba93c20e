import type { Brain } from '../../../src/agents/brain.js';
import { type AgentGraph, buildAgentGraph, runTurn } from '../../../src/agents/graph.js';
import { type Asked, initialState, type SessionState } from '../../../src/agents/state.js';

/**
 * Scripted conversations on the real compiled graph (`buildAgentGraph` + `runTurn`, as the
 * conversation service runs them), without HTTP or storage, so the offline brain's tests exercise
 * the same routing, hand-overs and phase changes a child meets.
 */
export interface Transcript {
  state: SessionState;
  replies: string[];
  /** The question each reply asked (state.asked after it), beside `replies`. */
  asked: Array<Asked | undefined>;
  childMessages: number;
}

const graphs = new WeakMap<Brain, AgentGraph>();
const graphFor = (brain: Brain) => {
  let g = graphs.get(brain);
  if (!g) {
    g = buildAgentGraph(brain);
    graphs.set(brain, g);
  }
  return g;
};

/** One child message through the graph; the reply is every agent's words of the run, joined. */
export async function turn(
  brain: Brain,
  s: SessionState,
  message: string,
  replies: string[],
): Promise<SessionState> {
  const { session, said } = await runTurn(graphFor(brain), s, message);
  replies.push(said.map((u) => u.text).join(' '));
  // Round-trip through JSON, as the store does: notes must survive it.
  return JSON.parse(JSON.stringify(session)) as SessionState;
}

/**
 * Runs a scripted child. `answer` sees the state after the last reply (its `asked`: the question)
 * and returns the child's next message; the run stops at complete or after `limit` messages.
 */
export async function converse(
  brain: Brain,
  answer: (state: SessionState, index: number) => string,
  limit = 30,
): Promise<Transcript> {
  let state = initialState();
  const replies: string[] = ['What book did you read?'];
  const asked: Array<Asked | undefined> = [state.asked];
  let childMessages = 0;
  while (state.phase !== 'complete' && childMessages < limit) {
    const message = answer(state, childMessages);
    childMessages++;
    state = await turn(brain, state, message, replies);
    asked.push(state.asked);
  }
  return { state, replies, asked, childMessages };
}

export { type Asked, byTopic, questionOf } from '../../support/child.js';
