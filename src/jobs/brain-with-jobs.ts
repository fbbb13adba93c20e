import type { Brain, TurnContext } from '../agents/brain.js';
import type { EventBus } from '../cache/event-bus.js';
import { isProgressStage, PROGRESS_WORDS } from '../contract/events.js';
import { type GenerationProgress, sessionChannel } from './generation.js';
import type { GenerationJobs } from './jobs.js';

/**
 * The brain the graph sees: the same brain, except that the Code Generator's step runs as a
 * generation job (queued or inline). The graph and its nodes are unchanged. The job's progress,
 * published on the session's bus channel by whichever process runs it, is handed to this turn's
 * `onEvent`: this is the only way build steps reach a stream, so each step arrives once.
 */
export function withGenerationJobs(brain: Brain, jobs: GenerationJobs, bus: EventBus): Brain {
  return {
    name: brain.name,
    storyAnalyst: (state, message, ctx) => brain.storyAnalyst(state, message, ctx),
    gameDesigner: (state, message, ctx) => brain.gameDesigner(state, message, ctx),
    async codeGenerator(state, message, ctx?: TurnContext) {
      const sessionId = ctx?.sessionId ?? null;
      const onEvent = ctx?.onEvent;
      const off =
        sessionId && onEvent
          ? bus.subscribe(sessionChannel(sessionId), (e) => {
              const p = e as Partial<GenerationProgress>;
              if (p.type === 'progress' && isProgressStage(p.stage)) {
                onEvent({ type: 'progress', step: p.stage, message: PROGRESS_WORDS[p.stage] });
              }
            })
          : null;
      try {
        return await jobs.run({ sessionId, state, message }, ctx);
      } finally {
        off?.();
      }
    },
  };
}
