import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectFits,
  expectPlayingGame,
  finishedSession,
  openSession,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  talkButton,
  waitIdle,
} from './driver.js';

/**
 * A big game where the child plays: on an iPad held sideways the ready game gets at least half of
 * the screen (the chat folds into one bar and comes back with one tap), Full screen works with the
 * Fullscreen API or, where it is missing, by filling the page, and on a phone the game is as wide
 * as the screen.
 */

const web = appAndBrowser();

const IPAD_SIDEWAYS = { mobile: true, width: 1024, height: 768 } as const;
const PHONE = { mobile: true, width: 390, height: 844 } as const;

/** The playing game's frame, as a share of the page's viewport. */
async function gameShare(page: Page): Promise<{ area: number; width: number; height: number }> {
  const box = await page.locator('#game iframe:not(.is-loading)').boundingBox();
  const view = await page.evaluate(() => ({ w: window.innerWidth, h: window.innerHeight }));
  if (!box) throw new Error('the game frame has no box');
  return {
    area: (box.width * box.height) / (view.w * view.h),
    width: box.width / view.w,
    height: box.height / view.h,
  };
}

const chatBar = (page: Page) => page.getByRole('button', { name: /talk to the helpers/i });

async function expectChatFolded(page: Page) {
  await chatBar(page).waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  expect(await talkButton(page).isVisible()).toBe(false);
  expect(await page.locator('#log').isVisible()).toBe(false);
}

describe('a big game on a tablet and a phone', () => {
  it(
    'gives the ready game at least half of an iPad held sideways; the chat comes back with one tap',
    async () => {
      const context = await newContext(web.browser, IPAD_SIDEWAYS);
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);

      await converse(
        page,
        async (text) => {
          await page.locator('#text').fill(text);
          await page.getByRole('button', { name: 'Send', exact: true }).tap();
        },
        async (turn) => {
          if (turn === 4) {
            await waitIdle(page);
            await shot(page, 'ipad-conversation');
          }
        },
      );
      await expectPlayingGame(page);
      await shot(page, 'ipad-game');

      // The game has the screen: the chat is one small bar.
      await expectChatFolded(page);
      const folded = await gameShare(page);
      expect(
        folded.area,
        `the game covers ${(folded.area * 100).toFixed(0)}% of the screen`,
      ).toBeGreaterThanOrEqual(0.5);
      const bar = await chatBar(page).boundingBox();
      expect(bar?.height ?? 0).toBeGreaterThanOrEqual(44);
      await expectFits(page, 'iPad sideways, chat folded');

      // One tap brings the whole chat back, with the Talk button and the latest words.
      await chatBar(page).tap();
      await talkButton(page).waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      expect(await page.locator('#log').isVisible()).toBe(true);
      expect(await page.locator('.bubble-agent').last().isVisible()).toBe(true);
      expect(await chatBar(page).isVisible()).toBe(false);
      expect(await page.locator('#game iframe').isVisible()).toBe(true);
      await shot(page, 'ipad-chat-back');
      await expectFits(page, 'iPad sideways, chat open');

      // And the child can talk again: a change to the game, then the new game has the screen again.
      await page.locator('#text').fill('make the dragon faster');
      await page.getByRole('button', { name: 'Send', exact: true }).tap();
      await waitIdle(page);
      await expectPlayingGame(page);
      await expectChatFolded(page);

      // "Bigger game" folds the chat by hand too.
      await chatBar(page).tap();
      await page.getByRole('button', { name: /bigger game/i }).tap();
      await expectChatFolded(page);
      expect((await gameShare(page)).area).toBeGreaterThanOrEqual(0.5);

      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  for (const mode of ['the Fullscreen API', 'no Fullscreen API'] as const) {
    it(
      `plays full screen with ${mode}`,
      async () => {
        const finished = await finishedSession(web.url);
        const context = await newContext(web.browser, IPAD_SIDEWAYS);
        await context.addInitScript(speechFakes);
        if (mode === 'no Fullscreen API') {
          // An iPhone's Safari: no element can go full screen.
          await context.addInitScript(() => {
            const proto = Element.prototype as unknown as Record<string, unknown>;
            delete proto.requestFullscreen;
            delete proto.webkitRequestFullscreen;
            Object.defineProperty(Document.prototype, 'fullscreenEnabled', { get: () => false });
          });
        }
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(web.url);
        await waitIdle(page);
        await openSession(page, finished);
        await expectPlayingGame(page);

        const button = page.getByRole('button', { name: /full screen/i });
        expect(await button.getAttribute('aria-pressed')).toBe('false');
        await button.tap();
        await page.locator('#game.is-fullscreen').waitFor({ timeout: STATE_TIMEOUT });
        const how = await page.evaluate(() => ({
          api: document.fullscreenElement?.id ?? null,
          filled: document.querySelector('#game')?.classList.contains('is-filled') ?? false,
        }));
        if (mode === 'no Fullscreen API') expect(how).toEqual({ api: null, filled: true });
        else expect(how).toEqual({ api: 'game', filled: false });
        await expect
          .poll(async () => (await gameShare(page)).area, { timeout: STATE_TIMEOUT })
          .toBeGreaterThanOrEqual(0.65);
        expect(await button.getAttribute('aria-pressed')).toBe('true');
        expect(await button.textContent()).toMatch(/exit full screen/i);
        await shot(page, `fullscreen-${mode === 'no Fullscreen API' ? 'fallback' : 'api'}`);

        // The same button leaves it.
        await button.tap();
        await page.locator('#game:not(.is-fullscreen)').waitFor({ timeout: STATE_TIMEOUT });
        expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
        expect(await button.getAttribute('aria-pressed')).toBe('false');
        if (mode === 'no Fullscreen API') {
          // Esc leaves the filled page too, when the page (not the game's own frame) has the keys.
          await button.tap();
          await page.locator('#game.is-filled').waitFor({ timeout: STATE_TIMEOUT });
          await button.focus();
          await page.keyboard.press('Escape');
          await page.locator('#game:not(.is-filled)').waitFor({ timeout: STATE_TIMEOUT });
        }
        expectCleanRun(problems, web.url);
        await context.close();
      },
      CONVERSATION_TIMEOUT,
    );
  }

  it(
    'fills the width of a phone with the game',
    async () => {
      const finished = await finishedSession(web.url);
      const context = await newContext(web.browser, PHONE);
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);
      await openSession(page, finished);
      await expectPlayingGame(page);
      await expectChatFolded(page);
      const share = await gameShare(page);
      expect(
        share.width,
        `the game is ${(share.width * 100).toFixed(0)}% of the width`,
      ).toBeGreaterThanOrEqual(0.95);
      await expectFits(page, 'phone with the game');
      await shot(page, 'phone-game');

      // Opened, the chat sits below the game, which keeps the width.
      await chatBar(page).tap();
      await talkButton(page).waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      expect((await gameShare(page)).width).toBeGreaterThanOrEqual(0.95);
      await expectFits(page, 'phone with the game and the chat');
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
