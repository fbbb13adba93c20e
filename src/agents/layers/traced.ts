import { inSpan } from '../../observability/tracing.js';
import type { Brain, TurnContext } from '../brain.js';
import type { AgentName, SessionState } from '../state.js';

/**
 * The brain with one span per agent turn (a graph node's work). The span records which agent, the
 * phase, and which structured results came back, never the words of the child or the reply.
 */
export function traceBrain(brain: Brain): Brain {
  const traced =
    <R extends { reply: string }>(
      agent: AgentName,
      run: (s: SessionState, m: string | null, c?: TurnContext) => Promise<R>,
    ) =>
    (state: SessionState, message: string | null, ctx?: TurnContext) =>
      inSpan(
        `agent.${agent}`,
        {
          'gamemaker.agent': agent,
          'gamemaker.phase': state.phase,
          'gamemaker.brain': brain.name,
          'gamemaker.child_spoke': message !== null,
          ...(ctx?.sessionId ? { 'gamemaker.session_id': ctx.sessionId } : {}),
        },
        async (span) => {
          const r = await run(state, message, ctx);
          const fields = Object.keys(r).filter((k) => k !== 'reply' && k !== 'notes' && k !== 'usage');
          span.setAttribute('gamemaker.result_fields', fields.sort().join(','));
          return r;
        },
      );
  return {
    name: brain.name,
    storyAnalyst: traced('story_analyst', (s, m, c) => brain.storyAnalyst(s, m, c)),
    gameDesigner: traced('game_designer', (s, m, c) => brain.gameDesigner(s, m, c)),
    codeGenerator: traced('code_generator', (s, m, c) => brain.codeGenerator(s, m, c)),
  };
}
