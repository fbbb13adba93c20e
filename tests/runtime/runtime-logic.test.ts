import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { repairSpec } from '../../src/games/repair.js';
import { GAME_TYPES, type GameSpec, type GameType } from '../../src/games/spec.js';
import { createGame, type GameModel } from '../../src/runtime/logic/game.js';
import { resolveGoal } from '../../src/runtime/logic/goals.js';
import { distances, findPath, generateMaze, neighbours } from '../../src/runtime/logic/maze-gen.js';
import { generatePlatforms, jumpHeight, reachableSurfaces } from '../../src/runtime/logic/platform-layout.js';
import { createRng, hashString } from '../../src/runtime/logic/rng.js';
import { emptyInput, type Input } from '../../src/runtime/logic/world.js';
import type { Snap } from '../support/game-driver.js';
import {
  avoiderMove,
  catcherMove,
  collectorMove,
  type Move,
  mazeMove,
  platformerMove,
  runnerMove,
} from '../support/players.js';

/** The runtime's rules are plain TypeScript: level generation and whole games run here in Node. */

describe('seeded RNG', () => {
  it('gives the same numbers for the same seed and different ones otherwise', () => {
    const a = createRng(hashString('The Gruffalo'));
    const b = createRng(hashString('The Gruffalo'));
    const c = createRng(hashString('The Gruffalo!'));
    const seq = (r: typeof a) => Array.from({ length: 20 }, () => r.next());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
    for (const v of first) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of first) expect(v).toBeLessThan(1);
  });

  it('builds the same level from the same spec and seed', () => {
    for (const type of GAME_TYPES) {
      const spec = catalogueEntry(type).example;
      expect(createGame(spec).snapshot()).toEqual(createGame(spec).snapshot());
      expect(createGame(spec, { seed: 42 }).snapshot()).toEqual(createGame(spec, { seed: 42 }).snapshot());
    }
  });
});

describe('maze generation', () => {
  it('always reaches every cell, so the exit and every item can be reached', () => {
    for (let seed = 0; seed < 200; seed++) {
      const g = generateMaze(11, 7, createRng(seed));
      expect(distances(g, 0).every((d) => d >= 0)).toBe(true);
      expect(findPath(g, 0, 76).length).toBeGreaterThan(1);
      // Passages are two-way: what is open from one side is open from the other.
      g.open.forEach((_, cell) => {
        for (const n of neighbours(g, cell)) expect(neighbours(g, n)).toContain(cell);
      });
    }
  });
});

describe('platform layout', () => {
  it('puts every platform within jumping reach, for every jump the spec allows', () => {
    for (let seed = 0; seed < 200; seed++) {
      const layout = generatePlatforms(createRng(seed));
      for (const jump of [0.5, 1, 2]) {
        expect(reachableSurfaces(layout, jump).size).toBe(layout.surfaces.length);
      }
      for (const s of layout.surfaces) {
        expect(s.x).toBeGreaterThanOrEqual(0);
        expect(s.x + s.w).toBeLessThanOrEqual(800);
      }
    }
    expect(jumpHeight(0.5)).toBeGreaterThan(95 + 12);
  });

  it('places every item just above a reachable surface', () => {
    for (const title of ['A', 'B', 'C', 'Max', 'Long title here']) {
      const spec = { ...catalogueEntry('platformer').example, title };
      const game = createGame(spec);
      const surfaces = game.world.solids;
      for (const item of game.snapshot().items) {
        const under = surfaces.find(
          (s) => item.x >= s.x && item.x <= s.x + s.w && s.y - item.y > 0 && s.y - item.y <= 40,
        );
        expect(under).toBeDefined();
      }
    }
  });
});

describe('goals', () => {
  it('asks for a small count a placed level holds, never for points (issue 31.5)', () => {
    const spec: GameSpec = {
      ...catalogueEntry('collector').example,
      goal: { kind: 'score', target: 10_000 },
    };
    expect(resolveGoal(spec, { count: 9, points: 90 })).toEqual({ kind: 'collect-all', total: 9 });
    expect(resolveGoal(spec, { count: 40, points: 400 })).toEqual({ kind: 'collect-all', total: 20 });
  });

  it('gives each type a goal it can play', () => {
    const exit = (type: GameType) =>
      resolveGoal({ ...catalogueEntry(type).example, goal: { kind: 'reach-exit' } }, null);
    // A catcher has no exit: it asks for things to catch (a score goal, played as a count).
    expect(exit('catcher').kind).toBe('collect-all');
    expect(exit('avoider').kind).toBe('survive');
    expect(exit('runner').kind).toBe('reach-exit');
  });
});

const KEYS: Record<string, keyof Input> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Space: 'jump',
};

