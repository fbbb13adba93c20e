import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueEntry } from '../../src/games/catalogue.js';
import { GAME_TYPES, type GameSpec, GameSpecSchema, type GameType } from '../../src/games/spec.js';
import {
  CHILD_MAX_MS,
  CHILD_MIN_MS,
  childBot,
  perfectBot,
  playtestSpec,
  simulate,
  tuneSpec,
} from '../../src/playtest/index.js';
import { buildLevel, createGame, type GameSnapshot } from '../../src/runtime/logic/game.js';
import { goalLine, howToPlay, levelNews } from '../../src/runtime/logic/how-to-play.js';
import { LEVEL_UP_SECONDS, levelCount, levelPlans } from '../../src/runtime/logic/levels.js';
import { emptyInput, type World } from '../../src/runtime/logic/world.js';

/**
 * Levels, seeds and the playtest bots, on the pure game logic (no browser): every type has levels
 * that ask more and more, a seed replays a layout, and after tuneSpec every catalogue example is
 * won on every level by the perfect bot and finished by the child-like bot in 2–6 minutes.
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** Everything the seed decides about a level, as one comparable value. */
const layout = (s: GameSnapshot) => ({
  items: s.items.map((i) => [i.x, i.y, i.ref]),
  hazards: s.hazards.map((h) => [h.x, h.y, h.ref]),
  exit: s.exit,
  platforms: s.platforms ?? null,
  solution: s.solution ?? null,
});

/** How hard a built level is, for a type: what the child must do and what is against them. */
function demand(w: World): number {
  const g = w.goal;
  const asked =
    g.kind === 'collect-all'
      ? g.total
      : g.kind === 'score'
        ? g.target - w.score
        : g.kind === 'survive'
          ? g.seconds
          : w.maze
            ? w.maze.cols * w.maze.rows
            : (w.clock.finishAt ?? 0);
  return asked;
}

describe('levels', () => {
  it.each(GAME_TYPES)('%s has at least three levels, each asking more than the last', (type) => {
    const spec = catalogueEntry(type).example;
    const plans = levelPlans(spec);
    expect(plans.length).toBeGreaterThanOrEqual(3);
    const worlds = plans.map((p) => buildLevel(spec, 7, p.number));
    for (let i = 1; i < plans.length; i++) {
      const [a, b] = [plans[i - 1], plans[i]] as [(typeof plans)[number], (typeof plans)[number]];
      // Hazards never get fewer or slower, and something always gets harder.
      expect(b.hazards).toBeGreaterThanOrEqual(a.hazards);
      expect(b.hazardSpeed).toBeGreaterThan(a.hazardSpeed);
      expect(demand(worlds[i] as World)).toBeGreaterThan(demand(worlds[i - 1] as World));
    }
  });

  it('are derived from the spec alone, by pure functions', () => {
    for (const { example } of CATALOGUE) {
      expect(levelPlans(structuredClone(example))).toEqual(levelPlans(example));
      expect(Object.keys(GameSpecSchema.parse(example))).not.toContain('levels');
    }
    // A spec asking for more than a screen holds plays more rounds rather than a crowded one.
    const many: GameSpec = structuredClone(catalogueEntry('collector').example);
    for (const c of many.collectibles) c.count = 40;
    expect(levelCount(many)).toBeGreaterThan(3);
    // What the level-up card says rises with the level.
    const news = levelNews(catalogueEntry('runner').example, 3);
    expect(news).toMatchObject({ level: 3, levels: 3 });
    expect(news.say).toMatch(/^Level 3! /);
    expect(news.changes.length).toBeGreaterThan(0);
  });

  it.each(GAME_TYPES)(
    '%s goes from level to level, keeping score and lives, and is won after the last',
    (type) => {
      const game = createGame({ ...catalogueEntry(type).example, lives: 5 });
      game.start();
      game.advance(1000, emptyInput());
      const levels = game.snapshot().levels;
      for (let n = 1; n < levels; n++) {
        game.world.score += 7;
        game.world.lives = 4;
        const before = game.snapshot();
        game.clearLevel();
        const s = game.snapshot();
        expect(s).toMatchObject({ status: 'levelup', level: n + 1, score: before.score, lives: 4, time: 0 });
        expect(s.gameTime).toBeGreaterThanOrEqual(before.gameTime);
        // The card counts down in game time, then play goes on.
        game.advance(LEVEL_UP_SECONDS * 1000 + 50, emptyInput());
        expect(game.snapshot()).toMatchObject({ status: 'playing', level: n + 1 });
      }
      game.clearLevel();
      expect(game.snapshot()).toMatchObject({ status: 'won', level: levels });
    },
  );
});

