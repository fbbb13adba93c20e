import type { Page } from 'playwright-core';
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
 * Talking after the game never freezes it (issue 31.1): whatever the child says once the game is
 * there (praise, a wish, a question, a tease), a reply comes, the game stays on screen and playable,
 * and its buttons can be tapped. The server answers such a turn with build steps and the same game;
 * the page used to keep its build checklist up for ever.
 */

const web = appAndBrowser();

const AFTER_GAME = [
  'that was so fun!!',
  'no wait make it a maze',
  'can I play again',
  'you are silly',
  'make it faster',
  'what is your name',
  'i love the dragons',
  'it is too hard',
  'bye bye',
  'can we make another game',
];

/** The button is on screen and a tap at its middle lands on it (nothing covers it). */
async function expectTappable(page: Page, selector: string) {
  const hit = await page.evaluate((sel) => {
    const b = document.querySelector(sel) as HTMLButtonElement | null;
    if (!b || b.disabled || b.closest('[inert]')) return 'disabled or inert';
    const r = b.getBoundingClientRect();
    if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) return 'off screen';
    const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return at && b.contains(at) ? 'ok' : `covered by ${at?.tagName}.${at?.className}`;
  }, selector);
  expect(hit, selector).toBe('ok');
}

async function talkAfterGame(page: Page, text: string) {
  // On a tablet or a phone the chat folds away under the game: the child taps the bar to talk.
  if (await page.locator('#chat-open').isVisible()) await page.locator('#chat-open').click();
  const replies = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  await expect
    .poll(() => page.locator('.bubble-agent:not(.bubble-thinking)').count(), { timeout: STATE_TIMEOUT })
    .toBeGreaterThan(replies);
  await waitIdle(page);
}

async function expectGameStays(page: Page, label: string) {
  await expectPlayingGame(page);
  expect(await page.locator('#progress').isVisible(), `checklist after "${label}"`).toBe(false);
  expect(await page.locator('#game').getAttribute('data-state')).toBe('ready');
  expect(await page.locator('#game iframe').count()).toBeGreaterThanOrEqual(1);
  for (const sel of ['#play-again', '#new-game']) {
    await page.locator(sel).scrollIntoViewIfNeeded();
    await expectTappable(page, sel);
  }
}

describe('talking after the game', () => {
  for (const size of [
    { name: 'ipad', width: 1180, height: 820, mobile: true, says: AFTER_GAME },
    { name: 'phone', width: 390, height: 844, mobile: true, says: AFTER_GAME.slice(0, 4) },
  ]) {
    it(
      `gets a reply and the game stays playable (${size.name})`,
      async () => {
        const context = await newContext(web.browser, size);
        await context.addInitScript(speechFakes);
        const page = await context.newPage();
        const problems = watchPage(page);
        const id = await finishedSession(web.url);
        await page.goto(web.url);
        // The page's own new session is saved first, or it could overwrite the one opened here.
        await waitIdle(page);
        await openSession(page, id);
        await waitIdle(page);
        await shot(page, `after-game-${size.name}-reload`);
        await expectGameStays(page, 'the reload');
        const before = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
        for (const [i, text] of size.says.entries()) {
          await talkAfterGame(page, text);
          await expectGameStays(page, text);
          if (i === 0) await shot(page, `after-game-${size.name}-praise`);
        }
        expect(await page.locator('.bubble-agent:not(.bubble-thinking)').count()).toBe(
          before + size.says.length,
        );
        expect(await page.evaluate(() => document.body.dataset.phase)).toBe('complete');
        // Play again still plays: a fresh game page replaces the old one.
        await page.locator('#play-again').click();
        await expectPlayingGame(page);
        expectCleanRun(problems, web.url);
        await context.close();
      },
      CONVERSATION_TIMEOUT,
    );
  }
});
