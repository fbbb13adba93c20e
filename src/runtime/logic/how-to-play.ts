import type { GameSpec, GameType } from '../../games/spec.js';
import { goalKind, PLACED_TYPES, resolveGoal } from './goals.js';
import { type Level, levelPlan } from './levels.js';

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

/** The first level's goal in pictures: what the child is asked for right now. */
function goalPictures(spec: GameSpec, level: Level): HowToPlay['goal'] {
  const kind = goalKind(spec);
  const first = spec.collectibles[0]?.emoji ?? '⭐';
  if (kind === 'reach-exit') return [{ icon: spec.type === 'runner' ? '🏁' : '🚪', label: '' }];
  if (kind === 'survive') {
    const goal = resolveGoal(spec, null, level);
    return [{ icon: '⏱', label: `${goal.kind === 'survive' ? goal.seconds : 60} s` }];
  }
  if (kind === 'score') {
    const goal = resolveGoal(spec, null, level);
    return [{ icon: first, label: `${goal.kind === 'score' ? goal.target : 100}` }];
  }
  // collect-all: each kind with how many the level holds, or (things keep coming) how many to get.
  if (!PLACED_TYPES.has(spec.type)) {
    const goal = resolveGoal(spec, null, level);
    return [{ icon: first, label: `×${goal.kind === 'collect-all' ? goal.total : 10}` }];
  }
  return spec.collectibles.map((c, i) => ({ icon: c.emoji, label: `×${level.items[i] ?? c.count}` }));
}

export function howToPlay(spec: GameSpec): HowToPlay {
  const level = levelPlan(spec, 1);
  return {
    ...CONTROLS[spec.type],
    goal: goalPictures(spec, level),
    avoid: spec.hazards.map((h) => h.emoji),
    say: spec.lines.intro,
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

/** What the level-up card says about level `n`: what got harder than the level before. */
export function levelNews(spec: GameSpec, n: number): LevelNews {
  const now = levelPlan(spec, n);
  const before = levelPlan(spec, Math.max(1, n - 1));
  const changes: LevelNews['changes'] = [];
  const hazard = spec.hazards[0]?.emoji;
  if (hazard && now.hazards > before.hazards) changes.push({ icon: hazard, label: `×${now.hazards}` });
  if (hazard && now.hazardSpeed > before.hazardSpeed) changes.push({ icon: '⚡', label: 'faster' });
  const kind = goalKind(spec);
  const goal = goalPictures(spec, now);
  if (kind === 'reach-exit') {
    if (spec.type === 'maze' && now.maze.cols > before.maze.cols)
      changes.push({ icon: '🧩', label: 'bigger' });
    if (spec.type === 'runner' && now.course > before.course) changes.push({ icon: '🏁', label: 'further' });
  } else {
    changes.push(...goal);
  }
  return { level: now.number, levels: now.of, changes, say: `Level ${now.number}!` };
}
