import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { GAME_PAGE_CSP } from '../../src/games/page.js';
import { GAME_TYPES, type GameSpec, type GameType } from '../../src/games/spec.js';
import { launchBrowser, newContext, watchPage } from '../support/browser.js';
import { advance, state, useGameTime, visibleTexts, waitForGame } from '../support/game-driver.js';
import { type GameServer, startGameServer } from '../support/game-server.js';

/**
 * The page around a game: hostile text stays text, the play page boots inside the app's sandboxed
 * iframe under its CSP, and the downloaded file plays from disk with the network off.
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

/** Every kind of text that broke v1, in every field a child's words can reach. */
function hostileSpec(type: GameType): GameSpec {
  const spec = structuredClone(catalogueEntry(type).example);
  spec.title = '</script><script>window.__pwned=1</script>';
  spec.book = { title: 'الأمير الصغير', author: `<b>"O'Brien" & co</b>` };
  spec.setting.name = 'עולם <script>window.__pwned=3</script>';
  spec.hero.name = '<img src=x onerror=alert(1)>';
  spec.hero.emoji = '🦸🏽‍♀️';
  const first = spec.collectibles[0] as GameSpec['collectibles'][number];
  first.name = `Max's "Crown"`;
  first.emoji = '👑';
  const hazard = spec.hazards[0];
  if (hazard) hazard.name = 'דרקון </script>';
  spec.lines = {
    intro: `מקס says "hi" </script><script>window.__pwned=2</script>`,
    win: `Max's "Crown" is yours! 🎉`,
    lose: '<img src=x onerror=alert(1)> حاول مرة أخرى',
  };
  spec.lives = 1;
  // No shield to pick up on the way: the test touches a hazard to see the lose line.
  spec.powerUps = [];
  return spec;
}

describe('hostile text', () => {
  it.each(GAME_TYPES)('%s plays normally and executes nothing', async (type) => {
    const spec = hostileSpec(type);
    const { url } = await server.create(spec);
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.goto(url);
      await waitForGame(page);
      await useGameTime(page);
      // The spec reached the runtime intact, as data.
      const embedded = await page.evaluate(() =>
        JSON.parse(document.getElementById('game-spec')?.textContent ?? 'null'),
      );
      expect(embedded.title).toBe(spec.title);
      expect(embedded.hero.name).toBe(spec.hero.name);
      expect(await page.title()).toBe(spec.title);
      const texts = await visibleTexts(page);
      expect(texts).toContain(spec.title);
      // The title card says the level's real goal (issue 31.5) in the spec's own hostile words: the
      // thing to collect or the hazard to avoid, shown as text.
      const named = [spec.collectibles[0]?.name, spec.hazards[0]?.name].filter(Boolean) as string[];
      expect(
        texts.some((t) => named.some((n) => t.includes(n))),
        texts.join(' | '),
      ).toBe(true);

      await page.keyboard.press('Space');
      await page.keyboard.down('ArrowRight');
      let s = await advance(page, 300);
      await page.keyboard.up('ArrowRight');
      expect(s.status).toBe('playing');
      // One life: find a hazard and touch it, to see the (hostile) lose line.
      for (let i = 0; i < 200 && s.hazards.length === 0; i++) s = await advance(page, 200);
      const h = s.hazards.find((z) => z.y > 100 && z.x > 40 && z.x < 760) ?? s.hazards[0];
      if (h) {
        await page.evaluate(([x, y]) => window.__TEST__?.teleport(x as number, y as number), [h.x, h.y]);
        s = await advance(page, 34);
        expect(s.status).toBe('lost');
        expect(await visibleTexts(page)).toContain(spec.lines.lose);
      }

      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.consoleWarnings.filter((w) => !GPU_NOTE.test(w))).toEqual([]);
      // Nothing was fetched but the page and the runtime: no <img src=x>, nothing remote.
      expect(problems.requests.map((r) => new URL(r).pathname).sort()).toEqual(
        [new URL(url).pathname, '/runtime/game.js'].sort(),
      );
    } finally {
      await context.close();
    }
  });
});

describe('play page', () => {
  it('is served with the strict CSP and boots inside <iframe sandbox="allow-scripts">', async () => {
    const spec = structuredClone(catalogueEntry('collector').example);
    const { id, url } = await server.create(spec);
    const res = await fetch(url);
    expect(res.headers.get('content-security-policy')).toBe(GAME_PAGE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(`${server.url}/parent/${id}`);
      const frame = await (await page.waitForSelector('iframe#game')).contentFrame();
      if (!frame) throw new Error('no game frame');
      await waitForGame(frame);
      // Sandboxed without allow-same-origin: an opaque origin, yet 'self' still allowed the runtime.
      expect(await frame.evaluate(() => window.origin)).toBe('null');
      expect((await state(frame)).status).toBe('title');

      // The first tap starts the game and gives the frame keyboard focus.
      await page.click('iframe#game', { position: { x: 400, y: 300 } });
      expect((await state(frame)).status).toBe('playing');
      const before = await state(frame);
      await page.keyboard.down('ArrowRight');
      const after = await advance(frame, 500);
      await page.keyboard.up('ArrowRight');
      expect(after.hero.x).toBeGreaterThan(before.hero.x + 50);

      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.consoleWarnings.filter((w) => !GPU_NOTE.test(w))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('download', () => {
  it('is one file that plays from file:// with the network off', async () => {
    const spec = hostileSpec('platformer');
    spec.lives = 3;
    const { id } = await server.create(spec);
    const res = await fetch(`${server.url}/api/games/${id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9-]+\.html"$/);
    const html = await res.text();
    expect(html).not.toMatch(/<script[^>]+src=/);

    const file = join(mkdtempSync(join(tmpdir(), 'game-download-')), 'game.html');
    writeFileSync(file, html);
    const context = await newContext(browser);
    await context.setOffline(true);
    await context.route(/^https?:/, (route) => route.abort());
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(pathToFileURL(file).href);
      await waitForGame(page);
      await useGameTime(page);
      expect(await page.title()).toBe(spec.title);
      await page.keyboard.press('Space');
      await page.keyboard.down('ArrowRight');
      const s = await advance(page, 2500);
      await page.keyboard.up('ArrowRight');
      expect(s.status).toBe('playing');
      expect(s.score).toBeGreaterThan(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.requests.filter((r) => !r.startsWith('file:') && !r.startsWith('data:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
