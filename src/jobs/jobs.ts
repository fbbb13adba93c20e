import type { CodeGeneratorResult, TurnContext } from '../agents/brain.js';
import type { GenerationJobData } from './generation.js';

/** Runs generation jobs: on a BullMQ queue (queue.ts) or in this process (inline.ts). */
export interface GenerationJobs {
  readonly kind: 'queue' | 'inline';
  /** `ctx` (streaming, abort) reaches the brain only when the job runs in this process. */
  run(data: GenerationJobData, ctx?: TurnContext): Promise<CodeGeneratorResult>;
  /** Deletes whatever the job system still holds of a session's jobs ("Forget our chat"). */
  forget(sessionId: string): Promise<void>;
  /** Waits for in-flight jobs (bounded by the caller), then releases connections. */
  close(): Promise<void>;
}

export const GENERATION_QUEUE = 'generation';
