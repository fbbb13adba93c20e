import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, type PageProblems } from '../support/browser.js';
import { childAnswer, TACOS } from '../support/child.js';
import { deferred } from '../support/deferred.js';

export { TACOS };

/** Shared steps of the page's browser tests: fakes for the speech APIs, and driving a conversation. */

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * How long a test waits for the page to reach a state. Tests wait on states, never on time: this
 * is only the point where a wait gives up, and it is generous, because a busy machine (two cores
 * shared with other suites) makes every step several times slower than on a quiet one.
 */
export const STATE_TIMEOUT = 60_000;
/** A whole conversation, on a busy machine. */
export const CONVERSATION_TIMEOUT = 240_000;
/** Starting (or closing) an app over PGlite and a Chromium, on a busy machine. */
export const STARTUP_TIMEOUT = 180_000;

/** A phrase the fake microphone will hear; `holdMs` keeps it "listening" before the final words. */
export interface Heard {
  text: string;
  holdMs?: number;
}

interface FakeWindow {
  __spoken: string[];
  __heard: Heard[];
  __listens: number;
  SpeechRecognition: unknown;
  webkitSpeechRecognition: unknown;
}

/**
 * Runs in the page before its scripts: speechSynthesis.speak is spied (texts recorded, `end`
 * fired soon so the flow continues) and SpeechRecognition "hears" the phrases queued in __heard:
 * interim words, then the final words, then `end`, as Chrome does. `navigator.userActivation`
 * follows real input only (see below).
 */
export function speechFakes(): void {
  // Playwright runs its evaluations and waits as if they were user gestures, which gives the page
  // sticky activation without any tap; then whether the greeting waits for the first tap would
  // depend on when the test first looked at the page. Activation here comes from real input only.
  let activated = false;
  for (const ev of ['pointerdown', 'mousedown', 'touchend', 'keydown'] as const) {
    window.addEventListener(
      ev,
      (e) => {
        if (e.isTrusted) activated = true;
      },
      { capture: true },
    );
  }
  Object.defineProperty(navigator, 'userActivation', {
    configurable: true,
    get: () => ({ hasBeenActive: activated, isActive: activated }),
  });

  const w = window as unknown as FakeWindow;
  w.__spoken = [];
  w.__heard = [];
  w.__listens = 0;
  const synth = window.speechSynthesis;
  synth.speak = (u: SpeechSynthesisUtterance) => {
    if (u.text.trim() === '') return;
    w.__spoken.push(u.text);
    setTimeout(() => u.dispatchEvent(new Event('start')), 5);
    setTimeout(() => u.dispatchEvent(new Event('end')), 40);
  };
  synth.cancel = () => {};

  type Handler = ((e: Event) => void) | null;
  class FakeRecognition extends EventTarget {
    lang = '';
    continuous = false;
    interimResults = false;
    maxAlternatives = 1;
    onresult: Handler = null;
    onerror: Handler = null;
    onend: Handler = null;
    private ended = false;

    start() {
      w.__listens += 1;
      const phrase = w.__heard.shift();
      if (!phrase) {
        setTimeout(() => {
          this.onerror?.(Object.assign(new Event('error'), { error: 'no-speech' }));
          this.finish();
        }, 80);
        return;
      }
      const words = phrase.text.split(' ');
      const hold = phrase.holdMs ?? 0;
      setTimeout(() => this.emit(words.slice(0, Math.ceil(words.length / 2)).join(' '), false), 80);
      setTimeout(() => this.emit(phrase.text, true), 200 + hold);
      setTimeout(() => this.finish(), 300 + hold);
    }

    private emit(transcript: string, isFinal: boolean) {
      if (this.ended) return;
      const result = Object.assign([{ transcript, confidence: 0.9 }], { isFinal });
      this.onresult?.(Object.assign(new Event('result'), { resultIndex: 0, results: [result] }));
    }

    private finish() {
      if (this.ended) return;
      this.ended = true;
      this.onend?.(new Event('end'));
    }

    stop() {
      setTimeout(() => this.finish(), 0);
    }

    abort() {
      if (this.ended) return;
      this.onerror?.(Object.assign(new Event('error'), { error: 'aborted' }));
      this.finish();
    }
  }
  w.SpeechRecognition = FakeRecognition;
  w.webkitSpeechRecognition = FakeRecognition;
}

