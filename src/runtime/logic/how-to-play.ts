import type { GameSpec, GameType } from '../../games/spec.js';
import type { GameSnapshot } from './game.js';
import { resolveGoal } from './goals.js';
import { levelPlan } from './levels.js';
import type { Goal } from './world.js';

/**
 * What the title and level-up cards tell a child, as data: how to move (keys and touch, drawn as
 * icons), what to get and what to avoid (as pictures and numbers, for children who cannot read
 * yet), and the line read aloud. Pure, so tests can check it without pixels.
 */

/** How a finger plays each type (the view's touch handling follows the same table). */
export type TouchGesture = 'tap-to-go' | 'drag-sideways' | 'tap-to-jump' | 'buttons';

export interface HowToPlay {
  /** Keys drawn as key caps, each group with what it does. */
  keys: { caps: string[]; does: 'move' | 'jump' }[];
  /** The touch gesture, drawn as a hand with a tap ripple, a drag arrow or on-screen buttons. */
  touch: { gesture: TouchGesture; buttons: string[] };
  /** The goal in pictures: a sprite (or symbol) and a short label such as "×10", "100", "45 s". */
  goal: { icon: string; label: string }[];
  /** Sprites of what to avoid. */
  avoid: string[];
  /** The line shown and read aloud under the title. */
  say: string;
}

const ARROWS = ['←', '→', '↑', '↓'];

const CONTROLS: Record<GameType, Pick<HowToPlay, 'keys' | 'touch'>> = {
  platformer: {
    keys: [
      { caps: ['←', '→'], does: 'move' },
      { caps: ['Space'], does: 'jump' },
    ],
    touch: { gesture: 'buttons', buttons: ['◀', '▶', '⬆'] },
  },
  collector: { keys: [{ caps: ARROWS, does: 'move' }], touch: { gesture: 'tap-to-go', buttons: [] } },
  avoider: { keys: [{ caps: ARROWS, does: 'move' }], touch: { gesture: 'tap-to-go', buttons: [] } },
  maze: { keys: [{ caps: ARROWS, does: 'move' }], touch: { gesture: 'tap-to-go', buttons: [] } },
  runner: { keys: [{ caps: ['Space'], does: 'jump' }], touch: { gesture: 'tap-to-jump', buttons: [] } },
  catcher: { keys: [{ caps: ['←', '→'], does: 'move' }], touch: { gesture: 'drag-sideways', buttons: [] } },
};

/** A level's goal in pictures: the same number the HUD shows (one picture, one number). */
function goalPictures(spec: GameSpec, goal: Goal): HowToPlay['goal'] {
  const first = spec.collectibles[0]?.emoji ?? '⭐';
  if (goal.kind === 'reach-exit') return [{ icon: spec.type === 'runner' ? '🏁' : '🚪', label: '' }];
  if (goal.kind === 'survive') return [{ icon: '⏱', label: `${goal.seconds} s` }];
  if (goal.kind === 'score') return [{ icon: first, label: `${goal.target}` }];
  return [{ icon: first, label: `×${goal.total}` }];
}

const VERB: Record<GameType, string> = {
  catcher: 'Catch',
  runner: 'Grab',
  platformer: 'Collect',
  collector: 'Collect',
  avoider: 'Collect',
  maze: 'Collect',
};

/** The line under the title, read aloud: the goal the level really has, in a child's words. */
export function goalLine(spec: GameSpec, goal: Goal): string {
  const thing = spec.collectibles[0]?.name ?? 'stars';
  const hazard = spec.hazards[0]?.name;
  const avoid = hazard ? ` Stay away from the ${hazard}!` : '';
  switch (goal.kind) {
    case 'reach-exit':
      if (spec.type === 'runner') return `Run all the way to the flag!${avoid}`;
      return `Find the door and go through it!${avoid}`;
    case 'survive':
      return `Stay safe for ${goal.seconds} seconds!${avoid}`;
    case 'score':
      return `Get ${goal.target} points!${avoid}`;
    default:
      return `${VERB[spec.type]} ${goal.total} ${thing}!${avoid}`;
  }
}

/**
 * The title card. `goal` is the level's real goal (the world's, as the HUD shows it); without it,
 * level 1's as the spec alone resolves it.
 */
export function howToPlay(
  spec: GameSpec,
  goal: Goal = resolveGoal(spec, null, levelPlan(spec, 1)),
): HowToPlay {
  return {
    ...CONTROLS[spec.type],
    goal: goalPictures(spec, goal),
    avoid: spec.hazards.map((h) => h.emoji),
    say: goalLine(spec, goal),
  };
}

export interface LevelNews {
  /** 1-based level and how many. */
  level: number;
  levels: number;
  /** What is new, as pictures: e.g. {icon: '🌶️', label: '×3'}, {icon: '⚡', label: 'faster'}. */
  changes: { icon: string; label: string }[];
  /** Read aloud when the card shows. */
  say: string;
}

/** What the level-up card says about level `n` (whose goal is `goal`): what got harder than before. */
export function levelNews(
  spec: GameSpec,
  n: number,
  goal: Goal = resolveGoal(spec, null, levelPlan(spec, n)),
): LevelNews {
  const now = levelPlan(spec, n);
  const before = levelPlan(spec, Math.max(1, n - 1));
  const changes: LevelNews['changes'] = [];
  const hazard = spec.hazards[0]?.emoji;
  if (hazard && now.hazards > before.hazards) changes.push({ icon: hazard, label: `×${now.hazards}` });
  if (hazard && now.hazardSpeed > before.hazardSpeed) changes.push({ icon: '⚡', label: 'faster' });
  if (goal.kind === 'reach-exit') {
    if (spec.type === 'maze' && now.maze.cols > before.maze.cols)
      changes.push({ icon: '🧩', label: 'bigger' });
    if (spec.type === 'runner' && now.course > before.course) changes.push({ icon: '🏁', label: 'further' });
  } else {
    changes.push(...goalPictures(spec, goal));
  }
  return { level: now.number, levels: now.of, changes, say: `Level ${now.number}! ${goalLine(spec, goal)}` };
}

/** The HUD's goal, left of the title: the cards' number, counted up ("🌮 3 / 10"). */
export function hudGoal(icon: string, s: Pick<GameSnapshot, 'score' | 'collected' | 'goal'>): string {
  if (s.goal.kind === 'collect-all') return `${icon} ${s.collected} / ${s.goal.total}`;
  if (s.goal.kind === 'score') return `${icon} ${s.score} / ${s.goal.target}`;
  return `${icon} ${s.score}`;
}
