import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_WORDS, type ProgressStage } from '../../src/contract/events.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newContext, watchPage } from '../support/browser.js';
import { gatedBrain } from '../support/gated-brain.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { servicesAvailable } from '../support/services.js';
import { parseSse } from '../support/sse.js';
import {
  CONVERSATION_TIMEOUT,
  converse,
  expectCleanRun,
  expectPlayingGame,
  holdGamePage,
  STARTUP_TIMEOUT,
  STATE_TIMEOUT,
  shot,
  speechFakes,
} from './driver.js';

/**
 * The build as the page shows it: the checklist follows the generation job's real `progress`
 * events (one line per event, in its order, ticked only once the job moved on), the game's page
 * loads behind it as soon as the game exists, and the game is shown once that page has loaded.
 *
 * The Code Generator here is the offline one behind a gate the test opens, so the page is looked
 * at while the job is really in its "building" step, not at a moment guessed by a timer.
 */

const ORDER: ProgressStage[] = ['queued', 'building', 'checking', 'ready'];

interface Seen {
  /** Checklist lines in the order they appeared, with the other lines' states at that moment. */
  added: Array<{ step: string; state: string; words: string; before: string[] }>;
  /** What happened to the stage, in order: a line, the game's frame, the checklist hidden, the game's state. */
  log: string[];
}

/**
 * Runs in the page: records the checklist and the game panel as they change, every change in its
 * order. Changes made in one task reach the observer together, so each record's value is rebuilt
 * from the next record's old value (or, for the last one, the value now).
 */
function watchBuild(): void {
  const w = window as unknown as { __seen: Seen };
  w.__seen = { added: [], log: [] };
  const stateOf = (cls: string) => (/\bis-done\b/.test(cls) ? 'done' : 'doing');
  /** The checklist's lines and their classes, as of the record being replayed. */
  const lines = new Map<Element, string>();
  new MutationObserver((records) => {
    // Backwards: each attribute's value after each record, and each line's class when it was added.
    const after = new Map<MutationRecord, string | null>();
    const classAtAdd = new Map<Node, string>();
    const later = new Map<Node, Map<string, string | null>>();
    const laterOf = (n: Node) =>
      later.get(n) ?? (later.set(n, new Map()).get(n) as Map<string, string | null>);
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i] as MutationRecord;
      if (r.type === 'attributes' && r.attributeName) {
        const seenLater = laterOf(r.target);
        after.set(
          r,
          seenLater.has(r.attributeName)
            ? (seenLater.get(r.attributeName) ?? null)
            : (r.target as Element).getAttribute(r.attributeName),
        );
        seenLater.set(r.attributeName, r.oldValue);
      } else {
        for (const n of r.addedNodes) {
          const seenLater = laterOf(n);
          classAtAdd.set(
            n,
            seenLater.has('class') ? (seenLater.get('class') ?? '') : ((n as Element).className ?? ''),
          );
        }
      }
    }
    // Forwards: the story as it happened.
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of r.removedNodes) lines.delete(n as Element);
        for (const n of r.addedNodes) {
          if (!(n instanceof HTMLElement)) continue;
          if (n.matches('#progress li[data-step]')) {
            const before = [...lines.entries()].map(
              ([li, cls]) => `${(li as HTMLElement).dataset.step}:${stateOf(cls)}`,
            );
            const cls = classAtAdd.get(n) ?? '';
            lines.set(n, cls);
            w.__seen.added.push({
              step: n.dataset.step ?? '',
              state: stateOf(cls),
              words: n.textContent ?? '',
              before,
            });
            w.__seen.log.push(`step:${n.dataset.step}`);
          }
          if (n.matches('#game iframe')) w.__seen.log.push('frame');
        }
      } else if (r.attributeName === 'class' && lines.has(r.target as Element)) {
        lines.set(r.target as Element, after.get(r) ?? '');
      } else if (r.attributeName === 'data-state' && (r.target as Element).id === 'game') {
        w.__seen.log.push(`game:${after.get(r)}`);
      } else if (r.attributeName === 'hidden' && (r.target as Element).id === 'progress') {
        w.__seen.log.push(after.get(r) === null ? 'checklist:shown' : 'checklist:hidden');
      }
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeOldValue: true,
    attributeFilter: ['class', 'data-state', 'hidden'],
  });
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);

