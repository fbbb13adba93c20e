import type { Frame, Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  CONVERSATION_TIMEOUT,
  expectCleanRun,
  expectPlayingGame,
  finishedSession,
  openSession,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  waitIdle,
} from './driver.js';

/**
 * Nothing is lost by a tap (issue 31.2): "Make another game" asks first and says the game is kept;
 * "Play again" past level 1 offers to go on from the level reached; the games made on this device
 * are on a "My games" shelf in a new tab; "Forget our chat" deletes every conversation of the device.
 */

const web = appAndBrowser();

const status = async (id: string) => (await fetch(`${web.url}/api/session/${encodeURIComponent(id)}`)).status;
const savedId = (page: Page) =>
  page.evaluate(
    () =>
      (JSON.parse(sessionStorage.getItem('gamemaker.session') ?? 'null') as { sessionId: string } | null)
        ?.sessionId,
  );
const level = async (frame: Frame) =>
  JSON.parse(
    await frame.evaluate(() =>
      (window as unknown as { render_game_to_text: () => string }).render_game_to_text(),
    ),
  ).level as number;

async function gamePage(page: Page, id: string) {
  await page.goto(web.url);
  await waitIdle(page);
  await openSession(page, id);
  await waitIdle(page);
  return expectPlayingGame(page);
}

async function choose(page: Page, question: RegExp, answer: RegExp) {
  const ask = page.locator('#game-ask');
  await ask.waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  expect(await ask.locator('.game-ask-text').textContent()).toMatch(question);
  await ask.getByRole('button', { name: answer }).click();
  await ask.waitFor({ state: 'hidden', timeout: STATE_TIMEOUT });
}

describe('nothing is lost by a tap', () => {
  it(
    'asks before a new game, goes on from the level reached, keeps a shelf, forgets every chat (iPad)',
    async () => {
      const context = await newContext(web.browser, { mobile: true, width: 1180, height: 820 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      const deletes: string[] = [];
      page.on('request', (r: Request) => {
        if (r.method() === 'DELETE') deletes.push(decodeURIComponent(r.url().split('/').pop() ?? ''));
      });
      const first = await finishedSession(web.url);
      let frame = await gamePage(page, first);
      const title = (await page.locator('#game-title').textContent()) ?? '';
      expect(title).not.toBe('');

      // Level 2 reached, then Play again: the child may go on from level 2.
      await frame.evaluate(() => {
        const t = (
          window as unknown as { __TEST__: { start(): void; clearLevel(): void; skipLevelUp(): void } }
        ).__TEST__;
        t.start();
        t.clearLevel();
        t.skipLevelUp();
      });
      expect(await level(frame)).toBe(2);
      // The page hears of it from the frame (a message, asynchronously): Play again then asks.
      await expect
        .poll(
          async () => {
            await page.locator('#play-again').click();
            return page.locator('#game-ask').isVisible();
          },
          { timeout: STATE_TIMEOUT },
        )
        .toBe(true);
      await shot(page, 'my-games-ipad-1-play-again');
      await choose(page, /level 2/i, /go on from level 2/i);
      await expect
        .poll(() => page.locator('#game iframe').getAttribute('src'), { timeout: STATE_TIMEOUT })
        .toMatch(/#level=2$/);
      frame = await expectPlayingGame(page);
      expect(await level(frame)).toBe(2);

      // Make another game asks, and says this game is kept. "Keep playing" keeps everything.
      await page.locator('#new-game').click();
      await shot(page, 'my-games-ipad-2-new-game');
      await choose(
        page,
        new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*my games`, 'i'),
        /keep playing/i,
      );
      expect(await savedId(page)).toBe(first);
      await expectPlayingGame(page);
      await page.locator('#new-game').click();
      await choose(page, /my games/i, /yes, a new game/i);
      await waitIdle(page);
      const second = await savedId(page);
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      // The fresh start shows the shelf with the game just left.
      const shelfGame = page.locator(`#shelf .shelf-game[data-session="${first}"]`);
      await shelfGame.waitFor({ timeout: STATE_TIMEOUT });
      expect(await shelfGame.textContent()).toContain(title);

      // A new tab: the shelf is there (localStorage), and a tap plays that game again.
      const tab = await context.newPage();
      await tab.goto(web.url);
      await waitIdle(tab);
      await tab.locator(`#shelf .shelf-game[data-session="${first}"]`).click();
      await waitIdle(tab);
      await expectPlayingGame(tab);
      expect(await tab.locator('#game-title').textContent()).toBe(title);
      expect(await savedId(tab)).toBe(first);
      await shot(tab, 'my-games-ipad-3-new-tab');
      await tab.close();

      // Forget our chat reaches every conversation of the device, the one on screen and the shelf's.
      await page.locator('#forget').click();
      await page.locator('#forget.is-confirmable').waitFor({ timeout: STATE_TIMEOUT });
      await page.locator('#forget').click();
      await expect.poll(() => page.locator('.chat-note').count(), { timeout: STATE_TIMEOUT }).toBe(1);
      await waitIdle(page);
      expect(deletes).toEqual(expect.arrayContaining([first, second]));
      expect(await status(first)).toBe(404);
      expect(await status(second ?? '')).toBe(404);
      expect(await page.locator('#shelf').isVisible()).toBe(false);
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'shows the shelf after a reload and opens a game from it (phone)',
    async () => {
      const context = await newContext(web.browser, { mobile: true, width: 390, height: 844 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const id = await finishedSession(web.url);
      await gamePage(page, id);
      const title = (await page.locator('#game-title').textContent()) ?? '';
      await page.locator('#new-game').tap();
      await choose(page, /my games/i, /yes, a new game/i);
      await waitIdle(page);
      await page.reload();
      await waitIdle(page);
      const shelfGame = page.locator(`#shelf .shelf-game[data-session="${id}"]`);
      await shelfGame.waitFor({ timeout: STATE_TIMEOUT });
      const box = await shelfGame.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      await shot(page, 'my-games-phone-shelf');
      await shelfGame.tap();
      await waitIdle(page);
      await expectPlayingGame(page);
      expect(await page.locator('#game-title').textContent()).toBe(title);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
