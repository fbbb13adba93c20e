import { performance } from 'node:perf_hooks';
import { buildAgentGraph, runTurn } from '../agents/graph.js';
import { createOfflineBrain } from '../agents/offline/index.js';
import { initialState, type SessionState } from '../agents/state.js';
import type { ConversationService } from '../sessions/conversation.js';
import type { Repository } from '../store/repository.js';

/**
 * Before an instance says it is ready (GET /api/ready), it runs what a child's message runs, so the
 * first children a load balancer sends it are not the ones who pay for cold code: V8 compiles the
 * agents, the scrubber and LangGraph's run loop lazily, and a new instance's first minute of
 * messages was slower by that much (bench/rolling.ts measures it).
 *
 * Conversations go through a throwaway graph over the offline brain, in memory: a configured model
 * is never called (a warm-up must not cost money or wait for a provider), no session is stored and
 * no metric counts them. When the brain is offline this is the very code the turns run; with a
 * model, it is the fallback's code, and the model's latency dwarfs JIT warmth anyway. The store is
 * warmed separately: pooled connections opened, one session written, read and deleted.
 */

export interface WarmUpDeps {
  repo: Repository;
  conversation: Pick<ConversationService, 'start' | 'get' | 'countMessages' | 'forget'>;
}

export interface WarmUpReport {
  conversations: number;
  /** Conversations that reached a game (all of them, unless the offline agents changed). */
  games: number;
  turns: number;
  ms: number;
}

/** What a child says in each phase: enough for the offline agents to reach a game. */
const ANSWERS: Record<string, (asked: string) => string> = {
  identifying: (asked) =>
    /\bis (that|it)\b|did you mean|do you mean/i.test(asked) ? 'yes' : 'dragons love tacos',
  discussing: (asked) =>
    /favou?rite|character|who/i.test(asked) ? 'the dragons' : 'the dragons eat lots of tacos at a party',
  designing: (asked) =>
    /kind of game|which game|what game|game should|type of game|like to play/i.test(asked)
      ? 'a catching game'
      : 'yes',
};

/** One scripted conversation to a game (or `maxTurns`), in memory: its turns and whether a game came. */
async function converse(
  graph: ReturnType<typeof buildAgentGraph>,
  maxTurns: number,
): Promise<{ turns: number; game: boolean }> {
  let session: SessionState = initialState();
  let asked = '';
  let turns = 0;
  while (session.phase !== 'complete' && turns < maxTurns) {
    const answer = ANSWERS[session.phase]?.(asked) ?? 'yes';
    const out = await runTurn(graph, session, answer);
    session = out.session;
    asked = out.said.map((u) => u.text).join(' ');
    turns++;
  }
  return { turns, game: session.spec !== null };
}

/**
 * Warms the instance: at least `minConversations` scripted conversations, then more until
 * `budgetMs` has passed (V8 optimises a function after many calls, not one), and the store's path.
 */
export async function warmUp(
  deps: WarmUpDeps,
  opts: { minConversations?: number; budgetMs?: number } = {},
): Promise<WarmUpReport> {
  const t0 = performance.now();
  const min = opts.minConversations ?? 3;
  const budget = opts.budgetMs ?? 1_500;

  // Several pooled connections at once, so the first burst does not open them one by one.
  await Promise.all(Array.from({ length: 8 }, () => deps.repo.ping()));
  const s = await deps.conversation.start();
  await deps.conversation.get(s.sessionId);
  await deps.conversation.countMessages(s.sessionId);
  await deps.conversation.forget(s.sessionId);

  const graph = buildAgentGraph(createOfflineBrain());
  let conversations = 0;
  let games = 0;
  let turns = 0;
  while (conversations < min || performance.now() - t0 < budget) {
    const c = await converse(graph, 30);
    turns += c.turns;
    if (c.game) games++;
    conversations++;
  }
  return { conversations, games, turns, ms: Math.round(performance.now() - t0) };
}
