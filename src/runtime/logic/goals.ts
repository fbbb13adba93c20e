import type { GameSpec, GameType } from '../../games/spec.js';
import type { Goal } from './world.js';

/**
 * The spec's goal as each game type can actually play it. Agents may ask for combinations a type
 * cannot honour (a catcher has no exit) or targets nobody could reach (10 000 points from twelve
 * stars); here every goal becomes one the child can win.
 */

/** Types whose collectibles are all placed at the start; the others keep spawning them. */
export const PLACED_TYPES: ReadonlySet<GameType> = new Set(['platformer', 'collector', 'maze']);

/** How many collectibles a placed level holds at most, so a huge count still fits on one screen. */
export const ITEM_CAP: Record<GameType, number> = {
  platformer: 24,
  collector: 30,
  maze: 15,
  avoider: 40,
  runner: 40,
  catcher: 40,
};

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

/** Sum of counts, shared out so each kind keeps at least one when the cap bites. */
export function itemPlan(spec: GameSpec): number[] {
  const counts = spec.collectibles.map((c) => c.count);
  const total = counts.reduce((a, b) => a + b, 0);
  const cap = ITEM_CAP[spec.type];
  if (total <= cap) return counts;
  const scaled = counts.map((c) => Math.max(1, Math.floor((c * cap) / total)));
  return scaled;
}

export function resolveGoal(spec: GameSpec, placed: { count: number; points: number } | null): Goal {
  const kind = goalKind(spec);
  const plan = itemPlan(spec);
  const openTotal = plan.reduce((a, b) => a + b, 0);
  const avgPoints = spec.collectibles.reduce((a, c) => a + c.points, 0) / spec.collectibles.length;
  switch (kind) {
    case 'collect-all':
      return { kind, total: Math.max(1, placed ? placed.count : openTotal) };
    case 'score': {
      const asked = spec.goal.target ?? (spec.type === 'runner' ? 150 : 100);
      // Placed levels cannot give more than their items; open ones cap at about 60 catches.
      const ceiling = placed ? placed.points : Math.round(avgPoints * 60);
      return { kind, target: Math.max(1, Math.min(asked, ceiling)) };
    }
    case 'survive':
      return { kind, seconds: Math.min(300, Math.max(10, spec.goal.target ?? 60)) };
    default:
      return { kind: 'reach-exit' };
  }
}

/** A clock under 30 s is too short to learn a level; a survive goal is its own clock. */
export function resolveTimeLimit(spec: GameSpec, goal: Goal): number | null {
  if (spec.timeLimit == null || goal.kind === 'survive') return null;
  return Math.max(30, spec.timeLimit);
}

export const DIFFICULTY_FACTOR = { easy: 0.75, normal: 1, hard: 1.3 } as const;
