import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  bare,
  converse,
  expectCleanRun,
  expectPlayingGame,
  hear,
  shot,
  speechFakes,
  spoken,
  talkButton,
  waitIdle,
} from './driver.js';

/** The whole conversation by voice on an iPad-sized touch screen, with speech in and out faked. */

const web = appAndBrowser();

async function agentTexts(page: Page): Promise<string[]> {
  return page.locator('.bubble-agent:not(.bubble-thinking) .bubble-text').allTextContents();
}

describe('the page by voice', () => {
  it('talks a book into a game, reading every reply aloud, and stays quiet when muted', async () => {
    const context = await newContext(web.browser, { mobile: true, width: 820, height: 1180 });
    await context.addInitScript(speechFakes);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(web.url);

    await expect.poll(() => agentTexts(page), { timeout: 10_000 }).toHaveLength(1);
    await waitIdle(page);
    expect(await page.getByText('Tap the big button and tell me about your book!').isVisible()).toBe(true);
    await shot(page, 'voice-ipad-1-start');
    // Browsers refuse speech before the first tap: the greeting is read on it.
    expect(await spoken(page)).toEqual([]);
    await page.locator('#welcome').tap();
    await expect.poll(() => spoken(page), { timeout: 10_000 }).toHaveLength(1);

    let builtShot = false;
    const turns = await converse(
      page,
      async (text, turn) => {
        if (turn === 0) {
          // The first answer is misheard (held under the 1.2 s pause so the live words show), then fixed by hand.
          await hear(page, { text: 'dragons love taco', holdMs: 800 });
          await talkButton(page).click();
          await expect
            .poll(() => page.locator('#text').inputValue(), { timeout: 10_000 })
            .toBe('dragons love');
          expect(await talkButton(page).getAttribute('aria-pressed')).toBe('true');
          await shot(page, 'voice-ipad-2-listening');
          await page.locator('#autosend').waitFor({ state: 'visible' });
          expect(await page.locator('#text').inputValue()).toBe('dragons love taco');
          await shot(page, 'voice-ipad-3-fix-it');
          await page.getByRole('button', { name: /wait, let me fix it/i }).click();
          await page.locator('#text').fill(text);
          // A fixed message is never sent behind the child's back.
          await page.waitForTimeout(1800);
          expect(await page.locator('.bubble-child').count()).toBe(0);
          await page.getByRole('button', { name: 'Send', exact: true }).click();
          return;
        }
        await hear(page, { text });
        await talkButton(page).click();
        // The first answers wait out the pause and send by themselves; later ones use "Send now".
        if (turn >= 3) {
          await page.locator('#autosend').waitFor({ state: 'visible' });
          await page.getByRole('button', { name: 'Send now' }).click();
        }
      },
      async (turn) => {
        if (turn === 3) {
          await waitIdle(page);
          await shot(page, 'voice-ipad-4-mid-conversation');
        }
        if (!builtShot && (await page.locator('#progress').isVisible())) {
          builtShot = true;
          await shot(page, 'voice-ipad-5-building');
        }
      },
    );
    expect(turns).toBeLessThanOrEqual(20);
    expect(builtShot, 'the build checklist was shown').toBe(true);
    await expectPlayingGame(page);
    await page.waitForTimeout(500);
    await shot(page, 'voice-ipad-6-game');

    // Every agent reply (the greeting included) was read aloud, in order.
    const texts = await agentTexts(page);
    const said = await spoken(page);
    expect(said.length).toBeGreaterThanOrEqual(texts.length);
    for (const text of texts) expect(said.map(bare), text).toContain(bare(text));
    // The agents are named on every bubble.
    const who = await page.locator('.bubble-agent .bubble-who strong').allTextContents();
    expect(new Set(who)).toEqual(new Set(['Owlbert', 'Pixie', 'Bolt']));

    // Muted: a new reply arrives and nothing is spoken.
    await page.getByRole('button', { name: /mute/i }).click();
    expect(await page.getByRole('button', { name: /mute/i }).getAttribute('aria-pressed')).toBe('true');
    const quietFrom = (await spoken(page)).length;
    const repliesBefore = texts.length;
    await hear(page, { text: 'make the dragon faster' });
    await talkButton(page).click();
    await expect
      .poll(() => agentTexts(page).then((a) => a.length), { timeout: 10_000 })
      .toBeGreaterThan(repliesBefore);
    await waitIdle(page);
    await page.waitForTimeout(300);
    expect((await spoken(page)).slice(quietFrom)).toEqual([]);

    // "Say it again" is the child's own request: it plays even when auto-read is muted.
    await page.locator('.say-again').first().click();
    await expect.poll(async () => (await spoken(page)).slice(quietFrom), { timeout: 10_000 }).toHaveLength(1);

    expectCleanRun(problems, web.url);
    await context.close();
  }, 90_000);

  it('explains a blocked microphone and a silent one in friendly words', async () => {
    const context = await newContext(web.browser, { width: 1280, height: 800 });
    await context.addInitScript(speechFakes);
    await context.addInitScript(() => {
      // The next recognition is refused, as when a parent said "Don't allow".
      const w = window as unknown as { webkitSpeechRecognition: new () => EventTarget };
      const Real = w.webkitSpeechRecognition;
      let first = true;
      w.webkitSpeechRecognition = class extends (Real as unknown as new () => {
        start(): void;
        onerror: ((e: Event) => void) | null;
        onend: ((e: Event) => void) | null;
      }) {
        override start() {
          if (!first) return super.start();
          first = false;
          setTimeout(() => {
            this.onerror?.(Object.assign(new Event('error'), { error: 'not-allowed' }));
            this.onend?.(new Event('end'));
          }, 20);
        }
      } as unknown as new () => EventTarget;
      (window as unknown as { SpeechRecognition: unknown }).SpeechRecognition = w.webkitSpeechRecognition;
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(web.url);
    await waitIdle(page);

    await talkButton(page).click();
    await expect
      .poll(() => page.locator('#voice-status').textContent(), { timeout: 10_000 })
      .toMatch(/microphone is turned off/i);
    // Typing is offered right away.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('text');
    await shot(page, 'voice-desktop-mic-blocked');

    // Nothing queued to hear: the fake reports no speech.
    await page.locator('#talk').focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.locator('#voice-status').textContent(), { timeout: 10_000 })
      .toMatch(/didn't hear anything/i);

    // Space on the page (not in the text box) talks; Space in the text box types.
    await hear(page, { text: 'dragons love tacos' });
    await page.locator('.log').click();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.bubble-child').count(), { timeout: 10_000 }).toBe(1);
    await waitIdle(page);
    await page.locator('#text').focus();
    await page.keyboard.type('a b');
    expect(await page.locator('#text').inputValue()).toBe('a b');

    expectCleanRun(problems, web.url);
    await context.close();
  }, 60_000);
});
