import { parentPort } from 'node:worker_threads';
import type { GameSpec } from '../games/spec.js';
import { type PlaytestedOptions, playtested } from './record.js';

/** The playtest thread (tune-thread.ts): plays and tunes one spec per request, in order. */
export interface TuneRequest {
  id: number;
  spec: GameSpec;
  opts: PlaytestedOptions;
}
export type TuneReply = { id: number; ok: true; spec: GameSpec } | { id: number; ok: false; message: string };

parentPort?.on('message', (m: TuneRequest) => {
  let reply: TuneReply;
  try {
    reply = { id: m.id, ok: true, spec: playtested(m.spec, m.opts) };
  } catch (e) {
    reply = { id: m.id, ok: false, message: e instanceof Error ? e.name : 'Error' };
  }
  parentPort?.postMessage(reply);
});
