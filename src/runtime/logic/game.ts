import type { GameSpec, GameType } from '../../games/spec.js';
import { createAvoider } from './avoider.js';
import { createCatcher } from './catcher.js';
import { createCollector } from './collector.js';
import { DIFFICULTY_FACTOR, goalKind, PLACED_TYPES, resolveGoal, resolveTimeLimit } from './goals.js';
import { LEVEL_UP_SECONDS, levelPlan } from './levels.js';
import { createMaze } from './maze.js';
import { createPlatformer } from './platformer.js';
import { createRng, hashString, mixSeed, normaliseSeed } from './rng.js';
import { applyPower, checkGoal, collect, hitHero, pullItems, tickTimers, win } from './rules.js';
import { createRunner } from './runner.js';
import type { TypeLogic } from './type-logic.js';
import { type Input, makeEntity, overlaps, STEP, type World } from './world.js';

/**
 * The whole game as a pure model: build a level from a spec and a seed, step it with inputs, go on
 * to the next level when one is won, read the state. The Phaser view only draws this and feeds it
 * input; tests and the playtest bots drive it directly.
 */

/** Type logic keeps no state of its own (it all lives in the world), so one of each serves every game. */
const LOGIC: Record<GameType, TypeLogic> = {
  platformer: createPlatformer(),
  collector: createCollector(),
  avoider: createAvoider(),
  runner: createRunner(),
  catcher: createCatcher(),
  maze: createMaze(),
};

export interface GameOptions {
  /** The first play's seed. Default: one from the spec's type and title, so a spec alone replays. */
  seed?: number;
  /** Where Play again gets a new seed. Default: derived from the last one (still reproducible). */
  newSeed?: () => number;
  /** The level the first play starts at (the page's "go on from level 3"); Play again starts at 1. */
  startLevel?: number;
}

export interface GameModel {
  readonly world: World;
  /** Title screen → playing. */
  start(): void;
  /** A new game from level 1, straight into play: a new seed (a new layout, the same rules) unless one is given. */
  restart(opts?: { seed?: number }): void;
  /** One fixed step (the level-up card counts down in steps too). */
  step(input: Input): void;
  /** Steps for `ms` of game time (rounded to whole steps). */
  advance(ms: number, input: Input): void;
  /** Leaves the level-up card now (a tap or Space). */
  skipLevelUp(): void;
  /** Meets this level's goal now, through the same rules as playing it (a test seam). */
  clearLevel(): void;
  /** Everything tests and the HUD need to know, as plain data. */
  snapshot(): GameSnapshot;
}

