import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { newContext } from '../support/browser.js';
import {
  appAndBrowser,
  CONVERSATION_TIMEOUT,
  expectPlayingGame,
  finishedSession,
  openSession,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  waitIdle,
} from './driver.js';

/**
 * The phone (issue 31.10): the game uses the screen (at least 60% of its height, or, upright,
 * a hint to turn the phone), and every touch target is at least 44 px with 8 px between targets
 * (Apple's guidance), measured with getBoundingClientRect, on the page and on the game's own buttons.
 */

const web = appAndBrowser();

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Every tappable thing on screen (visible, not inert, inside the viewport). */
const targets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], .chip, textarea')]
      .filter((e) => e.offsetParent !== null && !e.closest('[inert]'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.bottom > 0 && r.top < innerHeight)
      // Scrolled under the fixed composer (wholly or partly) is not on screen: the child scrolls to it.
      .filter(({ e, r }) =>
        [r.y + 2, r.y + r.height / 2, r.y + r.height - 2].every((y) => {
          const at = document.elementFromPoint(r.x + r.width / 2, y);
          return at !== null && (e.contains(at) || at.contains(e));
        }),
      )
      .map(({ e, r }) => ({ name: e.id || e.className, x: r.x, y: r.y, w: r.width, h: r.height })),
  );

/** The space between two boxes (0 when they touch or overlap). */
function gap(a: Box, b: Box): number {
  const dx = Math.max(0, Math.max(a.x, b.x) - Math.min(a.x + a.w, b.x + b.w));
  const dy = Math.max(0, Math.max(a.y, b.y) - Math.min(a.y + a.h, b.y + b.h));
  return Math.max(dx, dy);
}

function expectFingerSized(boxes: Box[], where: string) {
  expect(boxes.length, where).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(Math.round(b.w), `${where}: ${b.name} width`).toBeGreaterThanOrEqual(44);
    expect(Math.round(b.h), `${where}: ${b.name} height`).toBeGreaterThanOrEqual(44);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i] as Box, boxes[j] as Box];
      expect(Math.floor(gap(a, b)), `${where}: ${a.name} to ${b.name}`).toBeGreaterThanOrEqual(8);
    }
}

async function phoneWithGame(width: number, height: number) {
  const context = await newContext(web.browser, { mobile: true, width, height });
  await context.addInitScript(speechFakes);
  const page = await context.newPage();
  const id = await finishedSession(web.url);
  await page.goto(web.url);
  await waitIdle(page);
  await openSession(page, id);
  await waitIdle(page);
  await expectPlayingGame(page);
  return { context, page };
}

describe('the phone', () => {
  it(
    'upright: the turn hint shows, and every target is finger-sized and apart',
    async () => {
      const { context, page } = await phoneWithGame(390, 844);
      const frame = await page.locator('#game iframe').boundingBox();
      const share = (frame?.height ?? 0) / 844;
      if (share < 0.6) {
        const hint = page.locator('.turn-hint');
        expect(await hint.isVisible(), `the game is ${Math.round(share * 100)}% high: a hint`).toBe(true);
        expect(await hint.textContent()).toMatch(/turn your phone sideways/i);
      }
      await shot(page, 'phone-layout-upright');
      expectFingerSized(await targets(page), 'upright with a game');
      // The chat opened over the game: its chips and buttons too.
      await page.locator('#chat-open').tap();
      await page.locator('#text').waitFor({ timeout: STATE_TIMEOUT });
      await shot(page, 'phone-layout-upright-chat');
      expectFingerSized(await targets(page), 'upright, chat open');
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'on its side: the game is at least 60% of the height, no hint',
    async () => {
      const { context, page } = await phoneWithGame(844, 390);
      const frame = await page.locator('#game iframe').boundingBox();
      expect((frame?.height ?? 0) / 390).toBeGreaterThanOrEqual(0.6);
      expect(await page.locator('.turn-hint').isVisible()).toBe(false);
      await shot(page, 'phone-layout-sideways');
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    "the platformer's on-screen buttons are finger-sized and apart, upright",
    async () => {
      const res = await fetch(`${web.url}/api/games?tune=false`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(catalogueEntry('platformer').example),
      });
      const made = (await res.json()) as { url: string };
      const context = await newContext(web.browser, { mobile: true, width: 390, height: 844 });
      const page = await context.newPage();
      await page.goto(`${web.url}${made.url}`);
      await page.waitForFunction(
        () => typeof (window as { render_game_to_text?: unknown }).render_game_to_text === 'function',
        undefined,
        { timeout: STATE_TIMEOUT },
      );
      // The runtime's own circles (depth 150), in page pixels: world bounds times the canvas's scale.
      const boxes = await page.evaluate(() => {
        type Arc = {
          type: string;
          depth: number;
          getBounds(): { x: number; y: number; width: number; height: number };
        };
        const game = (
          window as unknown as {
            __GAME__: { canvas: HTMLCanvasElement; scene: { scenes: { children: { list: Arc[] } }[] } };
          }
        ).__GAME__;
        const c = game.canvas.getBoundingClientRect();
        const k = c.width / 800;
        return (game.scene.scenes[0]?.children.list ?? [])
          .filter((o) => o.type === 'Arc' && o.depth === 150)
          .map((o, i) => {
            const b = o.getBounds();
            return {
              name: `button ${i}`,
              x: c.x + b.x * k,
              y: c.y + b.y * k,
              w: b.width * k,
              h: b.height * k,
            };
          });
      });
      expect(boxes).toHaveLength(3);
      expectFingerSized(boxes, 'game buttons');
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
