import type { GameRef } from './game-ref.js';
import type { AgentName, Phase, ProgressStage } from './vocabulary.js';

/**
 * The Server-Sent Events of `POST /api/message/stream`, in the order a turn sends them:
 *
 *   agent    an agent starts speaking; `restart: true` voids the text streamed for it so far
 *   token    the next piece of the current agent's reply
 *   progress a build step of the generation job, once per step
 *   game     the game is ready (the same shape as `game_data`)
 *   error    the turn failed after the stream opened (the child's message was kept)
 *   done     the full `/api/message` response; its `turns` are the authoritative text, and its
 *            optional `chips` what the child can tap to answer (shown once the reply is complete)
 */
export interface AgentEvent {
  agent: AgentName;
  name: string;
  avatar: string;
  phase: Phase;
  restart?: boolean;
}

export interface TokenEvent {
  text: string;
}

export type { ProgressStage };

/** The one wording table for build steps: the stream sends these words, the page shows them. */
export const PROGRESS_WORDS: Record<ProgressStage, string> = {
  queued: 'Getting ready to build your game…',
  building: 'Building your game…',
  checking: 'Checking that your game works…',
  ready: 'Your game is ready!',
  retrying: 'Trying that again…',
};

export const isProgressStage = (s: unknown): s is ProgressStage =>
  typeof s === 'string' && Object.hasOwn(PROGRESS_WORDS, s);

export interface ProgressEvent {
  step: ProgressStage;
  message: string;
}

export interface ErrorEvent {
  error: string;
  message: string;
  action?: string;
}

export type GameEvent = GameRef;

export type StreamEventName = 'agent' | 'token' | 'progress' | 'game' | 'error' | 'done';
