import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GREETING } from '../../src/contract/personas.js';
import { newContext, watchPage } from '../support/browser.js';
import {
  appAndBrowser,
  bare,
  CONVERSATION_TIMEOUT,
  expectCleanRun,
  STATE_TIMEOUT,
  shot,
  speechFakes,
  spoken,
  waitIdle,
} from './driver.js';

/**
 * The first question is on screen at every size and read aloud on the first tap, whatever it is
 * (issue 31.6): the log used to scroll to the answer chips, pushing Owlbert's question out of view,
 * and a chip as the first tap answered without the question ever being heard.
 */

const web = appAndBrowser();

/** Where the question's words are, against the log's visible box and the screen. */
async function questionPlace(page: Page) {
  return page.evaluate(() => {
    const words = document.querySelector('.bubble-agent .bubble-text') as HTMLElement;
    const log = document.querySelector('#log') as HTMLElement;
    const w = words.getBoundingClientRect();
    const l = log.getBoundingClientRect();
    return {
      inLog: w.top >= l.top - 1 && w.bottom <= l.bottom + 1,
      onScreen: w.top >= 0 && w.bottom <= window.innerHeight,
      chipsShown:
        (document.querySelector('.chips') as HTMLElement | null)?.getBoundingClientRect().height ?? 0,
    };
  });
}

describe('the first question', () => {
  for (const size of [
    { name: 'ipad', width: 1180, height: 820 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(
      `is on screen and read when a chip is the first tap (${size.name})`,
      async () => {
        const context = await newContext(web.browser, { mobile: true, ...size });
        await context.addInitScript(speechFakes);
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.goto(web.url);
        await waitIdle(page);
        await page.locator('.chips .chip').first().waitFor({ timeout: STATE_TIMEOUT });
        await shot(page, `first-question-${size.name}`);
        const place = await questionPlace(page);
        expect(place.chipsShown).toBeGreaterThan(0);
        expect(place, 'the question is in the log, on screen').toMatchObject({ inLog: true, onScreen: true });
        // Nothing was read before a tap (browsers refuse); the first tap is a chip.
        expect(await spoken(page)).toEqual([]);
        const replies = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
        await page.locator('.chips .chip').first().tap();
        await expect
          .poll(() => page.locator('.bubble-agent:not(.bubble-thinking)').count(), { timeout: STATE_TIMEOUT })
          .toBeGreaterThan(replies);
        await waitIdle(page);
        const said = (await spoken(page)).map(bare);
        expect(said[0], 'the question, first').toBe(bare(GREETING));
        // Then the reply to the chip.
        const reply = bare((await page.locator('.bubble-agent .bubble-text').last().textContent()) ?? '');
        expect(said.slice(1)).toContain(reply);
        // The reply's question is in view too, with its chips.
        const after = await questionPlace(page);
        expect(after.onScreen || after.inLog).toBe(true);
        expectCleanRun(problems, web.url);
        await context.close();
      },
      CONVERSATION_TIMEOUT,
    );
  }
});
