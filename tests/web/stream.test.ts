import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedAgent } from '../fake-model/agent.js';
import { anthropicEnv } from '../fake-model/env.js';
import { type FakeModelServer, startFakeModelServer } from '../fake-model/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newContext, watchPage } from '../support/browser.js';
import {
  bare,
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectPlayingGame,
  STARTUP_TIMEOUT,
  STATE_TIMEOUT,
  speechFakes,
  spoken,
  waitIdle,
} from './driver.js';

/**
 * The page talks to `/api/message/stream`: replies fill their bubbles and are spoken as they are
 * written (with a fake Claude that streams word by word), and the page still works through
 * `/api/message` where the stream is missing.
 */

let t: TestApp;
let fake: FakeModelServer;
let model: TestApp;
let browser: Browser;
beforeAll(async () => {
  fake = await startFakeModelServer(scriptedAgent);
  [t, model, browser] = await Promise.all([
    startTestApp({ listen: true }),
    // The fake's tokens come 70 ms apart; on a busy machine the gaps stretch, so the provider's
    // timeouts here are far above that: only a real stall should count as one.
    startTestApp({
      listen: true,
      env: anthropicEnv(fake, { LLM_TIMEOUT_MS: '120000', LLM_STREAM_IDLE_MS: '30000' }),
    }),
    launchBrowser(),
  ]);
}, STARTUP_TIMEOUT);
afterAll(async () => {
  await browser?.close();
  await Promise.all([t?.close(), model?.close()]);
  await fake?.close();
}, STARTUP_TIMEOUT);

const agentTexts = (page: Page) =>
  page.locator('.bubble-agent:not(.bubble-thinking) .bubble-text').allTextContents();

/** The paths the page POSTed to, in order. */
function postsOf(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  return posts;
}

async function type(page: Page, text: string) {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

/** Every reply was spoken exactly once, in order (the greeting waits for a tap, which typing is not). */
async function expectEachReplySpokenOnce(page: Page) {
  const [greeting = '', ...replies] = await agentTexts(page);
  const said = (await spoken(page)).filter((s) => bare(s) !== bare(greeting));
  expect(bare(said.join(' '))).toBe(bare(replies.join(' ')));
}

describe('the page with the streaming endpoint', () => {
  it(
    'sends every message through the stream, shows each reply and speaks it once',
    async () => {
      const context = await newContext(browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      const posts = postsOf(page);
      await page.goto(t.url);
      await waitIdle(page);

      const turns = await converse(page, (text) => type(page, text));
      await expectPlayingGame(page);

      const messages = posts.filter((p) => p.startsWith('/api/message'));
      expect(messages).toHaveLength(turns);
      expect(new Set(messages)).toEqual(new Set(['/api/message/stream']));
      const texts = await agentTexts(page);
      expect(texts.length).toBeGreaterThan(turns);
      for (const text of texts) expect(text.trim()).not.toBe('');
      // Nothing is left marked as still being written.
      expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
      await expectEachReplySpokenOnce(page);
      expectCleanRun(problems, t.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'fills the bubble word by word and speaks the first sentence before the reply is finished',
    async () => {
      fake.reset();
      fake.setHandler(scriptedAgent);
      const text = 'Ooh! Is that Dragons Love Tacos by Adam Rubin? I think it is a great book.';
      fake.enqueue({
        kind: 'reply',
        text,
        tokenDelayMs: 70,
        tool: {
          name: 'record_story_turn',
          input: { book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' } },
        },
      });
      const context = await newContext(browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      await context.addInitScript(() => {
        // Every text a streaming bubble showed (each render, however close together, not samples of
        // it over time), and what was on screen when each utterance began.
        const w = window as unknown as {
          __samples: string[];
          __speaks: Array<{ text: string; streaming: string | null }>;
        };
        w.__samples = [];
        w.__speaks = [];
        const busyText = () =>
          document.querySelector('.bubble-agent[aria-busy="true"] .bubble-text')?.textContent ?? null;
        new MutationObserver((records) => {
          for (const r of records) {
            const el = r.target as Element;
            if (!el.matches?.('.bubble-agent[aria-busy="true"] .bubble-text') || r.addedNodes.length === 0)
              continue;
            // The nodes of that render keep its words even after the next render replaced them.
            const shown = [...r.addedNodes].map((n) => n.textContent ?? '').join('');
            if (shown !== w.__samples[w.__samples.length - 1]) w.__samples.push(shown);
          }
        }).observe(document, { subtree: true, childList: true });
        const speak = speechSynthesis.speak.bind(speechSynthesis);
        speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
          if (u.text.trim() !== '') w.__speaks.push({ text: u.text, streaming: busyText() });
          speak(u);
        };
      });
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(model.url);
      await waitIdle(page);

      await type(page, 'dragons love tacos');
      await expect
        .poll(() => agentTexts(page), { timeout: STATE_TIMEOUT })
        .toEqual([expect.any(String), text]);
      await waitIdle(page);

      const { samples, speaks } = await page.evaluate(() => {
        const w = window as unknown as {
          __samples: string[];
          __speaks: Array<{ text: string; streaming: string | null }>;
        };
        return { samples: w.__samples, speaks: w.__speaks };
      });
      // The bubble grew while the reply was written: several partial texts, each a prefix of the next.
      const partial = samples.filter((s) => s.trim() !== '' && s !== text);
      expect(partial.length).toBeGreaterThanOrEqual(3);
      for (const [i, s] of partial.entries()) {
        expect(text.startsWith(s.trim())).toBe(true);
        if (i > 0) expect(s.length).toBeGreaterThan(partial[i - 1]?.length ?? 0);
      }
      // "Ooh!" was spoken on its own while the rest was still arriving; then each sentence, once.
      expect(speaks[0]?.text).toBe('Ooh!');
      expect(speaks[0]?.streaming).not.toBeNull();
      expect(speaks[0]?.streaming).not.toBe(text);
      expect(speaks.map((s) => s.text)).toEqual([
        'Ooh!',
        'Is that Dragons Love Tacos by Adam Rubin?',
        'I think it is a great book.',
      ]);
      expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
      expectCleanRun(problems, model.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );

  it(
    'falls back to /api/message when the stream is missing or unreachable',
    async () => {
      const context = await newContext(browser, { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      const page = await context.newPage();
      const problems = watchPage(page);
      const posts = postsOf(page);
      let streamTries = 0;
      // First a network failure (tried again next time), then a server without the route (remembered).
      await page.route('**/api/message/stream', async (route) => {
        streamTries += 1;
        if (streamTries === 1) return route.abort('failed');
        return route.fulfill({
          status: 404,
          contentType: 'application/json',
          body: JSON.stringify({ success: false, error: 'not_found', message: 'No route.' }),
        });
      });
      await page.goto(t.url);
      await waitIdle(page);

      for (const [i, text] of ['dragons love tacos', 'yes', 'the dragons'].entries()) {
        await type(page, text);
        await expect
          .poll(async () => (await agentTexts(page)).length, { timeout: STATE_TIMEOUT })
          .toBe(i + 2);
        await waitIdle(page);
      }
      expect(streamTries).toBe(2);
      expect(posts.filter((p) => p.startsWith('/api/message'))).toEqual([
        '/api/message/stream',
        '/api/message',
        '/api/message/stream',
        '/api/message',
        '/api/message',
      ]);
      expect(await page.evaluate(() => document.body.dataset.phase)).toBe('discussing');
      expect(await page.locator('.bubble-error').count()).toBe(0);
      await expectEachReplySpokenOnce(page);
      expectCleanRun(problems, t.url, [/status of 404/, /Failed to load resource/]);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
});
