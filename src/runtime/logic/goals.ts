import type { GameSpec, GameType } from '../../games/spec.js';
import { type Level, levelPlan } from './levels.js';
import type { Goal } from './world.js';

/**
 * The spec's goal as each game type can actually play it, level by level. Agents may ask for
 * combinations a type cannot honour (a catcher has no exit) or targets nobody could reach (10 000
 * points from twelve stars); here every goal becomes one the child can win.
 */

/** Types whose collectibles are all placed at the start; the others keep spawning them. */
export const PLACED_TYPES: ReadonlySet<GameType> = new Set(['platformer', 'collector', 'maze']);

/** The goal kind this type plays, before the level is built (the level needs to know about exits). */
export function goalKind(spec: GameSpec): Goal['kind'] {
  const kind = spec.goal.kind;
  if (kind === 'reach-exit') {
    if (spec.type === 'avoider') return 'survive';
    if (spec.type === 'catcher') return 'score';
    return 'reach-exit';
  }
  if (kind === 'survive' && spec.type === 'maze') return 'reach-exit';
  return kind;
}

/** The target the spec asks for (or the type's default), before levels scale it. */
export function askedTarget(spec: GameSpec): number {
  const kind = goalKind(spec);
  if (kind === 'survive') return Math.min(300, Math.max(10, spec.goal.target ?? 60));
  return spec.goal.target ?? (spec.type === 'runner' ? 150 : 100);
}

/**
 * The goal of one level. `placed` is what a placed level actually holds; score targets count from
 * the start of the level (the caller adds the score carried over).
 */
export function resolveGoal(
  spec: GameSpec,
  placed: { count: number; points: number } | null,
  level: Level = levelPlan(spec, 1),
): Goal {
  const kind = goalKind(spec);
  const openTotal = Math.round(level.items.reduce((a, b) => a + b, 0) * 0.8);
  const avgPoints = spec.collectibles.reduce((a, c) => a + c.points, 0) / spec.collectibles.length;
  switch (kind) {
    case 'collect-all':
      return { kind, total: Math.max(1, placed ? placed.count : openTotal) };
    case 'score': {
      const asked = Math.round(askedTarget(spec) * level.quota);
      // Placed levels cannot give more than their items; open ones cap at about 150 catches a level.
      const ceiling = placed ? placed.points : Math.round(avgPoints * 150);
      return { kind, target: Math.max(1, Math.min(asked, ceiling)) };
    }
    case 'survive':
      return { kind, seconds: Math.max(10, Math.round(askedTarget(spec) * level.quota)) };
    default:
      return { kind: 'reach-exit' };
  }
}

/** A clock under 30 s is too short to learn a level; a survive goal is its own clock. Each level has its own. */
export function resolveTimeLimit(spec: GameSpec, goal: Goal): number | null {
  if (spec.timeLimit == null || goal.kind === 'survive') return null;
  return Math.max(30, spec.timeLimit);
}

export const DIFFICULTY_FACTOR = { easy: 0.75, normal: 1, hard: 1.3 } as const;
