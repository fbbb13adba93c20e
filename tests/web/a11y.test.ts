import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectFits,
  expectPlayingGame,
  finishedSession,
  MESSAGE_ROUTES,
  openSession,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  talkButton,
  waitIdle,
} from './driver.js';

/**
 * axe-core from npm on the page's main states, and the layout at the edges (320 px, a phone on its
 * side, reduced motion). axe is injected as a script tag, which the page's CSP (rightly) blocks:
 * this context alone bypasses the CSP.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const web = appAndBrowser();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      // The game is another document; its own tests cover it.
      exclude: [['#game iframe']],
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility and layout', () => {
  it(
    'has no serious axe violations at the start, mid-conversation and with the game',
    async () => {
      const context = await web.browser.newContext({
        viewport: { width: 1280, height: 800 },
        bypassCSP: true,
      });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);
      expect(await seriousViolations(page)).toEqual([]);

      // The roles a screen reader relies on.
      expect(await page.locator('[role="log"][aria-live="polite"]').count()).toBe(1);
      expect(await talkButton(page).count()).toBe(1);
      expect(await page.getByRole('textbox', { name: /your message/i }).count()).toBe(1);
      expect(await page.locator('[aria-current="step"]').textContent()).toMatch(/your book/i);

      await converse(page, async (text) => {
        await page.locator('#text').fill(text);
        await page.locator('#text').press('Enter');
      });
      await expectPlayingGame(page);
      expect(await seriousViolations(page)).toEqual([]);
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'mid-conversation, with an error bubble, passes axe too',
    async () => {
      const context = await web.browser.newContext({
        viewport: { width: 390, height: 844 },
        bypassCSP: true,
      });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      await page.goto(web.url);
      await waitIdle(page);
      await page.locator('#text').fill('dragons love tacos');
      await page.locator('#text').press('Enter');
      await expect.poll(() => page.locator('.bubble-agent').count(), { timeout: STATE_TIMEOUT }).toBe(2);
      await waitIdle(page);
      await page.route(MESSAGE_ROUTES, (route) => route.fulfill({ status: 500, body: '{}' }));
      await page.locator('#text').fill('yes');
      await page.locator('#text').press('Enter');
      await page.getByRole('button', { name: /try again/i }).waitFor({ timeout: STATE_TIMEOUT });
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'with the game on an iPad held sideways (the chat folded, then full screen) passes axe too',
    async () => {
      const finished = await finishedSession(web.url);
      const context = await web.browser.newContext({
        viewport: { width: 1024, height: 768 },
        isMobile: true,
        hasTouch: true,
        bypassCSP: true,
      });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);
      await openSession(page, finished);
      await expectPlayingGame(page);
      await page.getByRole('button', { name: /talk to the helpers/i }).waitFor({ timeout: STATE_TIMEOUT });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: /full screen/i }).tap();
      await page.locator('#game.is-fullscreen').waitFor({ timeout: STATE_TIMEOUT });
      expect(await seriousViolations(page)).toEqual([]);
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'fits 320 px, a phone on its side and reduced motion',
    async () => {
      const finished = await finishedSession(web.url);
      const sizes = [
        { name: 'narrow-320', width: 320, height: 640, mobile: true },
        { name: 'phone-landscape', width: 844, height: 390, mobile: true },
        { name: 'tablet-landscape', width: 1180, height: 820, mobile: true },
      ];
      for (const s of sizes) {
        const context = await web.browser.newContext({
          viewport: { width: s.width, height: s.height },
          isMobile: s.mobile,
          hasTouch: s.mobile,
          reducedMotion: 'reduce',
        });
        await context.addInitScript(speechFakes);
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(web.url);
        await waitIdle(page);
        await expectFits(page, s.name);
        // Every control is big enough for a small finger.
        const small = await page.evaluate(() =>
          [...document.querySelectorAll('button, a.action')]
            .filter((el) => (el as HTMLElement).offsetParent !== null)
            .map((el) => ({ el: el.id || el.className, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width < 44 || r.height < 44)
            .map(({ el }) => el),
        );
        expect(small, s.name).toEqual([]);
        await page.locator('#text').fill('dragons love tacos');
        await page.locator('#text').press('Enter');
        await expect.poll(() => page.locator('.bubble-agent').count(), { timeout: STATE_TIMEOUT }).toBe(2);
        await waitIdle(page);
        // The Talk button stays on screen without scrolling, even on a phone on its side.
        expect(await page.locator('#talk').isVisible()).toBe(true);
        const talkBox = await page.locator('#talk').boundingBox();
        expect((talkBox?.y ?? 0) + (talkBox?.height ?? 0), s.name).toBeLessThanOrEqual(s.height);
        await shot(page, `layout-${s.name}`);

        // A reload with a finished game brings the game back.
        await openSession(page, finished);
        await expectPlayingGame(page);
        await expectFits(page, `${s.name} with the game`);
        await shot(page, `layout-${s.name}-game`);
        expectCleanRun(problems, web.url);
        await context.close();
      }
    },
    CONVERSATION_TIMEOUT,
  );
});
