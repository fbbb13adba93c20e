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

/**
 * A finished game waits here for a while (written by the worker before the job completes), so a
 * request that stopped waiting, or took the job back just as it finished, gets it on the child's
 * next try instead of paying the model for a second build. The job's id leads (forget() finds it);
 * the request that receives the completion deletes it.
 */
export const keptResultKey = (prefix: string, jobId: string) => `${prefix}:${GENERATION_QUEUE}:${jobId}:kept`;
export const KEEP_RESULT_SECONDS = 900;

/**
 * The ids of a session's jobs, so that forgetting the session finds them without scanning Redis's
 * keyspace. Written with each job (queue.ts); kept a day past the last.
 */
export const sessionJobsKey = (prefix: string, sessionId: string) =>
  `${prefix}:${GENERATION_QUEUE}:session:${sessionId}:jobs`;
export const SESSION_JOBS_SECONDS = 86_400;

/**
 * What a worker returns for a game it has kept under keptResultKey: the completion event (kept in
 * BullMQ's events stream) then carries no game, so forgetting a session never has to read the
 * stream to find one. The request that waits takes the game from the kept key.
 */
export const KEPT_MARKER = { kept: true } as const;
export const isKeptMarker = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { kept?: unknown }).kept === true && !('reply' in v);
