import type { GameSpec } from '../games/spec.js';
import { createTuneMemo } from './memo.js';
import { playtestSpec } from './playtest.js';
import { type TuneOptions, tuneSpec } from './tune.js';

export interface PlaytestedOptions extends TuneOptions {
  /** False: keep the numbers as written and only record how the bots did (default true). */
  tune?: boolean;
}

/** Per process (per thread): tuned results by the spec's numbers (memo.ts). */
const memo = createTuneMemo();

/**
 * Every new spec is played before it is stored: tuned until a perfect bot wins every level and a
 * child-like bot reaches the end in 2 to 6 minutes (tune.ts), with the outcome recorded in the
 * spec. Only the spec's numbers move (counts, speeds, targets, lives, clock); the child's choices
 * (type, hero, things to collect and avoid, words) are never touched. A record the caller sent is
 * ignored: only the server's own playtest is kept.
 */
export function playtested(spec: GameSpec, opts: PlaytestedOptions = {}): GameSpec {
  // Both ignore a record the spec came with.
  return memo.get(spec, opts, () => playtestedNow(spec, opts));
}

/** playtested without the memo: the bots play this spec now. */
export function playtestedNow(spec: GameSpec, opts: PlaytestedOptions = {}) {
  const { playtest: _theirs, ...plain } = spec;
  const tuned =
    opts.tune === false
      ? { spec: plain, outcome: playtestSpec(plain, opts), attempts: 1, changes: [] }
      : tuneSpec(plain, opts);
  const { outcome } = tuned;
  return {
    ...tuned.spec,
    playtest: {
      ok: outcome.ok,
      attempts: tuned.attempts,
      seeds: outcome.runs.map((r) => r.seed),
      perfectMs: Math.round(outcome.perfect.gameMs),
      childMs: Math.round(outcome.child.gameMs),
      childLivesLost: outcome.child.livesLost,
      changes: tuned.changes.slice(0, 20).map((c) => c.slice(0, 300)),
      reasons: outcome.reasons.slice(0, 20).map((r) => r.slice(0, 300)),
    },
  };
}
