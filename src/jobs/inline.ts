import type { Brain, TurnContext } from '../agents/brain.js';
import { isAbort } from '../agents/model/errors.js';
import type { EventBus } from '../cache/event-bus.js';
import type { Playtester } from '../playtest/index.js';
import { asGenerationError, GameGenerationError } from './errors.js';
import { type GenerationJobData, type ProgressStage, runGeneration, sessionChannel } from './generation.js';
import type { GenerationJobs } from './jobs.js';

/**
 * Generation in this process (no Redis, or the queue is unavailable): the same job, same progress
 * events, one retry on a failure another attempt may cure (not on a model outage: the brain has
 * already retried that). In-flight jobs are tracked so shutdown can wait for them.
 */
export function createInlineJobs(
  brain: Brain,
  bus: EventBus,
  opts: { attempts?: number; playtester?: Playtester } = {},
): GenerationJobs & {
  runNow(data: GenerationJobData, jobId: string, ctx?: TurnContext): ReturnType<GenerationJobs['run']>;
} {
  const attempts = opts.attempts ?? 2;
  const inFlight = new Set<Promise<unknown>>();
  let seq = 0;

  async function runNow(data: GenerationJobData, jobId: string, ctx?: TurnContext) {
    // The same steps as on the queue, so a page's checklist reads the same either way.
    if (data.sessionId) {
      await bus.publish(sessionChannel(data.sessionId), {
        type: 'progress',
        stage: 'queued',
        jobId,
        attempt: 1,
      });
    }
    for (let attempt = 1; ; attempt++) {
      const report = async (stage: ProgressStage) => {
        if (data.sessionId)
          await bus.publish(sessionChannel(data.sessionId), { type: 'progress', stage, jobId, attempt });
      };
      try {
        return await runGeneration(brain, data, report, ctx, opts.playtester);
      } catch (e) {
        const worthAnother = e instanceof GameGenerationError ? !e.final : !isAbort(e, ctx?.signal);
        if (attempt >= attempts || !worthAnother) throw asGenerationError(e, ctx?.signal);
        await report('retrying');
      }
    }
  }

  return {
    kind: 'inline',
    runNow,
    run(data, ctx) {
      const p = runNow(data, `inline-${++seq}`, ctx);
      inFlight.add(p);
      const forget = () => inFlight.delete(p);
      p.then(forget, forget);
      return p;
    },
    // In-process jobs keep nothing once they return.
    async forget() {},
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