export interface GameSnapshot {
  type: GameType;
  status: World['status'];
  score: number;
  lives: number | 'unlimited';
  /** The play's seed (replay it with `#seed=` or `__TEST__.restart({seed})`). */
  seed: number;
  /** The level being played (1-based) and how many there are. */
  level: number;
  levels: number;
  /** Seconds played in this level (the clock the HUD shows counts from here). */
  time: number;
  /** Seconds played in the whole game so far. */
  gameTime: number;
  /** Seconds left on the clock, if there is one (or until the survive goal). */
  timeLeft: number | null;
  /** Seconds left on the level-up card, while it shows. */
  levelUp: number | null;
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

/** What a game keeps from one level to the next. */
interface Carry {
  score: number;
  lives: number | 'unlimited';
  hits: number;
  before: number;
}

/** The default seed of a spec: the same spec, the same first game. */
export function specSeed(spec: GameSpec): number {
  return normaliseSeed(hashString(`${spec.type}:${spec.title}`));
}

/** Builds level `number` of the game with `seed`; every level has its own generator from the seed. */
export function buildLevel(spec: GameSpec, seed: number, number: number, carry?: Carry): World {
  const stage = levelPlan(spec, number);
  const placeholder = { kind: goalKind(spec) } as World['goal'];
  const w: World = {
    spec,
    type: spec.type,
    seed,
    stage,
    rng: createRng(mixSeed(seed, stage.number)),
    goal: placeholder,
    timeLimit: null,
    status: 'title',
    score: carry?.score ?? 0,
    lives: carry?.lives ?? spec.lives,
    elapsed: 0,
    before: carry?.before ?? 0,
    levelUp: 0,
    collected: 0,
    hits: carry?.hits ?? 0,
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
    route: [],
    clock: {},
  };
  const logic = LOGIC[spec.type];
  w.hero = makeEntity(w, 'hero', spec.hero.emoji, 0, 0, 44);
  logic.setup(w);
  const items = w.entities.filter((e) => e.kind === 'item');
  const placed = PLACED_TYPES.has(spec.type)
    ? { count: items.length, points: items.reduce((a, e) => a + (spec.collectibles[e.ref]?.points ?? 1), 0) }
    : null;
  const goal = resolveGoal(spec, placed, stage);
  // Score carries over between levels; each level asks for its own points on top.
  w.goal = goal.kind === 'score' ? { kind: 'score', target: w.score + goal.target } : goal;
  w.timeLimit = resolveTimeLimit(spec, w.goal);
  return w;
}

/**
 * One step of play: the type's moves, then the shared rules. Pure apart from mutating `w`. The game
 * always steps by STEP; a bot's rough look-ahead may take longer steps.
 */
export function stepWorld(w: World, input: Input, dt = STEP) {
  if (w.status !== 'playing') return;
  tickTimers(w, dt);
  LOGIC[w.type].step(w, dt, input);
  pullItems(w, dt);
  let exitReached = false;
  let dead = false;
  for (const e of w.entities) {
    if (e.dead || !overlaps(w.hero, e, 4)) continue;
    if (e.kind === 'item') collect(w, e);
    else if (e.kind === 'power') applyPower(w, e);
    else if (e.kind === 'hazard') hitHero(w);
    else if (e.kind === 'exit') exitReached = true;
  }
  for (const e of w.entities) dead ||= e.dead;
  if (dead) w.entities = w.entities.filter((e) => !e.dead);
  checkGoal(w, exitReached);
}

/**
 * An independent copy of a world to step ahead without touching the real one (a bot's look-ahead).
 * Level geometry (solids, maze) never changes after setup, so it is shared. `keep` copies only
 * some of the things in it (a look-ahead that only cares about hazards).
 */
export function cloneWorld(w: World, keep?: (e: World['hero']) => boolean): World {
  return {
    ...w,
    rng: w.rng.clone(),
    hero: { ...w.hero },
    entities: (keep ? w.entities.filter(keep) : w.entities).map((e) => ({ ...e })),
    powers: { ...w.powers },
    events: [],
    clock: { ...w.clock },
    route: [...w.route],
  };
}

/** The next level after `w` was won: score, lives and hits carry over, behind the level-up card. */
function nextLevel(w: World): World {
  const next = buildLevel(w.spec, w.seed, w.stage.number + 1, {
    score: w.score,
    lives: w.lives,
    hits: w.hits,
    before: w.before + w.elapsed,
  });
  next.status = 'levelup';
  next.levelUp = LEVEL_UP_SECONDS;
  next.events = w.events;
  return next;
}

function begin(w: World) {
  w.status = 'playing';
  w.levelUp = 0;
  w.events.push('start');
}

export function createGame(spec: GameSpec, opts: GameOptions = {}): GameModel {
  let seed = normaliseSeed(opts.seed ?? specSeed(spec));
  const newSeed = () => normaliseSeed(opts.newSeed?.() ?? mixSeed(seed, 0x5eed));
  let world = buildLevel(spec, seed, opts.startLevel ?? 1);

  /** A level won (by play or by a seam) leaves a world in `levelup` with no card time: build the next. */
  const settle = () => {
    if (world.status === 'levelup' && world.levelUp <= 0) world = nextLevel(world);
  };

  const step = (input: Input) => {
    settle();
    if (world.status === 'levelup') {
      world.levelUp -= STEP;
      if (world.levelUp <= 1e-9) begin(world);
      return;
    }
    stepWorld(world, input);
    settle();
  };

  const running = () => world.status === 'playing' || world.status === 'levelup';

  const model: GameModel = {
    get world() {
      return world;
    },
    start() {
      if (world.status !== 'title') return;
      begin(world);
    },
    restart(o = {}) {
      seed = o.seed !== undefined ? normaliseSeed(o.seed) : newSeed();
      world = buildLevel(spec, seed, 1);
      begin(world);
    },
    step,
    advance(ms, input) {
      const steps = Math.max(0, Math.round(ms / (STEP * 1000)));
      for (let i = 0; i < steps && running(); i++) step(input);
    },
    skipLevelUp() {
      settle();
      if (world.status === 'levelup') begin(world);
    },
    clearLevel() {
      settle();
      if (world.status === 'levelup') begin(world);
      win(world);
      settle();
    },
    snapshot() {
      settle();
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
        seed: w.seed,
        level: w.stage.number,
        levels: w.stage.of,
        time: Math.round(w.elapsed * 10) / 10,
        gameTime: Math.round((w.before + w.elapsed) * 10) / 10,
        timeLeft: clock === null ? null : Math.max(0, Math.ceil(clock - w.elapsed)),
        levelUp: w.status === 'levelup' ? Math.round(w.levelUp * 10) / 10 : null,
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
        ...(LOGIC[w.type].describe?.(w) ?? {}),
      };
    },
  };
  return model;
}