/**
 * Runs in the page: keeps a copy of every answer of `/api/message/stream` as it arrives (a second
 * branch of the same body), so the test sees exactly the events the page read.
 */
function recordStreams(): void {
  const w = window as unknown as { __streams: string[] };
  w.__streams = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/api/message/stream') || !res.body) return res;
    const [forPage, forTest] = res.body.tee();
    const at = w.__streams.push('') - 1;
    void (async () => {
      const reader = forTest.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        w.__streams[at] += decoder.decode(value, { stream: true });
      }
    })().catch(() => {});
    return new Response(forPage, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** The progress steps the page's streams carried, in order. */
async function streamedSteps(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => (window as unknown as { __streams: string[] }).__streams);
  return texts
    .flatMap((text) => parseSse(text))
    .filter((e) => e.event === 'progress')
    .map((e) => e.data.step as string);
}

/**
 * The stage's story: the checklist, its last line, then one game frame (made while the checklist
 * still covers the stage), then the checklist goes and the game is shown, in that order.
 */
function expectGameAfterChecklist(log: string[]) {
  const story = log.filter((l) => !l.startsWith('step:') || l === 'step:ready');
  const from = story.indexOf('step:ready');
  expect(from, log.join(' → ')).toBeGreaterThanOrEqual(0);
  expect(
    story.slice(from).filter((l) => l !== 'game:loading'),
    log.join(' → '),
  ).toEqual(['step:ready', 'frame', 'checklist:hidden', 'game:ready']);
}

async function typeAnswer(page: Page, text: string) {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

const queueOk = await servicesAvailable({ redis: true });

describe('the build checklist and the game', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
  }, STARTUP_TIMEOUT);

  describe('with the generation job in process', () => {
    buildSuite('inline', () => browser);
  });

  describe.skipIf(!queueOk)('with the generation job on the Redis queue', () => {
    buildSuite('queue', () => browser);
  });

  describe('without the stream (the plain /api/message)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ listen: true });
    }, STARTUP_TIMEOUT);
    afterAll(async () => {
      await app?.close();
    }, STARTUP_TIMEOUT);

    it(
      'ticks every step at once when the game arrives, and shows the game once its page has loaded',
      async () => {
        const context = await newContext(browser, { width: 1280, height: 800 });
        await context.addInitScript(speechFakes);
        await context.addInitScript(watchBuild);
        const page = await context.newPage();
        const problems = watchPage(page);
        await page.route('**/api/message/stream', (route) =>
          route.fulfill({
            status: 404,
            contentType: 'application/json',
            body: JSON.stringify({ success: false, error: 'not_found', message: 'No route.' }),
          }),
        );
        const gamePage = await holdGamePage(page);
        await page.goto(app.url);

        const whileLoading = gamePage.requested.then(async () => {
          try {
            await page.locator('#progress li[data-step="ready"]').waitFor({ timeout: STATE_TIMEOUT });
            expect(await page.locator('#progress li.is-done').count()).toBe(ORDER.length);
            expect(await page.locator('#game').getAttribute('data-state')).toBe('loading');
          } finally {
            gamePage.release();
          }
        });
        await converse(page, (text) => typeAnswer(page, text));
        await whileLoading;
        await expectPlayingGame(page);

        const { added, log } = await seen(page);
        expect(added.map((a) => a.step)).toEqual(ORDER);
        expectGameAfterChecklist(log);
        expectCleanRun(problems, app.url, [/status of 404/]);
        await context.close();
      },
      CONVERSATION_TIMEOUT,
    );
  });
});

