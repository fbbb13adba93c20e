import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  bare,
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectPlayingGame,
  hear,
  holdGamePage,
  pauseClock,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  spoken,
  talkButton,
  waitIdle,
} from './driver.js';

/**
 * The whole conversation by voice on an iPad-sized touch screen, with speech in and out faked. The
 * page's clock is Playwright's: where the page acts on a timer (the microphone's words, the send
 * countdown) the test stops it and moves it on itself, so nothing depends on the machine's speed.
 */

const web = appAndBrowser();

async function agentTexts(page: Page): Promise<string[]> {
  return page.locator('.bubble-agent:not(.bubble-thinking) .bubble-text').allTextContents();
}

describe('the page by voice', () => {
  it(
    'talks a book into a game, reading every reply aloud, and stays quiet when muted',
    async () => {
      const context = await newContext(web.browser, { mobile: true, width: 820, height: 1180 });
      await context.addInitScript(speechFakes);
      await context.clock.install();
      const page = await context.newPage();
      const problems = watchPage(page);
      const gamePage = await holdGamePage(page);
      await page.goto(web.url);

      await expect.poll(() => agentTexts(page), { timeout: STATE_TIMEOUT }).toHaveLength(1);
      await waitIdle(page);
      expect(await page.getByText('Tap the big button and tell me about your book!').isVisible()).toBe(true);
      await shot(page, 'voice-ipad-1-start');
      // Browsers refuse speech before the first tap: the greeting is read on it.
      expect(await spoken(page)).toEqual([]);
      await page.locator('#welcome').tap();
      // The greeting first (then the labels of its answer chips).
      await expect
        .poll(async () => bare((await spoken(page))[0] ?? ''), { timeout: STATE_TIMEOUT })
        .toBe(bare((await agentTexts(page))[0] ?? ''));

      // The game's page is held back while the checklist is on screen, for its picture.
      const building = gamePage.requested.then(async () => {
        await page.locator('#progress li[data-step="ready"].is-done').waitFor({ timeout: STATE_TIMEOUT });
        await shot(page, 'voice-ipad-5-building');
        gamePage.release();
      });
      const turns = await converse(
        page,
        async (text, turn) => {
          if (turn === 0) {
            // The first answer is misheard, then fixed by hand. The clock stands still from the tap on
            // Talk: the fake microphone gives its first words after 80 ms, all of them after 1 s and
            // stops at 1.1 s (inside the page's 1.2 s pause), then the 1.5 s countdown runs.
            await hear(page, { text: 'dragons love taco', holdMs: 800 });
            await pauseClock(page);
            await talkButton(page).click();
            await page.clock.runFor(100);
            expect(await page.locator('#text').inputValue()).toBe('dragons love');
            expect(await talkButton(page).getAttribute('aria-pressed')).toBe('true');
            await shot(page, 'voice-ipad-2-listening');
            await page.clock.runFor(1_050);
            expect(await page.locator('#autosend').isVisible()).toBe(true);
            expect(await talkButton(page).getAttribute('aria-pressed')).toBe('false');
            expect(await page.locator('#text').inputValue()).toBe('dragons love taco');
            await shot(page, 'voice-ipad-3-fix-it');
            await page.getByRole('button', { name: /wait, let me fix it/i }).click();
            expect(await page.locator('#autosend').isVisible()).toBe(false);
            await page.locator('#text').fill(text);
            // A fixed message is never sent behind the child's back: long past the countdown, nothing went.
            await page.clock.runFor(5_000);
            expect(await page.locator('.bubble-child').count()).toBe(0);
            await page.clock.resume();
            await page.getByRole('button', { name: 'Send', exact: true }).click();
            return;
          }
          // The first answers wait out the countdown and send by themselves; later ones use "Send now",
          // with the clock stopped so the countdown cannot win the race to it.
          await hear(page, { text });
          if (turn < 3) {
            await talkButton(page).click();
            return;
          }
          await pauseClock(page);
          await talkButton(page).click();
          await page.clock.runFor(400);
          expect(await page.locator('#autosend').isVisible()).toBe(true);
          await page.getByRole('button', { name: 'Send now' }).click();
          await page.clock.resume();
        },
        async (turn) => {
          if (turn === 3) {
            await waitIdle(page);
            await shot(page, 'voice-ipad-4-mid-conversation');
          }
        },
      );
      expect(turns).toBeLessThanOrEqual(20);
      await building;
      await expectPlayingGame(page);
      await shot(page, 'voice-ipad-6-game');

      // Every agent reply (the greeting included) was read aloud, in order.
      const texts = await agentTexts(page);
      const said = await spoken(page);
      expect(said.length).toBeGreaterThanOrEqual(texts.length);
      for (const text of texts) expect(said.map(bare), text).toContain(bare(text));
      // The agents are named on every bubble.
      const who = await page.locator('.bubble-agent .bubble-who strong').allTextContents();
      expect(new Set(who)).toEqual(new Set(['Owlbert', 'Pixie', 'Bolt']));

      // The game has the screen; the chat is one tap away.
      expect(await talkButton(page).isVisible()).toBe(false);
      const openChat = async () => {
        await page.getByRole('button', { name: /talk to the helpers/i }).tap();
        await talkButton(page).waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      };
      await openChat();

      // Muted: a new reply arrives and nothing is spoken (replies are spoken as they arrive, before
      // the page is idle again, so there is nothing left to wait for).
      await page.getByRole('button', { name: /mute/i }).click();
      expect(await page.getByRole('button', { name: /mute/i }).getAttribute('aria-pressed')).toBe('true');
      const quietFrom = (await spoken(page)).length;
      const repliesBefore = texts.length;
      await hear(page, { text: 'make the dragon faster' });
      await talkButton(page).click();
      await expect
        .poll(() => agentTexts(page).then((a) => a.length), { timeout: STATE_TIMEOUT })
        .toBeGreaterThan(repliesBefore);
      await waitIdle(page);
      expect((await spoken(page)).slice(quietFrom)).toEqual([]);

      // "Say it again" is the child's own request: it plays even when auto-read is muted.
      if (!(await talkButton(page).isVisible())) await openChat();
      await page.locator('.say-again').first().click();
      await expect
        .poll(async () => (await spoken(page)).slice(quietFrom), { timeout: STATE_TIMEOUT })
        .toHaveLength(1);

      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'explains a blocked microphone and a silent one in friendly words',
    async () => {
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
        .poll(() => page.locator('#voice-status').textContent(), { timeout: STATE_TIMEOUT })
        .toMatch(/microphone is turned off/i);
      // Typing is offered right away.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: STATE_TIMEOUT })
        .toBe('text');
      await shot(page, 'voice-desktop-mic-blocked');

      // Nothing queued to hear: the fake reports no speech.
      await page.locator('#talk').focus();
      await page.keyboard.press('Space');
      await expect
        .poll(() => page.locator('#voice-status').textContent(), { timeout: STATE_TIMEOUT })
        .toMatch(/didn't hear anything/i);

      // Space on the page (not in the text box) talks; Space in the text box types.
      await hear(page, { text: 'dragons love tacos' });
      // A corner of the log: its middle may hold the answer chips, which are buttons.
      await page.locator('.log').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('Space');
      await expect.poll(() => page.locator('.bubble-child').count(), { timeout: STATE_TIMEOUT }).toBe(1);
      await waitIdle(page);
      await page.locator('#text').focus();
      await page.keyboard.type('a b');
      expect(await page.locator('#text').inputValue()).toBe('a b');

      expectCleanRun(problems, web.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
