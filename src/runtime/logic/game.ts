import type { GameSpec, GameType } from '../../games/spec.js';
import { createAvoider } from './avoider.js';
import { createCatcher } from './catcher.js';
import { createCollector } from './collector.js';
import { DIFFICULTY_FACTOR, goalKind, PLACED_TYPES, resolveGoal, resolveTimeLimit } from './goals.js';
import { createMaze } from './maze.js';
import { createPlatformer } from './platformer.js';
import { createRng, hashString } from './rng.js';
import { applyPower, checkGoal, collect, hitHero, pullItems, tickTimers } from './rules.js';
import { createRunner } from './runner.js';
import type { TypeLogic } from './type-logic.js';
import { type Input, makeEntity, overlaps, STEP, type World } from './world.js';

/**
 * The whole game as a pure model: build a world from a spec, step it with inputs, read its state.
 * The Phaser view only draws this and feeds it input; tests drive it directly.
 */

const LOGIC: Record<GameType, () => TypeLogic> = {
  platformer: createPlatformer,
  collector: createCollector,
  avoider: createAvoider,
  runner: createRunner,
  catcher: createCatcher,
  maze: createMaze,
};

export interface GameModel {
  readonly world: World;
  /** Title screen → playing. */
  start(): void;
  /** A fresh world from the same spec (same seed, same level), straight into play. */
  restart(): void;
  /** One fixed step. */
  step(input: Input): void;
  /** Steps for `ms` of game time (rounded to whole steps). */
  advance(ms: number, input: Input): void;
  /** Everything tests and the HUD need to know, as plain data. */
  snapshot(): GameSnapshot;
}

export interface GameSnapshot {
  type: GameType;
  status: World['status'];
  score: number;
  lives: number | 'unlimited';
  /** Seconds played. */
  time: number;
  /** Seconds left on the clock, if there is one (or until the survive goal). */
  timeLeft: number | null;
  goal: World['goal'];
  hero: { x: number; y: number; grounded: boolean };
  collected: number;
  remaining: number | null;
  hits: number;
  invulnerable: boolean;
  powers: World['powers'];
  items: { id: number; x: number; y: number; ref: number }[];
  hazards: { id: number; x: number; y: number; ref: number }[];
  powerUps: { id: number; x: number; y: number; ref: number }[];
  exit: { x: number; y: number } | null;
  [extra: string]: unknown;
}

function buildWorld(spec: GameSpec, logic: TypeLogic): World {
  const placeholder = { kind: goalKind(spec) } as World['goal'];
  const w: World = {
    spec,
    type: spec.type,
    rng: createRng(hashString(`${spec.type}:${spec.title}`)),
    goal: placeholder,
    timeLimit: null,
    status: 'title',
    score: 0,
    lives: spec.lives,
    elapsed: 0,
    collected: 0,
    hits: 0,
    hero: undefined as unknown as World['hero'],
    entities: [],
    nextId: 1,
    invulnerable: 0,
    stunned: 0,
    powers: { speed: 0, shield: 0, magnet: 0, slow: 0 },
    events: [],
    difficulty: DIFFICULTY_FACTOR[spec.difficulty],
    solids: [],
    maze: null,
    clock: {},
  };
  w.hero = makeEntity(w, 'hero', spec.hero.emoji, 0, 0, 44);
  logic.setup(w);
  const items = w.entities.filter((e) => e.kind === 'item');
  const placed = PLACED_TYPES.has(spec.type)
    ? { count: items.length, points: items.reduce((a, e) => a + (spec.collectibles[e.ref]?.points ?? 1), 0) }
    : null;
  w.goal = resolveGoal(spec, placed);
  w.timeLimit = resolveTimeLimit(spec, w.goal);
  return w;
}

export function createGame(spec: GameSpec): GameModel {
  let logic = LOGIC[spec.type]();
  let world = buildWorld(spec, logic);

  const step = (input: Input) => {
    const w = world;
    if (w.status !== 'playing') return;
    tickTimers(w, STEP);
    logic.step(w, STEP, input);
    pullItems(w, STEP);
    let exitReached = false;
    for (const e of w.entities) {
      if (e.dead || !overlaps(w.hero, e, 4)) continue;
      if (e.kind === 'item') collect(w, e);
      else if (e.kind === 'power') applyPower(w, e);
      else if (e.kind === 'hazard') hitHero(w);
      else if (e.kind === 'exit') exitReached = true;
    }
    if (w.entities.some((e) => e.dead)) w.entities = w.entities.filter((e) => !e.dead);
    checkGoal(w, exitReached);
  };

  const model: GameModel = {
    get world() {
      return world;
    },
    start() {
      if (world.status !== 'title') return;
      world.status = 'playing';
      world.events.push('start');
    },
    restart() {
      logic = LOGIC[spec.type]();
      world = buildWorld(spec, logic);
      world.status = 'playing';
      world.events.push('start');
    },
    step,
    advance(ms, input) {
      const steps = Math.max(0, Math.round(ms / (STEP * 1000)));
      for (let i = 0; i < steps && world.status === 'playing'; i++) step(input);
    },
    snapshot() {
      const w = world;
      const pick = (kind: string) =>
        w.entities
          .filter((e) => e.kind === kind)
          .map((e) => ({ id: e.id, x: Math.round(e.x), y: Math.round(e.y), ref: e.ref }));
      const exit = w.entities.find((e) => e.kind === 'exit');
      const clock = w.goal.kind === 'survive' ? w.goal.seconds : w.timeLimit !== null ? w.timeLimit : null;
      return {
        type: w.type,
        status: w.status,
        score: w.score,
        lives: w.lives,
        time: Math.round(w.elapsed * 10) / 10,
        timeLeft: clock === null ? null : Math.max(0, Math.ceil(clock - w.elapsed)),
        goal: w.goal,
        hero: { x: Math.round(w.hero.x), y: Math.round(w.hero.y), grounded: w.hero.grounded },
        collected: w.collected,
        remaining: w.goal.kind === 'collect-all' ? Math.max(0, w.goal.total - w.collected) : null,
        hits: w.hits,
        invulnerable: w.invulnerable > 0,
        powers: { ...w.powers },
        items: pick('item'),
        hazards: pick('hazard'),
        powerUps: pick('power'),
        exit: exit ? { x: Math.round(exit.x), y: Math.round(exit.y) } : null,
        ...(logic.describe?.(w) ?? {}),
      };
    },
  };
  return model;
}
