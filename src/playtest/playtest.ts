import type { GameSpec } from '../games/spec.js';
import { childBot, perfectBot } from './bots.js';
import { type RunResult, simulate } from './simulate.js';

/**
 * Plays a spec before a child does: a perfect bot must win every level (the game can be won), and
 * a child-like bot must get to the end of the whole game in 2 to 6 minutes of game time (it is
 * neither over in a blink nor endless nor hopeless). Pure: the same spec and seeds give the same
 * outcome.
 */

export const CHILD_MIN_MS = 120_000;
export const CHILD_MAX_MS = 360_000;

export interface PlaytestOptions {
  /** Seeds to play (each a different layout); default [1, 2]. */
  seeds?: readonly number[];
}

export const DEFAULT_SEEDS: readonly number[] = [1, 2];

/** The child-like bot's game-time budget: well past 6 minutes, to tell "long" from "endless". */
export const CHILD_BUDGET_MS = 420_000;

export const runChild = (spec: GameSpec, seed: number): RunResult =>
  simulate(spec, seed, childBot(spec, seed), { maxGameMs: CHILD_BUDGET_MS });

export const runPerfect = (spec: GameSpec, seed: number): RunResult =>
  simulate(spec, seed, perfectBot(spec, seed), { maxGameMs: CHILD_MAX_MS });

export interface PlaytestOutcome {
  perfect: { won: boolean; gameMs: number; livesLost: number };
  child: { finished: boolean; won: boolean; gameMs: number; livesLost: number };
  ok: boolean;
  reasons: string[];
  /** Every run, per seed, for reports and tuning. */
  runs: { seed: number; perfect: RunResult; child: RunResult }[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0
    ? 0
    : s.length % 2
      ? (s[mid] as number)
      : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const secs = (ms: number) => `${Math.round(ms / 1000)} s`;

export function playtestSpec(spec: GameSpec, opts: PlaytestOptions = {}): PlaytestOutcome {
  return playtestWith(spec, opts.seeds, new Map());
}

/** playtestSpec, reusing child runs already made for some seeds (the tuner's quick checks). */
export function playtestWith(
  spec: GameSpec,
  seedList: readonly number[] | undefined,
  childRuns: ReadonlyMap<number, RunResult>,
): PlaytestOutcome {
  const seeds = seedList && seedList.length > 0 ? seedList : DEFAULT_SEEDS;
  const runs: PlaytestOutcome['runs'] = [];
  const reasons: string[] = [];
  for (const seed of seeds) {
    const perfect = runPerfect(spec, seed);
    // A layout the perfect bot cannot win is reason enough; the child's run would only cost time.
    const child = perfect.won ? (childRuns.get(seed) ?? runChild(spec, seed)) : perfect;
    runs.push({ seed, perfect, child });
    if (!perfect.won) {
      reasons.push(
        `perfect bot ${perfect.lost ? 'lost' : 'was stuck'} on level ${perfect.level} of ${perfect.levels} (seed ${seed})`,
      );
      break;
    }
  }
  const perfectWon = runs.every((r) => r.perfect.won);
  const played = runs.filter((r) => r.perfect.won);
  const childFinished = played.length > 0 && played.every((r) => r.child.finished);
  const childMs = median(played.map((r) => r.child.gameMs));
  if (perfectWon) {
    for (const r of played) {
      if (r.child.finished) continue;
      reasons.push(
        r.child.lost
          ? `child-like bot ran out of lives on level ${r.child.level} of ${r.child.levels} (seed ${r.seed})`
          : `child-like bot did not finish in ${secs(r.child.gameMs)} (level ${r.child.level}, seed ${r.seed})`,
      );
    }
    if (childFinished && childMs < CHILD_MIN_MS)
      reasons.push(`too short: the child-like bot finished in ${secs(childMs)}`);
    if (childFinished && childMs > CHILD_MAX_MS)
      reasons.push(`too long: the child-like bot took ${secs(childMs)}`);
  }
  return {
    perfect: {
      won: perfectWon,
      gameMs: median(runs.map((r) => r.perfect.gameMs)),
      livesLost: Math.max(...runs.map((r) => r.perfect.livesLost)),
    },
    child: {
      finished: childFinished,
      won: played.length > 0 && played.every((r) => r.child.won),
      gameMs: childMs,
      livesLost: played.length > 0 ? Math.max(...played.map((r) => r.child.livesLost)) : 0,
    },
    ok: reasons.length === 0,
    reasons,
    runs,
  };
}
