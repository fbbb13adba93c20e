import type { GameSpec } from '../games/spec.js';
import { createGame } from '../runtime/logic/game.js';
import { emptyInput, type Input, STEP, type World } from '../runtime/logic/world.js';

/**
 * The headless simulator: a spec's real game logic (no Phaser, no browser), one seed, and a
 * controller that sets the input before every fixed step, the way keys and fingers do in the page.
 */

/** Sets `input` for the next step from what it sees in `w` (it may keep state between calls). */
export type Controller = (w: World, input: Input) => void;

export interface RunResult {
  won: boolean;
  lost: boolean;
  /** Reached the end of the whole game: won it, or got to the last level and played it out. */
  finished: boolean;
  /** The level reached (1-based) and how many there are. */
  level: number;
  levels: number;
  /** Game time played, level-up cards left out (ms). */
  gameMs: number;
  /** Milliseconds per level played (the last one may be unfinished). */
  levelMs: number[];
  /** Hits taken: a life each (with unlimited lives, a few points each). */
  livesLost: number;
  /** Lives left at the end (a game lost with lives left ran out of time). */
  livesLeft: number | 'unlimited';
  score: number;
  /** Stopped at the time budget before the game ended. */
  timedOut: boolean;
  /** About how much of the whole game was done (0–1): levels weighted by what they ask. */
  progress: number;
}

export interface SimulateOptions {
  /** Game-time budget (ms); a run still going then counts as not finished. */
  maxGameMs?: number;
}

const STEP_MS = STEP * 1000;

export function simulate(
  spec: GameSpec,
  seed: number,
  controller: Controller,
  opts: SimulateOptions = {},
): RunResult {
  const maxSteps = Math.ceil((opts.maxGameMs ?? 480_000) / STEP_MS);
  const game = createGame(spec, { seed });
  game.start();
  const input = emptyInput();
  const levelSteps: number[] = [0];
  let steps = 0;
  let levelScore = 0;
  for (;;) {
    const w = game.world;
    if (w.status === 'levelup') {
      // The card is a pause for the child, not play: skip it, as a tap would.
      game.skipLevelUp();
      levelSteps.push(0);
      levelScore = game.world.score;
      continue;
    }
    if (w.status !== 'playing' || steps >= maxSteps) break;
    controller(w, input);
    game.step(input);
    steps++;
    levelSteps[levelSteps.length - 1] = (levelSteps[levelSteps.length - 1] as number) + 1;
  }
  const w = game.world;
  const won = w.status === 'won';
  const lost = w.status === 'lost';
  return {
    won,
    lost,
    finished: won || (lost && w.stage.number === w.stage.of),
    level: w.stage.number,
    levels: w.stage.of,
    gameMs: Math.round(steps * STEP_MS),
    levelMs: levelSteps.map((s) => Math.round(s * STEP_MS)),
    livesLost: w.hits,
    livesLeft: w.lives,
    score: w.score,
    timedOut: !won && !lost,
    progress: won ? 1 : progressOf(w, levelScore),
  };
}

/** How far into the whole game a world is; each level weighs what it asks (see levels.ts). */
function progressOf(w: World, levelScore: number): number {
  const of = w.stage.of;
  const weight = (n: number) => 0.8 + (0.4 * (n - 1)) / Math.max(1, of - 1);
  let total = 0;
  let done = 0;
  for (let n = 1; n <= of; n++) {
    total += weight(n);
    if (n < w.stage.number) done += weight(n);
  }
  const g = w.goal;
  let part = 0.5;
  if (g.kind === 'collect-all') part = w.collected / Math.max(1, g.total);
  else if (g.kind === 'score') part = (w.score - levelScore) / Math.max(1, g.target - levelScore);
  else if (g.kind === 'survive') part = w.elapsed / Math.max(1, g.seconds);
  done += weight(w.stage.number) * Math.min(1, Math.max(0, part));
  return done / total;
}
