import type { Brain } from '../../../src/agents/brain.js';
import { derivePhase, initialState, type SessionState } from '../../../src/agents/state.js';

/**
 * A tiny stand-in for the lead's graph, following the Brain contract: route by phase, merge the
 * structured results, recompute the phase, call the designer's greeting and the builder at once.
 */
export interface Transcript {
  state: SessionState;
  replies: string[];
  childMessages: number;
}

function mergePhase(state: SessionState, before: SessionState['phase']): SessionState {
  const phase = derivePhase(state);
  return { ...state, phase, turnsInPhase: phase === before ? state.turnsInPhase : 0 };
}

export async function turn(
  brain: Brain,
  s: SessionState,
  message: string,
  replies: string[],
): Promise<SessionState> {
  let state = s;
  const before = state.phase;
  const parts: string[] = [];
  if (state.phase === 'identifying' || state.phase === 'discussing') {
    const r = await brain.storyAnalyst(state, message);
    parts.push(r.reply);
    state = {
      ...state,
      ...(r.book !== undefined ? { book: r.book } : {}),
      ...(r.bookConfirmed !== undefined ? { bookConfirmed: r.bookConfirmed } : {}),
      ...(r.analysis ? { analysis: r.analysis } : {}),
      ...(r.notes ? { notes: r.notes } : {}),
    };
    state = mergePhase(state, before);
    if (state.phase === 'designing') {
      const g = await brain.gameDesigner(state, null);
      parts.push(g.reply);
      state = {
        ...state,
        design: { ...(state.design ?? {}), ...(g.design ?? {}) },
        ...(g.notes ? { notes: g.notes } : {}),
      };
    }
  } else if (state.phase === 'designing') {
    const g = await brain.gameDesigner(state, message);
    parts.push(g.reply);
    state = {
      ...state,
      design: {
        ...(state.design ?? {}),
        ...(g.design ?? {}),
        ...(g.readyToBuild ? { confirmed: true } : {}),
      },
      ...(g.notes ? { notes: g.notes } : {}),
    };
    state = mergePhase(state, before);
    if (state.phase === 'generating') {
      const c = await brain.codeGenerator(state, null);
      parts.push(c.reply);
      state = { ...state, ...(c.spec ? { spec: c.spec } : {}), ...(c.notes ? { notes: c.notes } : {}) };
      state = mergePhase(state, 'generating');
    }
  } else {
    const c = await brain.codeGenerator(state, message);
    parts.push(c.reply);
    state = { ...state, ...(c.spec ? { spec: c.spec } : {}) };
  }
  if (state.phase === before) state = { ...state, turnsInPhase: state.turnsInPhase + 1 };
  replies.push(parts.join(' '));
  // Round-trip through JSON, as the store does: notes must survive it.
  return JSON.parse(JSON.stringify(state)) as SessionState;
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