export const spoken = (page: Page) => page.evaluate(() => (window as unknown as FakeWindow).__spoken.slice());
export const hear = (page: Page, phrase: Heard) =>
  page.evaluate((p) => (window as unknown as FakeWindow).__heard.push(p), phrase);

/** Both ways the page sends a message: the stream it uses, and the JSON endpoint it falls back to. */
export const MESSAGE_ROUTES = /\/api\/message(?:\/stream)?$/;

export const phaseOf = (page: Page) => page.evaluate(() => document.body.dataset.phase ?? '');
/** The big Talk button ("Talk", or "Talk: listening now…"), not the folded chat's "Talk to the helpers". */
export const talkButton = (page: Page) => page.getByRole('button', { name: /^talk(?! to)/i });

/** The last agent bubble's words, for the scripted child to answer. */
export async function lastAgentText(page: Page): Promise<string> {
  return (await page.locator('.bubble-agent:not(.bubble-thinking) .bubble-text').last().textContent()) ?? '';
}

/** Letters and digits only: formatting and emoji differ between the bubble and the spoken words. */
export const bare = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Waits until the page is ready for the child again: started (the page's script has run and the
 * conversation begun; until then the HTML's Talk button is enabled but nothing listens), no reply
 * pending, no build running.
 */
export async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.body.classList.contains('is-ready') &&
      !(document.querySelector('#talk') as HTMLButtonElement).disabled &&
      !document.body.classList.contains('is-building') &&
      document.querySelector('.bubble-thinking') === null,
    undefined,
    { timeout: STATE_TIMEOUT },
  );
}

/**
 * Plays the conversation until the game is there, answering what the agents ask. `say` sends one
 * answer (by voice or by typing); `onTurn` sees the page after each reply (for screenshots).
 */
export async function converse(
  page: Page,
  say: (text: string, turn: number) => Promise<void>,
  onTurn: (turn: number) => Promise<void> = async () => {},
): Promise<number> {
  let turn = 0;
  while ((await phaseOf(page)) !== 'complete') {
    expect(turn, 'the game should be reached within 20 messages').toBeLessThan(20);
    const answer = childAnswer(TACOS, await phaseOf(page), await lastAgentText(page));
    const before = await page.locator('.bubble-child').count();
    const replies = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
    await say(answer, turn);
    await expect
      .poll(() => page.locator('.bubble-child').count(), { timeout: STATE_TIMEOUT })
      .toBe(before + 1);
    // The reply is in (a build, if any, starts in the same task).
    await expect
      .poll(() => page.locator('.bubble-agent:not(.bubble-thinking)').count(), { timeout: STATE_TIMEOUT })
      .toBeGreaterThan(replies);
    await onTurn(turn);
    await waitIdle(page);
    turn += 1;
  }
  return turn;
}

/**
 * A finished conversation made straight through the API (fast), for tests that only need a page
 * with a game: the page picks it up from sessionStorage on reload, as after a refresh.
 */
export async function finishedSession(base: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { session_id: string; message: string; phase: string };
  };
  const start = await post('/api/start_session', {});
  let { message, phase } = start;
  for (let i = 0; phase !== 'complete' && i < 20; i++) {
    ({ message, phase } = await post('/api/message', {
      session_id: start.session_id,
      message: childAnswer(TACOS, phase, message),
    }));
  }
  expect(phase).toBe('complete');
  return start.session_id;
}

export async function openSession(page: Page, sessionId: string): Promise<void> {
  await page.evaluate((id) => {
    const lines = [
      { who: 'code_generator', text: 'Your game is ready! Tap the game to start, and have fun.' },
    ];
    sessionStorage.setItem('gamemaker.session', JSON.stringify({ sessionId: id, lines }));
  }, sessionId);
  await page.reload();
}

