import type { Brain, TurnContext } from '../agents/brain.js';
import type { EventBus } from '../cache/event-bus.js';
import { currentSessionId } from './context.js';
import { type GenerationProgress, type ProgressStage, sessionChannel } from './generation.js';
import type { GenerationJobs } from './jobs.js';

const STAGE_TEXT: Record<ProgressStage, string> = {
  queued: 'Getting ready to build your game…',
  building: 'Building your game…',
  checking: 'Checking that your game works…',
  ready: 'Your game is ready!',
  retrying: 'Trying that again…',
};

/**
 * The brain the graph sees: the same brain, except that the Code Generator's step runs as a
 * generation job (queued or inline). The graph and its nodes are unchanged. The job's progress,
 * published on the session's bus channel by whichever process runs it, is also handed to this
 * turn's `onEvent`, so a stream on this instance shows it like any other progress note.
 */
export function withGenerationJobs(brain: Brain, jobs: GenerationJobs, bus: EventBus): Brain {
  return {
    name: brain.name,
    storyAnalyst: (state, message, ctx) => brain.storyAnalyst(state, message, ctx),
    gameDesigner: (state, message, ctx) => brain.gameDesigner(state, message, ctx),
    async codeGenerator(state, message, ctx?: TurnContext) {
      const sessionId = ctx?.sessionId ?? currentSessionId();
      const onEvent = ctx?.onEvent;
      const off =
        sessionId && onEvent
          ? bus.subscribe(sessionChannel(sessionId), (e) => {
              const p = e as Partial<GenerationProgress>;
              if (p.type === 'progress' && p.stage && p.stage in STAGE_TEXT) {
                onEvent({ type: 'progress', step: `generation:${p.stage}`, message: STAGE_TEXT[p.stage] });
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