/** Plays the model with a scripted player, keys only, like the browser tests but in Node (through every level). */
function play(game: GameModel, move: (s: Snap) => Move, budgetMs: number): Snap {
  const input = emptyInput();
  let s = game.snapshot() as unknown as Snap;
  for (let t = 0; t < budgetMs && (s.status === 'playing' || s.status === 'levelup'); ) {
    const m = move(s);
    for (const k of Object.values(KEYS)) (input as unknown as Record<string, boolean>)[k] = false;
    for (const k of m.keys) (input as unknown as Record<string, boolean>)[KEYS[k] as string] = true;
    game.advance(m.ms, input);
    t += m.ms;
    s = game.snapshot() as unknown as Snap;
  }
  return s;
}

const PLAYERS: Record<Exclude<GameType, 'platformer'>, (s: Snap) => Move> = {
  collector: collectorMove,
  avoider: avoiderMove,
  runner: runnerMove,
  catcher: catcherMove,
  maze: (s) => mazeMove(s),
};

describe('whole games in the model', () => {
  it.each(Object.keys(PLAYERS) as (keyof typeof PLAYERS)[])(
    '%s is won, every level, by a scripted player with the example spec',
    (type) => {
      // These players only chase the goal; enough lives that the hazards they ignore cannot end it.
      const game = createGame({ ...catalogueEntry(type).example, lives: 9 });
      game.start();
      const s = play(game, PLAYERS[type], 600_000);
      expect(s.status).toBe('won');
      expect(s.level).toBe(s.levels);
    },
  );

  it.each(['Max', 'Wild', 'Rumpus', 'Crowns', 'Island', 'Moon', 'Castle', 'Jungle'])(
    'platformer "%s": every item on every level is collected by running and jumping',
    (title) => {
      // Unlimited lives, so a hazard only slows the climber down.
      const game = createGame({ ...catalogueEntry('platformer').example, title, lives: 'unlimited' });
      game.start();
      const s = play(game, platformerMove, 600_000);
      expect(s.status).toBe('won');
    },
  );

  it.each(GAME_TYPES)('%s with unlimited lives is never lost, however often it is hit', (type) => {
    const spec: GameSpec = { ...catalogueEntry(type).example, lives: 'unlimited', timeLimit: 60 };
    const game = createGame(spec);
    game.start();
    const input = emptyInput();
    for (let i = 0; i < 600 && game.world.status === 'playing'; i++) {
      const h = game.world.entities.find((e) => e.kind === 'hazard');
      if (h) {
        game.world.hero.x = h.x;
        game.world.hero.y = h.y;
      }
      game.advance(250, input);
      expect(game.world.status).not.toBe('lost');
    }
    expect(game.world.lives).toBe('unlimited');
  });

  it.each(GAME_TYPES)('%s with three lives is lost after three hits, levels or not', (type) => {
    const game = createGame({ ...catalogueEntry(type).example, lives: 3, powerUps: [] });
    game.start();
    const input = emptyInput();
    for (let i = 0; i < 400 && game.world.status === 'playing'; i++) {
      const h = game.world.entities.find((e) => e.kind === 'hazard');
      if (h && game.world.invulnerable === 0) {
        game.world.hero.x = h.x;
        game.world.hero.y = h.y;
        if (game.world.maze) game.world.hero.b = -1;
      }
      game.advance(100, input);
    }
    expect(game.world.status).toBe('lost');
    expect(game.world.hits).toBe(3);
  });
});

describe('a game lasts long enough to be fun', () => {
  // A spec the way the agents make one: the child's things, the type's default goal.
  const fromAgents = (type: GameType): GameSpec =>
    repairSpec({
      type,
      title: 'Dragon Tacos',
      hero: { name: 'Dragon', emoji: '🐉' },
      collectibles: [{ name: 'tacos', emoji: '🌮', count: 12 }],
      hazards: [{ name: 'salsa', emoji: '🌶️', behaviour: type === 'catcher' ? 'fall' : 'patrol' }],
      lives: 'unlimited',
    });

  it.each(Object.keys(PLAYERS) as (keyof typeof PLAYERS)[])(
    // A scripted player is several times faster than a young child; its time is a floor: at least
    // 8 s a level, as a round used to be. (The child-like bot's 2–6 minutes: playtest.test.ts.)
    '%s with the default goal takes even a scripted player 24 s to 6 min over all its levels',
    (type) => {
      const game = createGame(fromAgents(type));
      game.start();
      const s = play(game, PLAYERS[type], 900_000);
      expect(s.status).toBe('won');
      expect(s.gameTime).toBeGreaterThanOrEqual(24);
      expect(s.gameTime).toBeLessThanOrEqual(360);
    },
  );
});
