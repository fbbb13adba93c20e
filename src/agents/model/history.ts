import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { PERSONAS } from '../../contract/personas.js';
import { shortenGraphemes } from '../../text/graphemes.js';
import type { AgentName, SessionState, Turn } from '../state.js';
import { stateSummary, systemPrompt } from './prompts.js';

/**
 * The messages sent for one agent turn: the agent's system prompt plus a summary of what is known
 * (book, analysis, design), then only the last `historyTurns` lines of the conversation, each cut
 * to a bounded length. Cost and latency stay flat however long a session runs.
 */

const MAX_TURN_CHARS = 600;

function clip(text: string): string {
  return shortenGraphemes(text, MAX_TURN_CHARS);
}

/** What the agent is asked to do when it speaks first (no new words from the child). */
function stageDirection(agent: AgentName, recent: Turn[]): string {
  const last = recent[recent.length - 1];
  const from =
    last && last.role !== 'child' && last.role !== agent ? PERSONAS[last.role].name : 'Your teammate';
  if (agent === 'code_generator') return '(The child said yes to the design. Build the game now.)';
  return `(${from} has just handed the child over to you. Say hello briefly and start your job.)`;
}

export function buildMessages(
  agent: AgentName,
  state: SessionState,
  message: string | null,
  historyTurns: number,
): BaseMessage[] {
  const window = historyTurns > 0 ? state.recent.slice(-historyTurns) : [];
  const lines: Array<{ role: 'user' | 'assistant'; text: string }> = window.map((t) => ({
    role: t.role === 'child' ? 'user' : 'assistant',
    text: clip(t.text),
  }));
  lines.push({ role: 'user', text: message === null ? stageDirection(agent, state.recent) : clip(message) });

  // Providers want user/assistant alternation starting with the user: merge runs, drop a leading reply.
  const merged: typeof lines = [];
  for (const line of lines) {
    const prev = merged[merged.length - 1];
    if (prev && prev.role === line.role) prev.text = `${prev.text}\n\n${line.text}`;
    else merged.push({ ...line });
  }
  while (merged[0]?.role === 'assistant') merged.shift();

  const system = `${systemPrompt(agent)}\n\n${stateSummary(state, message)}`;
  return [
    new SystemMessage(system),
    ...merged.map((l) => (l.role === 'user' ? new HumanMessage(l.text) : new AIMessage(l.text))),
  ];
}
