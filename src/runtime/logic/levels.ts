import type { GameSpec, GameType } from '../../games/spec.js';

/**
 * Levels, derived from the spec alone: the spec says what the game is (its things, counts, speeds,
 * difficulty, goal); these pure functions turn it into a short series of rounds that each ask a
 * little more (more or faster hazards, more to collect, a higher target, a bigger maze, a longer
 * road). Nothing is stored in the spec, so every existing spec gets levels, and a remix that
 * changes a count or a speed changes every level with it.
 */

/** Every game has at least this many levels; winning the last one wins the game. */
export const LEVEL_COUNT = 3;
/** ...and at most this many: a spec asking for more things than fit on one screen gets more rounds. */
export const MAX_LEVELS = 5;

/** Seconds the level-up card stays up (game time; a tap or Space skips it). */
export const LEVEL_UP_SECONDS = 2.5;

export interface MazeSize {
  cols: number;
  rows: number;
}

export interface Level {
  /** 1-based. */
  number: number;
  /** How many levels the game has. */
  of: number;
  /** Multiplier on every hazard's speed (on top of its own speed and the difficulty). */
  hazardSpeed: number;
  /** Multiplier on how often things fall or come along (avoider, catcher, runner). */
  spawnRate: number;
  /** Hazards placed in the level (collector, platformer, maze). */
  hazards: number;
  /**
   * Collectibles per kind: placed at the start (collector, platformer, maze; the spec's count on the
   * first level, up to twice it on the last, within the type's cap) or, for the open types, how
   * many a collect-all goal asks for.
   */
  items: number[];
  /**
   * Multiplier on the spec's target (points for `score`, items for an open `collect-all`, seconds
   * for `survive`): the spec's own target is the middle level.
   */
  quota: number;
  /** The maze's grid. */
  maze: MazeSize;
  /** Runner with a finish flag: seconds of running at the base pace until the flag (more treats asked, longer). */
  course: number;
}

/** How many collectibles a placed level holds at most, so a big count still fits on one screen. */
export const ITEM_CAP: Record<GameType, number> = {
  platformer: 32,
  collector: 40,
  maze: 18,
  avoider: 40,
  runner: 40,
  catcher: 40,
};

/** How many hazards a placed level holds at most (a screen that is all hazards is no fun). */
export const HAZARD_CAP: Record<GameType, number> = {
  platformer: 6,
  collector: 8,
  maze: 6,
  avoider: 12,
  runner: 12,
  catcher: 12,
};

/**
 * Maze grids from small to big. The difficulty picks where the first level starts, and a maze with
 * a lot to pick up starts one size up, so the things have room and the walk is worth it.
 */
export const MAZE_SIZES: readonly MazeSize[] = [
  { cols: 11, rows: 7 },
  { cols: 13, rows: 8 },
  { cols: 15, rows: 9 },
  { cols: 17, rows: 10 },
  { cols: 19, rows: 11 },
];

const MAZE_START = { easy: 0, normal: 1, hard: 1 } as const;

function mazeSize(spec: GameSpec, level: number): MazeSize {
  const start = MAZE_START[spec.difficulty] + (asked(spec) >= 12 ? 1 : 0);
  return MAZE_SIZES[Math.min(MAZE_SIZES.length - 1, start + level - 1)] as MazeSize;
}

/** 0 at the first level, 1 at the last: how far along the rise a level is. */
function rise(level: number, of: number): number {
  return of <= 1 ? 0 : (level - 1) / (of - 1);
}

/** Per-kind collectible counts as the spec asks, shared out so each kind keeps one when the cap bites. */
export function itemPlan(spec: GameSpec, scale = 1): number[] {
  const counts = spec.collectibles.map((c) => Math.max(1, Math.round(c.count * scale)));
  const total = counts.reduce((a, b) => a + b, 0);
  const cap = ITEM_CAP[spec.type];
  if (total <= cap) return counts;
  return counts.map((c) => Math.max(1, Math.floor((c * cap) / total)));
}

/** How many collectibles the spec asks for in all. */
const asked = (spec: GameSpec): number => spec.collectibles.reduce((a, c) => a + c.count, 0);

export function hazardTotal(spec: GameSpec): number {
  return spec.hazards.reduce((a, h) => a + h.count, 0);
}

/**
 * How many levels a spec plays: three, and for the types whose things are all placed at the start,
 * one more for each third of a screenful asked beyond the first (a big count means more rounds,
 * not an overcrowded field), up to five.
 */
export function levelCount(spec: GameSpec): number {
  if (spec.type !== 'collector' && spec.type !== 'platformer' && spec.type !== 'maze') return LEVEL_COUNT;
  const third = ITEM_CAP[spec.type] / 3;
  const extra = Math.floor(Math.max(0, asked(spec) - third) / third);
  return Math.min(MAX_LEVELS, LEVEL_COUNT + extra);
}

/** The parameters of level `number` (1-based) of a spec. */
export function levelPlan(spec: GameSpec, number: number): Level {
  const of = levelCount(spec);
  const n = Math.min(of, Math.max(1, Math.round(number)));
  const r = rise(n, of);
  const total = hazardTotal(spec);
  // From a bit fewer than the spec asks on level 1 to a bit more on the last.
  const hazards =
    total === 0 ? 0 : Math.min(HAZARD_CAP[spec.type], Math.max(1, Math.round(total * (0.6 + 0.8 * r))));
  return {
    number: n,
    of,
    hazardSpeed: 1 + 0.24 * r,
    spawnRate: 1 + 0.3 * r,
    hazards,
    items: itemPlan(spec, 1 + r),
    quota: 0.8 + 0.4 * r,
    maze: mazeSize(spec, n),
    // A road with more treats asked for along it is a longer road.
    course: Math.round((35 + 20 * r) * Math.min(1.6, Math.max(0.8, 0.8 + asked(spec) / 50))),
  };
}

/** Every level of a spec, first to last. */
export function levelPlans(spec: GameSpec): Level[] {
  return Array.from({ length: levelCount(spec) }, (_, i) => levelPlan(spec, i + 1));
}
