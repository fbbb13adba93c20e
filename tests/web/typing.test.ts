import { describe, expect, it } from 'vitest';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectFits,
  expectPlayingGame,
  holdGamePage,
  MESSAGE_ROUTES,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  waitIdle,
} from './driver.js';

/** The same conversation by typing, on a phone and on a laptop; and what a failed request looks like. */

const web = appAndBrowser();

const VIEWPORTS = [
  { name: 'phone', opts: { mobile: true, width: 390, height: 844 } },
  { name: 'desktop', opts: { width: 1280, height: 800 } },
] as const;

describe('the page by typing', () => {
  for (const { name, opts } of VIEWPORTS) {
    it(
      `reaches a playing game on a ${name}`,
      async () => {
        const context = await newContext(web.browser, opts);
        await context.addInitScript(speechFakes);
        const page = await context.newPage();
        const problems = watchPage(page);
        const gamePage = await holdGamePage(page);
        await page.goto(web.url);
        await waitIdle(page);
        await shot(page, `typing-${name}-1-start`);

        // Nothing sideways: the page fits the screen.
        await expectFits(page, name);
        const talk = await page.locator('#talk').boundingBox();
        expect(talk?.height ?? 0).toBeGreaterThanOrEqual(44);
        expect(talk?.width ?? 0).toBeGreaterThanOrEqual(44);

        // The game's page is held back while the checklist is on screen, for its picture.
        const building = gamePage.requested.then(async () => {
          try {
            await page.locator('#progress li[data-step="ready"].is-done').waitFor({ timeout: STATE_TIMEOUT });
            await shot(page, `typing-${name}-3-building`);
          } finally {
            gamePage.release();
          }
        });
        await converse(
          page,
          async (text, turn) => {
            await page.locator('#text').fill(text);
            // A tap on Send on the phone; Enter or a click on the laptop.
            const send = page.getByRole('button', { name: 'Send', exact: true });
            if (name === 'phone') await send.tap();
            else if (turn % 2 === 0) await page.locator('#text').press('Enter');
            else await send.click();
          },
          async (turn) => {
            if (turn === 4) {
              await waitIdle(page);
              await shot(page, `typing-${name}-2-mid-conversation`);
            }
          },
        );
        await building;
        await expectPlayingGame(page);
        await shot(page, `typing-${name}-4-game`);
        await expectFits(page, `${name} with the game`);

        // Play again mounts a fresh game; the download link points at the self-contained file.
        const firstFrame = await page.locator('#game iframe').elementHandle();
        const again = page.getByRole('button', { name: /play again/i });
        // A tap on the phone, a click on the laptop.
        if (name === 'phone') await again.tap();
        else await again.click();
        await expect
          .poll(() => firstFrame?.evaluate((f) => f.isConnected), { timeout: STATE_TIMEOUT })
          .toBe(false);
        await expectPlayingGame(page);
        const href = await page.getByRole('link', { name: /download/i }).getAttribute('href');
        expect(href).toMatch(/^\/api\/games\/[^/]+\/download$/);
        const download = await page.request.get(`${web.url}${href}`);
        expect(download.status()).toBe(200);

        // Make another game: asked first (the game is kept on My games), then a fresh conversation.
        const another = page.getByRole('button', { name: /make another game/i });
        if (name === 'phone') await another.tap();
        else await another.click();
        const yes = page.getByRole('button', { name: /yes, a new game/i });
        if (name === 'phone') await yes.tap();
        else await yes.click();
        await expect.poll(() => page.locator('.bubble').count(), { timeout: STATE_TIMEOUT }).toBe(1);
        expect(await page.locator('#game').isVisible()).toBe(false);

        expectCleanRun(problems, web.url);
        await context.close();
      },
      CONVERSATION_TIMEOUT,
    );
  }

  it(
    'shows a failed request as a friendly bubble with a working retry, and survives a reload',
    async () => {
      const context = await newContext(web.browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);

      let failures = 0;
      await page.route(MESSAGE_ROUTES, async (route) => {
        failures += 1;
        await route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ success: false, error: 'internal_error', message: 'x' }),
        });
      });
      await page.locator('#text').fill('dragons love tacos');
      await page.locator('#text').press('Enter');
      const retry = page.getByRole('button', { name: /try again/i });
      await retry.waitFor({ timeout: STATE_TIMEOUT });
      expect(await page.locator('.bubble-error').textContent()).toMatch(/oops/i);
      await shot(page, 'typing-desktop-error');
      await page.unroute(MESSAGE_ROUTES);
      await retry.click();
      await expect.poll(() => page.locator('.bubble-agent').count(), { timeout: STATE_TIMEOUT }).toBe(2);
      expect(await page.locator('.bubble-child').count()).toBe(1);
      expect(await page.locator('.bubble-error').count()).toBe(0);
      expect(failures).toBeGreaterThan(0);
      await waitIdle(page);

      // A reload continues the same conversation.
      await page.reload();
      await expect.poll(() => page.locator('.bubble').count(), { timeout: STATE_TIMEOUT }).toBe(3);
      expect(await page.evaluate(() => document.body.dataset.phase)).toBe('identifying');
      await page.locator('#text').fill('yes');
      await page.locator('#text').press('Enter');
      await expect
        .poll(() => page.evaluate(() => document.body.dataset.phase), { timeout: STATE_TIMEOUT })
        .toBe('discussing');

      expectCleanRun(problems, web.url, [/status of 500/]);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
