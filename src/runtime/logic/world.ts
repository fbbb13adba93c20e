import type { GameSpec, GameType } from '../../games/spec.js';
import type { Level } from './levels.js';
import type { Rng } from './rng.js';

/**
 * The game's model: plain data that the per-type logic moves and the view draws. Nothing here knows
 * about Phaser, so the rules run (and are tested) in Node as well as in the browser.
 */

/** The logical playfield; Phaser's FIT scaling maps it onto any screen. */
export const WORLD_W = 800;
export const WORLD_H = 600;
/** The HUD bar at the top; play happens below it. */
export const HUD_H = 56;
/** Fixed simulation step: the same inputs always give the same game. */
export const STEP = 1 / 60;

/** `levelup`: a level was just won and the next one waits behind the level-up card. */
export type Status = 'title' | 'playing' | 'levelup' | 'won' | 'lost';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the child is doing right now, from keys or touch. */
export interface Input {
  left: boolean;
  right: boolean;
  up: boolean;
  down: boolean;
  /** Held jump (Space / up arrow / a jump button). */
  jump: boolean;
  /** A one-shot jump from a tap; the logic clears it once used. */
  jumpTap: boolean;
  /** Where a finger asked the hero to go (world coordinates); cleared when reached or a key is pressed. */
  target: Point | null;
}

export const emptyInput = (): Input => ({
  left: false,
  right: false,
  up: false,
  down: false,
  jump: false,
  jumpTap: false,
  target: null,
});

export type EntityKind = 'hero' | 'item' | 'hazard' | 'power' | 'exit';

export interface Entity {
  id: number;
  kind: EntityKind;
  /** The emoji (or short symbol) drawn for it. */
  sprite: string;
  x: number;
  y: number;
  /** Half width and half height of the collision box, centred on (x, y); the view draws the sprite at 2·hw × 2·hh. */
  hw: number;
  hh: number;
  vx: number;
  vy: number;
  /** Index into the spec's collectibles / hazards / powerUps. */
  ref: number;
  /** Per-behaviour scratch values (patrol bounds, phase, maze path...). */
  a: number;
  b: number;
  t: number;
  /** Whether the entity rests on something (platformer and runner heroes and walkers). */
  grounded: boolean;
  dead: boolean;
}

/** The goal as this game type plays it (see goals.ts): always winnable, targets already clamped. */
export type Goal =
  | { kind: 'collect-all'; total: number }
  | { kind: 'score'; target: number }
  | { kind: 'survive'; seconds: number }
  | { kind: 'reach-exit' };

export type GameEvent = 'start' | 'collect' | 'hit' | 'jump' | 'power' | 'level' | 'win' | 'lose';

export interface Powers {
  speed: number;
  shield: number;
  magnet: number;
  slow: number;
}

export interface MazeData {
  cols: number;
  rows: number;
  cell: number;
  originX: number;
  originY: number;
  /** Open passages per cell as a bitmask of N/E/S/W (see maze-gen.ts). */
  open: number[];
  exit: { col: number; row: number };
}

export interface World {
  spec: GameSpec;
  type: GameType;
  /** The play's seed: with the same inputs, the same seed plays the same game, level after level. */
  seed: number;
  /** This level's parameters (see levels.ts); `stage.number` is the level, 1-based. */
  stage: Level;
  /** This level's generator, seeded from the play's seed and the level number. */
  rng: Rng;
  goal: Goal;
  /** Seconds; null = no clock. */
  timeLimit: number | null;
  status: Status;
  score: number;
  lives: number | 'unlimited';
  /** Seconds of play in this level (its clock). */
  elapsed: number;
  /** Seconds of play in earlier levels of this game. */
  before: number;
  /** Seconds left on the level-up card (status `levelup`). */
  levelUp: number;
  collected: number;
  hits: number;
  hero: Entity;
  entities: Entity[];
  nextId: number;
  invulnerable: number;
  stunned: number;
  powers: Powers;
  /** Things that happened in the last steps, drained by the view for sounds and effects. */
  events: GameEvent[];
  /** Multiplier on hazard speed and spawn rate from the spec's difficulty. */
  difficulty: number;
  /** Platforms (platformer) or ground (runner): drawn and collided from the same rectangles. */
  solids: Rect[];
  maze: MazeData | null;
  /** Maze cells the hero still has to walk (from a tap). */
  route: number[];
  /** Type-specific counters (spawn clocks, distance run...). */
  clock: Record<string, number>;
}

export function makeEntity(
  w: World,
  kind: EntityKind,
  sprite: string,
  x: number,
  y: number,
  size: number,
): Entity {
  const e: Entity = {
    id: w.nextId++,
    kind,
    sprite,
    x,
    y,
    hw: size / 2,
    hh: size / 2,
    vx: 0,
    vy: 0,
    ref: 0,
    a: 0,
    b: 0,
    t: 0,
    grounded: false,
    dead: false,
  };
  return e;
}

export function overlaps(a: Entity, b: Entity, shrink = 0): boolean {
  return Math.abs(a.x - b.x) < a.hw + b.hw - shrink && Math.abs(a.y - b.y) < a.hh + b.hh - shrink;
}

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
