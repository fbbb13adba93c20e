import { type AgentName, derivePhase, RECENT_TURNS, type SessionState, type Turn } from './state.js';

/**
 * Merges one agent's structured result into the session state and recomputes the phase. Pure.
 * `childMessage` is the message this turn answered (null when the agent spoke first).
 */
export function applyTurn(
  prev: SessionState,
  agent: AgentName,
  childMessage: string | null,
  reply: string,
  update: Partial<
    Pick<SessionState, 'book' | 'bookConfirmed' | 'analysis' | 'design' | 'spec' | 'notes' | 'asked'>
  >,
): SessionState {
  const next: SessionState = { ...prev, ...update };
  // The open question is this reply's, never an older one's: a brain that did not say leaves none.
  next.asked = update.asked;
  next.phase = derivePhase(next);
  const phaseChanged = next.phase !== prev.phase;
  // The safety valve counts the child's messages in the current phase; a new phase starts afresh.
  next.turnsInPhase = phaseChanged ? 0 : prev.turnsInPhase + (childMessage === null ? 0 : 1);
  const said: Turn[] = [];
  if (childMessage !== null) said.push({ role: 'child', text: childMessage });
  said.push({ role: agent, text: reply });
  next.recent = [...prev.recent, ...said].slice(-RECENT_TURNS);
  return next;
}