/** One app (its generation jobs in process or on the queue) and a conversation typed to its game. */
function buildSuite(kind: 'inline' | 'queue', browserOf: () => Browser) {
  const gate = gatedBrain();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      listen: true,
      brain: gate.brain,
      ...(kind === 'queue' ? { redisUrl: SHARED_REDIS_URL } : {}),
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await app?.close();
  }, STARTUP_TIMEOUT);

  it(
    'shows each real step once, in order, then the game once its page has loaded behind the checklist',
    async () => {
      if (kind === 'queue') expect(app.shared.jobs.kind).toBe('queue');
      const context = await newContext(browserOf(), { width: 1280, height: 800 });
      await context.addInitScript(speechFakes);
      await context.addInitScript(watchBuild);
      await context.addInitScript(recordStreams);
      const page = await context.newPage();
      const problems = watchPage(page);
      const gamePage = await holdGamePage(page);
      const building = gate.hold();
      await page.goto(app.url);

      // While the job is in its "building" step (the Code Generator is still at work), the
      // checklist shows exactly what was sent so far: nothing is ticked ahead of the job.
      const duringBuild = building.reached.then(async () => {
        try {
          await page
            .locator('#progress li[data-step="building"].is-doing')
            .waitFor({ timeout: STATE_TIMEOUT });
          const lines = await page
            .locator('#progress li')
            .evaluateAll((lis) =>
              lis.map(
                (li) =>
                  `${(li as HTMLElement).dataset.step}:${li.classList.contains('is-done') ? 'done' : 'doing'}`,
              ),
            );
          expect(lines.at(-1)).toBe('building:doing');
          expect(lines.slice(0, -1).every((l) => l.endsWith(':done'))).toBe(true);
          expect(lines.map((l) => l.split(':')[0])).not.toContain('checking');
          expect(await page.locator('#progress').isVisible()).toBe(true);
          expect(await page.evaluate(() => document.body.dataset.phase)).toBe('generating');
          await shot(page, `build-${kind}-1-building`);
        } finally {
          building.open();
        }
      });
      // The game exists and its page is on its way: set on a frame that waits, unseen, behind the
      // checklist, which now shows every step done.
      const whileLoading = gamePage.requested.then(async () => {
        try {
          await page.locator('#progress li[data-step="ready"].is-done').waitFor({ timeout: STATE_TIMEOUT });
          expect(await page.locator('#progress li:not(.is-done)').count()).toBe(0);
          expect(await page.locator('#game').getAttribute('data-state')).toBe('loading');
          expect(await page.locator('#game iframe').getAttribute('src')).toMatch(/^\/api\/games\/[^/]+$/);
          expect(await page.locator('#progress').isVisible()).toBe(true);
          expect(await page.evaluate(() => document.body.classList.contains('is-building'))).toBe(true);
          await shot(page, `build-${kind}-2-loading-behind`);
        } finally {
          gamePage.release();
        }
      });

      await converse(page, (text) => typeAnswer(page, text));
      await Promise.all([duringBuild, whileLoading]);
      await expectPlayingGame(page);
      expect(await page.locator('#progress').isVisible()).toBe(false);

      const steps = await streamedSteps(page);
      const { added, log } = await seen(page);
      // One line per progress event the streams carried, in their order, none twice.
      expect(added.map((a) => a.step)).toEqual(steps);
      expect(new Set(steps).size).toBe(steps.length);
      // In process or on the queue, the same four steps.
      expect(steps).toEqual(ORDER);
      // In the contract's words. A line arrives as "working" ("ready" as done) and the lines before
      // it are ticked when it arrives, not before.
      for (const [i, a] of added.entries()) {
        expect(a.words).toContain(PROGRESS_WORDS[a.step as ProgressStage]);
        expect(a.state).toBe(a.step === 'ready' ? 'done' : 'doing');
        expect(a.before).toEqual(added.slice(0, i).map((b) => `${b.step}:done`));
      }
      expectGameAfterChecklist(log);

      expectCleanRun(problems, app.url);
      await context.close();
    },
    CONVERSATION_TIMEOUT,
  );
}
