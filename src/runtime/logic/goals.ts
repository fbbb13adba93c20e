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
  // A runner's points came in the hundreds ("900 / 2024"): it runs to the flag, which needs no number.
  if (kind === 'score' && spec.type === 'runner') return 'reach-exit';
  return kind;
}

/** The target the spec asks for (or the type's default), before levels scale it. */
export function askedTarget(spec: GameSpec): number {
  const kind = goalKind(spec);
  if (kind === 'survive') return Math.min(300, Math.max(10, spec.goal.target ?? 60));
  return spec.goal.target ?? (spec.type === 'runner' ? 150 : 100);
}

/**
 * The most a level asks a child to count: a 5-year-old can follow "catch 10 tacos", not "900
 * points". Level 1 asks for at most 20, each level 5 more, never over 30.
 */
export function smallCount(level: Level): number {
  return Math.min(30, 20 + 5 * (level.number - 1));
}

/**
 * The goal of one level. A score goal is played as a small count of things to get (points stay as
 * the score, but the goal a child reads and the HUD shows is "🌮 3 / 10"). `placed` is what a placed level actually holds; score targets count from
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
      return { kind, total: Math.max(1, Math.min(placed ? placed.count : openTotal, smallCount(level))) };
    case 'score': {
      // As many things as the points asked for are worth, in a small count the level can hold.
      const things = Math.round((askedTarget(spec) * level.quota) / Math.max(1, avgPoints));
      const ceiling = placed ? placed.count : smallCount(level);
      return { kind: 'collect-all', total: Math.max(1, Math.min(things, ceiling, smallCount(level))) };
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
