import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPage } from '../support/browser.js';
import {
  ARTIFACTS,
  appAndBrowser,
  bare,
  CONVERSATION_TIMEOUT,
  expectCleanRun,
  expectFits,
  expectPlayingGame,
  MESSAGE_ROUTES,
  phaseOf,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  spoken,
  waitIdle,
} from './driver.js';

/**
 * Tap-to-answer chips: a child who cannot read, type or be heard reaches a playable game by tapping
 * only, on an iPad held sideways, with the offline brain. The chips are big, labelled buttons, each
 * read aloud after the reply (unless the child typed); they go when any message is sent, and work
 * from the keyboard too.
 *
 * The picture of the game-type cards is test-artifacts/ipad-chips.png (the README's own,
 * docs/images/ipad-chips.png, comes from `npm run screenshots`).
 */

const web = appAndBrowser();

const IPAD_SIDEWAYS = {
  viewport: { width: 1024, height: 768 },
  isMobile: true,
  hasTouch: true,
  // One CSS pixel to one image pixel: the picture stays small enough to commit.
  deviceScaleFactor: 1,
  reducedMotion: 'reduce',
} as const;

const MAX_PICTURE_BYTES = 200 * 1024;

interface Shown {
  kind: string;
  label: string;
}

const CHIP = '.chips .chip';

/** The chips on screen once the page takes taps again. */
async function shownChips(page: Page): Promise<Shown[]> {
  await page.locator(`${CHIP}:not(:disabled)`).first().waitFor({ timeout: STATE_TIMEOUT });
  return page.$$eval(CHIP, (els) =>
    els.map((e) => ({
      kind: (e as HTMLElement).dataset.kind ?? '',
      label: e.getAttribute('aria-label') ?? '',
    })),
  );
}

/** What the scripted child taps: the book it read, yes, the first suggestion, else a way on. */
function choose(chips: Shown[], dontKnows: number): Shown {
  const first = (kind: string) => chips.find((c) => c.kind === kind);
  const pick =
    chips.find((c) => c.kind === 'book' && c.label === 'The Gruffalo') ??
    first('yes') ??
    first('type') ??
    first('hero') ??
    first('collect') ??
    first('avoid') ??
    first('answer') ??
    (dontKnows < 3 ? chips.find((c) => c.label === "I don't know") : undefined) ??
    chips.find((c) => c.label === 'Make the game now') ??
    chips[0];
  if (!pick) throw new Error('no chip to tap');
  return pick;
}

async function expectBigLabelledChips(page: Page): Promise<void> {
  const chips = page.locator(CHIP);
  for (let i = 0; i < (await chips.count()); i++) {
    const chip = chips.nth(i);
    const box = await chip.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(64);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
    expect(await chip.getAttribute('aria-label')).toBeTruthy();
    expect(await chip.locator('.chip-emoji').getAttribute('aria-hidden')).toBe('true');
  }
}

const lastChildWords = async (page: Page) =>
  (await page.locator('.bubble-child').count())
    ? await page.locator('.bubble-child .bubble-text').last().textContent()
    : null;

async function ipad(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.browser.newContext(IPAD_SIDEWAYS);
  await context.addInitScript(speechFakes);
  const page = await context.newPage();
  return { context, page };
}

describe('tap-to-answer chips', () => {
  it(
    'take a child on an iPad to a playing game without a typed or spoken word',
    async () => {
      const { context, page } = await ipad();
      const problems = watchPage(page);
      const sent: string[] = [];
      page.on('request', (r) => {
        if (MESSAGE_ROUTES.test(r.url()) && r.method() === 'POST') sent.push(r.postDataJSON()?.message ?? '');
      });
      await page.goto(web.url);
      await waitIdle(page);
      await shownChips(page);
      await shot(page, 'chips-ipad-1-books');

      const kinds = new Set<string>();
      let taps = 0;
      let dontKnows = 0;
      let pictured = false;
      while ((await phaseOf(page)) !== 'complete') {
        expect(taps, 'the game should be reached within 20 taps').toBeLessThan(20);
        const chips = await shownChips(page);
        for (const c of chips) kinds.add(c.kind);
        await expectBigLabelledChips(page);
        // After the first reply (the greeting waits for a tap), each label is read aloud after it.
        if (taps > 0) {
          await expect
            .poll(async () => (await spoken(page)).slice(-chips.length).map(bare), { timeout: STATE_TIMEOUT })
            .toEqual(chips.map((c) => bare(c.label)));
        }
        if (!pictured && chips.some((c) => c.kind === 'type')) {
          // The game types as picture cards, on an iPad held sideways.
          await expectFits(page, 'with the picture cards');
          const file = join(ARTIFACTS, 'ipad-chips.png');
          await page.screenshot({ path: file });
          expect(statSync(file).size).toBeLessThan(MAX_PICTURE_BYTES);
          pictured = true;
        }
        const pick = choose(chips, dontKnows);
        if (pick.label === "I don't know") dontKnows += 1;
        const before = await page.locator('.bubble-child').count();
        await page.getByRole('button', { name: pick.label, exact: true }).tap();
        taps += 1;
        // The tap is the child's message (its bubble), and the chips are gone until the reply.
        await expect
          .poll(() => page.locator('.bubble-child').count(), { timeout: STATE_TIMEOUT })
          .toBe(before + 1);
        await waitIdle(page);
      }

      await expectPlayingGame(page);
      expect(pictured, 'the game types were offered as picture cards').toBe(true);
      for (const kind of ['book', 'yes', 'type']) expect([...kinds]).toContain(kind);
      // Every message was a tap: nothing typed, nothing heard.
      expect(sent).toHaveLength(taps);
      expect(await page.locator('#text').inputValue()).toBe('');
      expect(await page.evaluate(() => (window as unknown as { __listens: number }).__listens)).toBe(0);
      expect(await page.locator(CHIP).count()).toBe(0);
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'work from the keyboard, and go when the child types instead',
    async () => {
      const { context, page } = await ipad();
      const problems = watchPage(page);
      await page.goto(web.url);
      await waitIdle(page);
      await shownChips(page);

      // Tab reaches the chips (buttons in reading order); Enter taps the focused one.
      let focused = '';
      for (let i = 0; i < 30 && !focused.startsWith('chip'); i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.className ?? '');
      }
      expect(focused).toMatch(/^chip/);
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
      await page.keyboard.press('Enter');
      // A book card: its label is its title, which is what it says.
      await expect.poll(() => lastChildWords(page), { timeout: STATE_TIMEOUT }).toBe(label);
      await waitIdle(page);

      // "Is that …?": yes and no. Typing the answer instead sends it, and the chips go.
      const chips = await shownChips(page);
      expect(chips.map((c) => c.kind)).toEqual(['yes', 'no']);
      const spokenBefore = (await spoken(page)).length;
      await page.locator('#text').fill('yes');
      await page.locator('#text').press('Enter');
      await expect.poll(() => lastChildWords(page), { timeout: STATE_TIMEOUT }).toBe('yes');
      await waitIdle(page);
      // The next question's chips (not yes and no any more); a child who types can read them, so
      // only the reply is read aloud.
      const next = await shownChips(page);
      expect(next.map((c) => c.kind)).not.toContain('no');
      const said = (await spoken(page)).slice(spokenBefore).map(bare);
      expect(said.length).toBeGreaterThan(0);
      for (const c of next) expect(said).not.toContain(bare(c.label));
      expect(await phaseOf(page)).toBe('discussing');
      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
