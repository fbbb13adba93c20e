import {
  AIMessage,
  type BaseMessage,
  type ContentBlock,
  HumanMessage,
  SystemMessage,
} from '@langchain/core/messages';
import { PERSONAS } from '../../contract/personas.js';
import { shortenGraphemes } from '../../text/graphemes.js';
import type { AgentName, SessionState, Turn } from '../state.js';
import { bookKnowledge, stateSummary, systemPrompt } from './prompts.js';

/**
 * The messages sent for one agent turn: the agent's system prompt plus a summary of what is known
 * (book, analysis, design), then only the last `historyTurns` lines of the conversation, each cut
 * to a bounded length. Cost and latency stay flat however long a session runs.
 *
 * With `cache` (Anthropic prompt caching) the system prompt is sent as blocks, most stable first,
 * each stable one marked as a cache breakpoint: the agent's instructions (with the tools before
 * them, the same for every session), then the book's facts (the same for every session about that
 * book), then the summary that changes every turn. The words are the same as without the cache.
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

const BREAKPOINT = { cache_control: { type: 'ephemeral' } } as const;

function systemMessage(
  agent: AgentName,
  state: SessionState,
  message: string | null,
  cache: boolean,
): SystemMessage {
  if (!cache) return new SystemMessage(`${systemPrompt(agent)}\n\n${stateSummary(state, message)}`);
  const book = bookKnowledge(state);
  const blocks: ContentBlock[] = [
    { type: 'text', text: systemPrompt(agent), ...BREAKPOINT },
    ...(book ? [{ type: 'text', text: book, ...BREAKPOINT }] : []),
    { type: 'text', text: stateSummary(state, message, { withBookFacts: false }) },
  ];
  return new SystemMessage({ content: blocks });
}

export function buildMessages(
  agent: AgentName,
  state: SessionState,
  message: string | null,
  historyTurns: number,
  opts: { cache?: boolean } = {},
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

  return [
    systemMessage(agent, state, message, opts.cache === true),
    ...merged.map((l) => (l.role === 'user' ? new HumanMessage(l.text) : new AIMessage(l.text))),
  ];
}