/** The game is shown: its page has loaded behind the checklist and the panel was revealed. */
export async function gameShown(page: Page): Promise<void> {
  await page.locator('#game[data-state="ready"] iframe:not(.is-loading)').waitFor({ timeout: STATE_TIMEOUT });
}

/** The game is in the page, and inside the sandboxed frame the runtime's test seam answers. */
export async function expectPlayingGame(page: Page): Promise<Frame> {
  await gameShown(page);
  const iframe = page.locator('#game iframe:not(.is-loading)');
  await iframe.waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts');
  const box = await iframe.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(280);
  expect(box?.height ?? 0).toBeGreaterThan(200);
  const handle = await iframe.elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the game frame has no content');
  await frame.waitForFunction(
    () => typeof (window as unknown as { render_game_to_text?: unknown }).render_game_to_text === 'function',
    undefined,
    { timeout: STATE_TIMEOUT },
  );
  const state = await frame.evaluate(() =>
    (window as unknown as { render_game_to_text: () => string }).render_game_to_text(),
  );
  expect(() => JSON.parse(state)).not.toThrow();
  return frame;
}

/** Nothing sticks out sideways (the layout viewport, not the zoomed-out visual one on a phone). */
export async function expectFits(page: Page, label = ''): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow ${label}`).toBeLessThanOrEqual(0);
}

/**
 * A picture of what is on screen, for people reading a run. Taken with CDP's plain capture, not
 * `page.screenshot`: Playwright captures with a clip, for which Chromium briefly changes the page's
 * emulated viewport, and on the emulated phone the game frame's touch target then stayed where it
 * was during the capture: the next tap on a button under it went into the game instead.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}.png`), Buffer.from(data, 'base64'));
  } finally {
    await cdp.detach();
  }
}

/** Nothing left the app's origin, and the page logged no errors. */
export function expectCleanRun(problems: PageProblems, origin: string, allowConsole: RegExp[] = []): void {
  const foreign = problems.requests.filter(
    (u) => !u.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(u),
  );
  expect(foreign, 'requests outside the app origin').toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors.filter((m) => !allowConsole.some((re) => re.test(m)))).toEqual([]);
}

/** A real app on a random port and one Chromium, shared by the tests of one file. */
export function appAndBrowser(): { readonly url: string; readonly browser: Browser } {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ listen: true }), launchBrowser()]);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, STARTUP_TIMEOUT);
  return {
    get url() {
      if (!app) throw new Error('the app is not started yet (use it inside a test)');
      return app.url;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)');
      return browser;
    },
  };
}

/**
 * Stops the page's clock (installed with `context.clock.install()` before the page loaded), so
 * that what happens on timers (the microphone's words, the send countdown) goes only as far as a
 * test moves it with `page.clock.runFor`, however slow the machine is. `page.clock.resume()` lets
 * time flow again.
 */
export async function pauseClock(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const now = await page.evaluate(() => Date.now());
    try {
      // A little ahead of the page's time, which keeps moving until the pause lands.
      await page.clock.pauseAt(now + 1_000);
      return;
    } catch (e) {
      if (attempt >= 5 || !/past/i.test(String(e))) throw e;
    }
  }
}

export interface HeldGamePage {
  /** Resolves when the page asked for the game's page (the build's checklist is on screen). */
  readonly requested: Promise<void>;
  /** Lets the game's page through. */
  release(): void;
}

/**
 * Holds the first game page the page asks for until `release`: the checklist stays on screen for
 * as long as a test needs it (a screenshot of the build), however fast the build was.
 */
export async function holdGamePage(page: Page): Promise<HeldGamePage> {
  const asked = deferred();
  const released = deferred();
  let held = false;
  const GAME_PAGE = /\/api\/games\/[^/]+$/;
  await page.route(GAME_PAGE, async (route) => {
    if (held) return route.continue();
    held = true;
    asked.resolve();
    await released.promise;
    await route.continue();
  });
  return { requested: asked.promise, release: released.resolve };
}
