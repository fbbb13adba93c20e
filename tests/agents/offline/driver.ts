import type { Brain } from '../../../src/agents/brain.js';
import { type AgentGraph, buildAgentGraph, runTurn } from '../../../src/agents/graph.js';
import { initialState, type SessionState } from '../../../src/agents/state.js';

/**
 * Scripted conversations on the real compiled graph (`buildAgentGraph` + `runTurn`, as the
 * conversation service runs them), without HTTP or storage, so the offline brain's tests exercise
 * the same routing, hand-overs and phase changes a child meets.
 */
export interface Transcript {
  state: SessionState;
  replies: string[];
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
 * Runs a scripted child. `answer` sees the last reply and returns the child's next message; the
 * run stops at complete or after `limit` messages.
 */
export async function converse(
  brain: Brain,
  answer: (lastReply: string, state: SessionState, index: number) => string,
  limit = 30,
): Promise<Transcript> {
  let state = initialState();
  const replies: string[] = ['What book did you read?'];
  let childMessages = 0;
  while (state.phase !== 'complete' && childMessages < limit) {
    const message = answer(replies[replies.length - 1] ?? '', state, childMessages);
    childMessages++;
    state = await turn(brain, state, message, replies);
  }
  return { state, replies, childMessages };
}

/** What the agents just asked, read from their words as a child would (not from the brain's notes). */
export type Topic =
  | 'book'
  | 'confirmBook'
  | 'describe'
  | 'favourite'
  | 'happens'
  | 'where'
  | 'trouble'
  | 'things'
  | 'type'
  | 'hero'
  | 'collect'
  | 'avoid'
  | 'readback'
  | 'change'
  | 'place'
  | 'other';

/** The question at the end of a reply, with the question just before it ("Who...? Was it X?"). */
export function lastQuestion(reply: string): string {
  const sentences = reply
    .replace(/\b(Mr|Mrs|Ms|Dr|St)\./g, '$1')
    .split(/(?<=[.!?])\s+/)
    .filter(Boolean);
  let end = sentences.length - 1;
  while (end >= 0 && !sentences[end]?.trim().endsWith('?')) end--;
  if (end < 0) return (sentences.at(-1) ?? reply).toLowerCase();
  let start = end;
  while (start > 0 && sentences[start - 1]?.trim().endsWith('?')) start--;
  return sentences
    .slice(start, end + 1)
    .join(' ')
    .toLowerCase();
}

export function topicOf(reply: string, phase: string): Topic {
  const q = lastQuestion(reply);
  if (phase === 'identifying') {
    if (/\bis (?:that|it)\b/.test(q)) return 'confirmBook';
    if (/what is it about|what was the story about|what happens/.test(q)) return 'describe';
    return 'book';
  }
  if (phase === 'discussing') {
    if (/favou?rite|character|like best/.test(q)) return 'favourite';
    if (/where/.test(q)) return 'where';
    if (/trouble|baddie|wrong|scary/.test(q)) return 'trouble';
    if (/special things|what things|best bit|laugh/.test(q)) return 'things';
    return 'happens';
  }
  if (phase === 'designing') {
    if (/shall i build|should i make|ready for me|does that sound|build it\?|make it now/.test(q))
      return 'readback';
    if (/what should we change|what shall we change/.test(q)) return 'change';
    if (/should you be .* or/.test(q)) return 'place';
    if (/kind of game|which game|game would/.test(q)) return 'type';
    if (/who do you want|play as|be the hero|who will be|who should/.test(q)) return 'hero';
    if (/stay away|dodge|avoid/.test(q)) return 'avoid';
    if (/collect|catch|find/.test(q)) return 'collect';
  }
  return 'other';
}

/**
 * A child who answers by what is asked, whatever the order or number of questions: answers are
 * given per topic (a list is used in turn), anything not given is "yes".
 */
export function byTopic(answers: Partial<Record<Topic, string | string[]>>) {
  const used = new Map<Topic, number>();
  return (lastReply: string, state: SessionState): string => {
    const topic = topicOf(lastReply, state.phase);
    const a = answers[topic];
    if (a === undefined) return 'yes';
    if (typeof a === 'string') return a;
    const i = used.get(topic) ?? 0;
    used.set(topic, i + 1);
    return a[Math.min(i, a.length - 1)] ?? 'yes';
  };
}