describe('seeds', () => {
  it.each(GAME_TYPES)('%s: a seed replays the layout, and Play again deals a new one', (type) => {
    const spec = catalogueEntry(type).example;
    const input = emptyInput();
    const first = createGame(spec, { seed: 1234 });
    first.start();
    first.advance(5000, input);
    const again = createGame(spec, { seed: 1234 });
    again.start();
    again.advance(5000, emptyInput());
    expect(layout(again.snapshot())).toEqual(layout(first.snapshot()));
    expect(first.snapshot().seed).toBe(1234);

    first.restart();
    first.advance(5000, input);
    expect(first.snapshot().seed).not.toBe(1234);
    expect(layout(first.snapshot())).not.toEqual(layout(again.snapshot()));

    first.restart({ seed: 1234 });
    first.advance(5000, input);
    expect(layout(first.snapshot())).toEqual(layout(again.snapshot()));
    // Every level has its own layout from the same seed.
    expect(layout(levelSnapshot(spec, 1234, 1))).not.toEqual(layout(levelSnapshot(spec, 1234, 2)));
  });
});

/** Level `level` of a game with `seed`, a few seconds in (so things that come along have come). */
function levelSnapshot(spec: GameSpec, seed: number, level: number): GameSnapshot {
  const game = createGame(spec, { seed });
  game.start();
  for (let n = 1; n < level; n++) game.clearLevel();
  game.skipLevelUp();
  game.advance(5000, emptyInput());
  return game.snapshot();
}

describe('how to play', () => {
  it.each(GAME_TYPES)('%s says how to move and what to get, as pictures', (type) => {
    const spec = catalogueEntry(type).example;
    const goal = createGame(spec).world.goal;
    const h = howToPlay(spec, goal);
    expect(h.keys.length).toBeGreaterThan(0);
    expect(h.goal.length).toBeGreaterThan(0);
    expect(h.avoid).toEqual(spec.hazards.map((x) => x.emoji));
    // The line read aloud is the goal the level really has (goals-readable.test.ts checks each one).
    expect(h.say).toBe(goalLine(spec, goal));
  });
});

describe('playtest bots', () => {
  it('play the real rules headless: same spec and seed, same run', () => {
    const spec = catalogueEntry('catcher').example;
    const a = simulate(spec, 3, childBot(spec, 3));
    const b = simulate(spec, 3, childBot(spec, 3));
    expect(b).toEqual(a);
    expect(simulate(spec, 3, perfectBot(spec, 3)).won).toBe(true);
  });

  it.each(CATALOGUE.map((e) => [e.type, e.example] as [GameType, GameSpec]))(
    '%s example, after tuneSpec: the perfect bot wins every level and the child-like bot finishes in 2–6 min',
    (_type, example) => {
      const started = performance.now();
      const tuned = tuneSpec(example);
      const ms = performance.now() - started;
      const o = tuned.outcome;
      expect(o.reasons).toEqual([]);
      expect(o.ok).toBe(true);
      expect(o.perfect.won).toBe(true);
      for (const run of o.runs) {
        expect(run.perfect).toMatchObject({ won: true, level: run.perfect.levels });
        expect(run.child.finished).toBe(true);
      }
      expect(o.child.gameMs).toBeGreaterThanOrEqual(CHILD_MIN_MS);
      expect(o.child.gameMs).toBeLessThanOrEqual(CHILD_MAX_MS);
      // Only the knobs moved: still a valid spec, with the same words, things and type.
      const spec = GameSpecSchema.parse(tuned.spec);
      expect(spec).toMatchObject({
        type: example.type,
        title: example.title,
        lines: example.lines,
        hero: { emoji: example.hero.emoji },
      });
      expect(spec.collectibles.map((c) => c.emoji)).toEqual(example.collectibles.map((c) => c.emoji));
      expect(spec.hazards.map((h) => h.behaviour)).toEqual(example.hazards.map((h) => h.behaviour));
      // Re-checking the tuned spec gives the same verdict (everything is seeded).
      expect(playtestSpec(tuned.spec).ok).toBe(true);
      // Fast enough for the server (bench/playtest.ts measures it properly; this only catches a blow-up).
      expect(ms).toBeLessThan(15_000);
    },
  );
});

describe('layers', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
    });

  it('the runtime never imports the playtest, and games import neither', () => {
    for (const f of sources(join(ROOT, 'src', 'runtime')))
      expect(readFileSync(f, 'utf8')).not.toMatch(/playtest\//);
    for (const f of sources(join(ROOT, 'src', 'games'))) {
      expect(readFileSync(f, 'utf8')).not.toMatch(/from '\.\.\/(runtime|playtest)\//);
    }
  });
});
