import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GREETING } from '../../src/contract/personas.js';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  bare,
  CONVERSATION_TIMEOUT,
  expectCleanRun,
  expectFits,
  expectPlayingGame,
  finishedSession,
  openSession,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  waitIdle,
} from './driver.js';

/**
 * "Forget our chat", for grown-ups: one tap only asks, a second (deliberate) tap deletes the
 * conversation on the server, clears the tab's copy and starts afresh with the greeting.
 */

const web = appAndBrowser();

interface Saved {
  sessionId: string;
  lines: { who: string; text: string }[];
}

const saved = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('gamemaker.session') ?? 'null') as Saved | null);

const forgetButton = (page: Page) => page.getByRole('button', { name: /forget/i });

/** Armed by a first tap, and past the moment where a second tap would count as a double tap. */
const confirmable = (page: Page) =>
  page.locator('#forget.is-armed.is-confirmable').waitFor({ timeout: STATE_TIMEOUT });

/**
 * The deliberate second tap, once the button accepts it. On a very slow machine the tap may land
 * after the few seconds the button waits: then it only asks again, and the tap is repeated.
 */
async function confirmForget(page: Page, tap: () => Promise<void>) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await confirmable(page);
    await tap();
    // Confirmed: disarmed at once. Too late: armed again (and not yet confirmable).
    if ((await page.locator('#forget.is-armed').count()) === 0) return;
  }
  throw new Error('the second tap never confirmed');
}

/** DELETEs of a session the page sent. */
function watchDeletes(page: Page): string[] {
  const deletes: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'DELETE' && /\/api\/session\//.test(r.url())) deletes.push(r.url());
  });
  return deletes;
}

const sessionStatus = async (id: string) =>
  (await fetch(`${web.url}/api/session/${encodeURIComponent(id)}`)).status;

async function typeMessage(page: Page, text: string) {
  const replies = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  await expect
    .poll(() => page.locator('.bubble-agent:not(.bubble-thinking)').count(), { timeout: STATE_TIMEOUT })
    .toBeGreaterThan(replies);
  await waitIdle(page);
}

/** Only the greeting (after the page's "All forgotten" line), and a new session in the tab. */
async function expectFreshStart(page: Page, oldId: string) {
  await expect.poll(() => page.locator('.chat-note').count(), { timeout: STATE_TIMEOUT }).toBe(1);
  await expect.poll(() => page.locator('.bubble').count(), { timeout: STATE_TIMEOUT }).toBe(1);
  expect(await page.locator('.chat-note').textContent()).toMatch(/all forgotten/i);
  expect(await page.locator('.bubble-child').count()).toBe(0);
  expect(bare((await page.locator('.bubble-agent .bubble-text').textContent()) ?? '')).toBe(bare(GREETING));
  await waitIdle(page);
  const now = await saved(page);
  expect(now?.sessionId).toBeTruthy();
  expect(now?.sessionId).not.toBe(oldId);
  expect(now?.lines.map((l) => l.who)).toEqual(['story_analyst']);
  expect(await sessionStatus(now?.sessionId ?? '')).toBe(200);
  expect(await page.evaluate(() => document.body.dataset.phase)).toBe('identifying');
  expect(await page.locator('#welcome').isVisible()).toBe(true);
}

