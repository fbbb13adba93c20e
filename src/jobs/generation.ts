import type { Brain, CodeGeneratorResult, TurnContext } from '../agents/brain.js';
import type { SessionState } from '../agents/state.js';
import type { ProgressStage } from '../contract/events.js';
import { parseGameSpec } from '../games/spec.js';
import { inThreadPlaytester, type Playtester } from '../playtest/index.js';
import { asGenerationError, GameGenerationError } from './errors.js';

export type { ProgressStage };

/**
 * The generation job: the Code Generator's step, design → GameSpec → validation. This is the slow,
 * failure-prone part with a model brain (a long structured call that may come back invalid), so it
 * is what runs on a queue and is retried. Storing the game stays with the conversation service,
 * which owns the session's version: a retried or duplicated job can never store twice.
 */
export interface GenerationJobData {
  sessionId: string | null;
  state: SessionState;
  message: string | null;
  /**
   * The W3C trace context of the turn that queued the job (traceparent/tracestate: ids only), so a
   * worker's spans join that turn's trace. Absent when tracing is off.
   */
  trace?: Record<string, string>;
}

export interface GenerationProgress {
  type: 'progress';
  stage: ProgressStage;
  jobId: string;
  attempt: number;
}

export type ReportProgress = (stage: ProgressStage) => Promise<void>;

export async function runGeneration(
  brain: Brain,
  data: GenerationJobData,
  report: ReportProgress,
  ctx?: TurnContext,
  playtester: Playtester = inThreadPlaytester,
): Promise<CodeGeneratorResult> {
  await report('building');
  let result: CodeGeneratorResult;
  try {
    result = await brain.codeGenerator(data.state, data.message, ctx);
  } catch (e) {
    // Every way a build fails is one error the API can name (game_generation_failed), not a 500.
    throw asGenerationError(e, ctx?.signal);
  }
  if (result.spec) {
    await report('checking');
    // An invalid spec throws: the job fails and is retried; the child never sees a broken game.
    // A valid one is played by bots and tuned until it is worth two minutes (a few hundred ms of
    // CPU, once per game, off the HTTP thread where there is one), with the outcome recorded in it.
    let spec: ReturnType<typeof parseGameSpec>;
    try {
      spec = parseGameSpec(result.spec);
    } catch (e) {
      throw new GameGenerationError('invalid_game', { cause: e });
    }
    try {
      spec = await playtester.playtested(spec);
    } catch (e) {
      throw asGenerationError(e, ctx?.signal);
    }
    await report('ready');
    return { ...result, spec };
  }
  return result;
}

/** The session's event channel (see EventBus). */
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;
