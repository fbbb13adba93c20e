import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { GAME_TYPES, type GameSpec, type GameType } from '../../src/games/spec.js';
import { launchBrowser, newContext, type PageProblems, watchPage } from '../support/browser.js';
import { advance, type Box, type Snap, state, useGameTime, waitForGame } from '../support/game-driver.js';
import { type GameServer, startGameServer } from '../support/game-server.js';

/**
 * Levels, seeds and the title card in real Chromium, through render_game_to_text: every type says
 * its level, levels and seed; a forced seed replays a layout exactly and a new play deals a new
 * one; the title card shows how to move and what to get in pictures, laid out without overlaps
 * (issue 14: the book banner covered long titles on an iPad), and reads the intro after the first tap.
 */

let browser: Browser;
let server: GameServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startGameServer()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const GPU_NOTE = /GL Driver Message|GPU stall|swiftshader/i;

function expectClean(p: PageProblems) {
  expect(p.pageErrors).toEqual([]);
  expect(p.consoleErrors).toEqual([]);
  expect(p.consoleWarnings.filter((w) => !GPU_NOTE.test(w))).toEqual([]);
}

/** Opens a game page (an iPad-sized window), with `#hash` options such as `seed=7`. */
async function open(spec: GameSpec, hash = '') {
  const { url } = await server.create(spec);
  const context = await newContext(browser, { width: 1024, height: 768 });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(hash ? `${url}#${hash}` : url);
  await waitForGame(page);
  // Two pages with one seed play exactly alike.
  await useGameTime(page);
  return { page, problems, close: () => context.close() };
}

/** Everything the seed decides, as one comparable value. */
function layout(s: Snap) {
  return {
    items: s.items.map((i) => [i.x, i.y, i.ref]),
    hazards: s.hazards.map((h) => [h.x, h.y, h.ref]),
    powerUps: s.powerUps.map((p) => [p.x, p.y]),
    exit: s.exit,
    platforms: s.platforms ?? null,
    maze: s.maze ?? null,
    solution: s.solution ?? null,
  };
}

/** Steps a few seconds of play so things that spawn over time (falling, running types) show up too. */
async function played(page: Page): Promise<Snap> {
  return advance(page, 5000);
}

const bottom = (b: Box) => b.y + b.h;
const apart = (a: Box, b: Box) =>
  bottom(a) <= b.y || bottom(b) <= a.y || a.x + a.w <= b.x || b.x + b.w <= a.x;
const inside = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.w <= 800 && bottom(b) <= 600;

describe.each(GAME_TYPES)('%s', (type: GameType) => {
  it('reports level, levels and seed, and a forced seed replays the layout while a new play deals a new one', async () => {
    const spec = structuredClone(catalogueEntry(type).example);
    spec.lives = 9;
    const a = await open(spec, 'seed=424242');
    const b = await open(spec, 'seed=424242');
    try {
      let s = await state(a.page);
      expect(s).toMatchObject({ status: 'title', level: 1, seed: 424242 });
      expect(s.levels).toBeGreaterThanOrEqual(3);
      await a.page.keyboard.press('Space');
      await b.page.keyboard.press('Space');
      const first = await played(a.page);
      expect(layout(await played(b.page))).toEqual(layout(first));

      // Play again without a seed: a new seed, a new layout, the same rules.
      await a.page.evaluate(() => window.__TEST__?.playAgain());
      s = await played(a.page);
      expect(s).toMatchObject({ status: 'playing', level: 1 });
      expect(s.seed).not.toBe(424242);
      expect(layout(s)).not.toEqual(layout(first));

      // The seam replays a seed exactly.
      await a.page.evaluate(() => window.__TEST__?.restart({ seed: 424242 }));
      s = await played(a.page);
      expect(s.seed).toBe(424242);
      expect(layout(s)).toEqual(layout(first));
      expectClean(a.problems);
      expectClean(b.problems);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('shows how to play on the title card, laid out by measured bounds, and reads the intro after the first tap', async () => {
    const spec = structuredClone(catalogueEntry(type).example);
    const g = await open(spec);
    try {
      let s = await state(g.page);
      const screen = s.screen;
      if (screen.kind !== 'title') throw new Error(`expected the title card, got ${screen.kind}`);
      // How to move: key caps and a touch gesture.
      expect(screen.keys.length).toBeGreaterThan(0);
      expect(screen.keys.flat().some((k) => ['←', '→', 'Space'].includes(k))).toBe(true);
      expect(['tap-to-go', 'drag-sideways', 'tap-to-jump', 'buttons']).toContain(screen.touch);
      // The goal in pictures: what to get (with how many) and what to avoid.
      expect(screen.goal.length).toBeGreaterThan(0);
      expect(screen.avoid).toEqual(spec.hazards.map((h) => h.emoji));
      const drawn = screen.sprites.map((x) => x.sprite);
      for (const g of screen.goal) expect(drawn).toContain(g.icon);
      for (const h of screen.avoid) expect(drawn).toContain(h);
      expect(drawn).toContain(spec.hero.emoji);
      // Big enough for small eyes on a tablet.
      for (const sprite of screen.sprites) expect(sprite.size).toBeGreaterThanOrEqual(32);
      // Nothing overlaps, everything is on screen, top to bottom in order.
      const order = [screen.banner, screen.hero, screen.title, screen.intro, screen.howTo, screen.start];
      for (const box of order) expect(inside(box)).toBe(true);
      for (let i = 0; i < order.length; i++)
        for (let j = i + 1; j < order.length; j++) expect(apart(order[i] as Box, order[j] as Box)).toBe(true);
      expect(bottom(screen.banner)).toBeLessThanOrEqual(screen.title.y);

      expect(s.spoken).toBeNull();
      await g.page.keyboard.press('Space');
      s = await state(g.page);
      expect(s.status).toBe('playing');
      expect(s.sound).toBe('on');
      expect(s.spoken).toBe((s as unknown as { howTo: { say: string } }).howTo.say);
      expectClean(g.problems);
    } finally {
      await g.close();
    }
  });
});

describe('title card', () => {
  it('keeps the book banner clear of a long title and a long book line, in any script', async () => {
    const spec = structuredClone(catalogueEntry('runner').example);
    spec.title = 'The Long and Winding Adventure of the Great Gingerbread Man';
    spec.book = {
      title: 'The Gingerbread Man and All of His Friends From the Bakery Down the Lane',
      author: 'Somebody With a Very Long Name Indeed',
    };
    spec.lines.intro =
      'ריצה, ריצה, הכי מהר שאפשר! You cannot catch me, I am the Gingerbread Man, run run run!';
    const g = await open(spec, 'sound=off');
    try {
      let s = await state(g.page);
      const screen = s.screen;
      if (screen.kind !== 'title') throw new Error('expected the title card');
      const order = [screen.banner, screen.hero, screen.title, screen.intro, screen.howTo, screen.start];
      for (const box of order) expect(inside(box)).toBe(true);
      for (let i = 0; i < order.length - 1; i++)
        expect(bottom(order[i] as Box)).toBeLessThanOrEqual((order[i + 1] as Box).y);
      // Muted: nothing is read aloud.
      expect(s.sound).toBe('off');
      await g.page.keyboard.press('Space');
      s = await state(g.page);
      expect(s.status).toBe('playing');
      expect(s.spoken).toBeNull();
      expectClean(g.problems);
    } finally {
      await g.close();
    }
  });
});