describe('Forget our chat', () => {
  it(
    'asks first, then deletes the conversation on the server and starts afresh (phone)',
    async () => {
      const context = await newContext(web.browser, { mobile: true, width: 390, height: 844 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      const deletes = watchDeletes(page);
      await page.goto(web.url);
      await waitIdle(page);

      await typeMessage(page, 'dragons love tacos');
      await typeMessage(page, 'yes');
      await typeMessage(page, 'the dragons');
      expect(await page.locator('.bubble-child').count()).toBe(3);
      const oldId = (await saved(page))?.sessionId ?? '';
      expect(oldId).not.toBe('');
      expect(await sessionStatus(oldId)).toBe(200);
      await shot(page, 'forget-phone-1-chat');
      await expectFits(page, 'phone');

      // Small, but a full touch target.
      const btn = forgetButton(page);
      const box = await btn.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
      expect(await btn.textContent()).toMatch(/forget our chat/i);

      // One tap only asks; after its few seconds it quietly goes back, and nothing was deleted.
      await btn.tap();
      await expect
        .poll(() => btn.textContent(), { timeout: STATE_TIMEOUT })
        .toMatch(/tap again to forget everything/i);
      await shot(page, 'forget-phone-2-armed');
      await expectFits(page, 'phone, armed');
      await page.locator('#forget:not(.is-armed)').waitFor({ timeout: STATE_TIMEOUT });
      expect(await btn.textContent()).toMatch(/^\s*forget our chat\s*$/i);
      expect(deletes).toEqual([]);
      expect(await sessionStatus(oldId)).toBe(200);
      expect(await page.locator('.bubble-child').count()).toBe(3);

      // A quick double tap (a child mashing the screen) is not a confirmation either. Both taps land
      // in one task of the page, so they are as close together as taps get, however busy it is.
      const afterDoubleTap = await btn.evaluate((b: HTMLButtonElement) => {
        b.click();
        b.click();
        return { text: b.textContent ?? '', armed: b.classList.contains('is-armed'), disabled: b.disabled };
      });
      expect(afterDoubleTap.text).toMatch(/tap again/i);
      expect(afterDoubleTap).toMatchObject({ armed: true, disabled: false });
      expect(deletes).toEqual([]);

      // A deliberate second tap forgets everything.
      await confirmForget(page, () => btn.tap());
      await expect.poll(() => deletes.length, { timeout: STATE_TIMEOUT }).toBe(1);
      expect(deletes[0]).toBe(`${web.url}/api/session/${oldId}`);
      await expectFreshStart(page, oldId);
      expect(await sessionStatus(oldId)).toBe(404);
      expect(await btn.textContent()).toMatch(/^\s*forget our chat\s*$/i);
      await shot(page, 'forget-phone-3-forgotten');

      // The fresh chat works.
      await typeMessage(page, 'dragons love tacos');
      expect(await page.locator('.bubble-child').count()).toBe(1);

      // A reload does not bring the old chat back.
      await page.reload();
      await expect.poll(() => page.locator('.bubble').count(), { timeout: STATE_TIMEOUT }).toBe(3);
      expect(await page.locator('.bubble-child').textContent()).toMatch(/dragons love tacos/);

      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'removes the game too; a failed delete keeps everything and offers Try again (desktop)',
    async () => {
      const finished = await finishedSession(web.url);
      const context = await newContext(web.browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      const deletes = watchDeletes(page);
      await page.goto(web.url);
      await waitIdle(page);
      await shot(page, 'forget-desktop-1-start');
      await openSession(page, finished);
      await expectPlayingGame(page);
      const gameUrl = (await page.locator('#game iframe').getAttribute('src')) ?? '';
      expect(gameUrl).toMatch(/^\/api\/games\//);
      expect((await fetch(`${web.url}${gameUrl}`)).status).toBe(200);
      await shot(page, 'forget-desktop-2-game');

      // The server is unavailable: the friendly bubble, and nothing is cleared.
      let refused = 0;
      await page.route(/\/api\/session\/[^/]+$/, async (route) => {
        if (route.request().method() !== 'DELETE') return route.continue();
        refused += 1;
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ success: false, error: 'service_unavailable', message: 'x' }),
        });
      });
      const btn = forgetButton(page);
      await btn.click();
      await confirmable(page);
      await shot(page, 'forget-desktop-3-armed');
      await confirmForget(page, () => btn.click());
      const retry = page.getByRole('button', { name: /try again/i });
      await retry.waitFor({ timeout: STATE_TIMEOUT });
      expect(refused).toBeGreaterThan(0);
      expect(await page.locator('.bubble-error').textContent()).toMatch(/break|try again/i);
      expect((await saved(page))?.sessionId).toBe(finished);
      expect(await page.locator('#game').isVisible()).toBe(true);
      expect(await sessionStatus(finished)).toBe(200);
      await shot(page, 'forget-desktop-4-error');

      // Try again, with the server back: forgotten, game and all.
      await page.unroute(/\/api\/session\/[^/]+$/);
      await retry.click();
      await expectFreshStart(page, finished);
      expect(deletes.length).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#game').isVisible()).toBe(false);
      expect(await page.locator('#game iframe').count()).toBe(0);
      expect(await sessionStatus(finished)).toBe(404);
      expect((await fetch(`${web.url}${gameUrl}`)).status).toBe(404);
      expect(await page.locator('.bubble-error').count()).toBe(0);
      await shot(page, 'forget-desktop-5-forgotten');

      expectCleanRun(problems, web.url, [/status of 503/]);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'counts a session the server no longer knows as forgotten already',
    async () => {
      const context = await newContext(web.browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);
      await typeMessage(page, 'dragons love tacos');
      const oldId = (await saved(page))?.sessionId ?? '';
      // Deleted behind the page's back (another tab, a parent on another device).
      expect((await fetch(`${web.url}/api/session/${oldId}`, { method: 'DELETE' })).status).toBe(200);
      const btn = forgetButton(page);
      await btn.click();
      await confirmForget(page, () => btn.click());
      await expectFreshStart(page, oldId);
      expect(await page.locator('.bubble-error').count()).toBe(0);
      expectCleanRun(problems, web.url, [/status of 404/]);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
