import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newContext, watchPage } from '../support/browser.js';
import { type ChildScript, childAnswer, SCRIPTS } from '../support/child.js';
import { expectCleanRun, expectFits, shot } from './driver.js';

/** Waits on page state, generous for a loaded machine. */
const STATE_TIMEOUT = 60_000;

/**
 * The operators' analytics page at /admin: it asks for the admin token, keeps it in the tab's
 * sessionStorage only, and shows the totals and the charts; a wrong token and a server without
 * ADMIN_TOKEN each get a clear message.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = 'admin-page-token-for-tests-0123456789';

/** Builds dist/admin when it is missing or older than its sources (as `npm run build` would). */
function ensureAdminBuilt() {
  const built = join(ROOT, 'dist', 'admin', 'index.html');
  const sources = [
    ...readdirSync(join(ROOT, 'src', 'admin')).map((f) => join(ROOT, 'src', 'admin', f)),
    join(ROOT, 'src', 'contract', 'analytics-report.ts'),
    join(ROOT, 'vite.admin.config.ts'),
  ];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'vite.admin.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

async function converse(base: string, script: ChildScript) {
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
  for (let i = 0; phase !== 'complete' && i < 25; i++) {
    ({ message, phase } = await post('/api/message', {
      session_id: start.session_id,
      message: childAnswer(script, phase, message),
    }));
  }
  expect(phase).toBe('complete');
}

let app: TestApp | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  ensureAdminBuilt();
  [app, browser] = await Promise.all([
    startTestApp({ listen: true, env: { ADMIN_TOKEN: TOKEN } }),
    launchBrowser(),
  ]);
  const [tacos, caterpillar] = [SCRIPTS[0], SCRIPTS[1]];
  if (!tacos || !caterpillar) throw new Error('scripts missing');
  await converse(app.url, tacos);
  await converse(app.url, caterpillar);
  // And one that stopped at the start.
  await fetch(`${app.url}/api/start_session`, { method: 'POST' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

function setup() {
  if (!app || !browser) throw new Error('not started');
  return { url: app.url, browser };
}

async function enterToken(page: Page, token: string) {
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Show figures' }).click();
}

const chartBoxes = (page: Page) =>
  page.$$eval('canvas', (cs) => cs.map((c) => ({ id: c.id, w: c.width, h: c.height, label: c.ariaLabel })));

describe('the admin page', () => {
  it('asks for the token, refuses a wrong one, then shows the totals and the charts', async () => {
    const { url, browser } = setup();
    const context = await newContext(browser, { width: 1366, height: 900 });
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      const res = await page.goto(`${url}/admin`);
      // /admin redirects to /admin/, whose page carries a strict CSP (no inline script allowed).
      expect(page.url()).toBe(`${url}/admin/`);
      const csp = res?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await page.locator('script:not([src])').count()).toBe(0);

      const field = page.getByLabel('Admin token');
      await expect.poll(() => field.isVisible()).toBe(true);
      expect(await field.getAttribute('type')).toBe('password');
      expect(await page.locator('#report').isVisible()).toBe(false);

      await enterToken(page, 'not-the-right-token-at-all');
      const status = page.locator('#status');
      await expect.poll(() => status.textContent(), { timeout: STATE_TIMEOUT }).toMatch(/not right \(401\)/);
      expect(await page.locator('#report').isVisible()).toBe(false);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      await enterToken(page, TOKEN);
      await page.locator('#report').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      await expect.poll(() => page.locator('#total-sessions').textContent()).toBe('3');
      expect(await page.locator('#total-games').textContent()).toBe('2');
      expect(await page.locator('#model-calls').textContent()).toBe('0');
      expect(await page.locator('#median-messages').textContent()).toMatch(/^\d+(\.\d)?$/);
      expect(await page.getByLabel('Admin token').isVisible()).toBe(false);

      const canvases = await chartBoxes(page);
      expect(canvases.map((c) => c.id).sort()).toEqual([
        'chart-books',
        'chart-days',
        'chart-phases',
        'chart-types',
      ]);
      for (const c of canvases) {
        expect(c.w, c.id).toBeGreaterThan(200);
        expect(c.h, c.id).toBeGreaterThan(100);
      }
      const phases = canvases.find((c) => c.id === 'chart-phases')?.label ?? '';
      expect(phases).toContain('identifying: 3');
      expect(phases).toContain('complete: 2');
      expect(canvases.find((c) => c.id === 'chart-books')?.label).toContain('Dragons Love Tacos: 1');

      // The token is in this tab's sessionStorage only: a reload shows the figures without asking.
      expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TOKEN]);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect((await context.cookies()).length).toBe(0);
      await expectFits(page, 'admin page');
      await shot(page, 'admin-analytics');

      await page.reload();
      await page.locator('#report').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      await expect.poll(() => page.locator('#total-games').textContent()).toBe('2');

      await page.getByRole('button', { name: 'Forget token' }).click();
      await page.getByLabel('Admin token').waitFor({ state: 'visible' });
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(await page.locator('#report').isVisible()).toBe(false);

      // The wrong token's 401 is the only console error: the browser logs the failed fetch.
      expectCleanRun(problems, url, [/401/]);
    } finally {
      await context.close();
    }
  });

  it('says so when analytics is turned off (no ADMIN_TOKEN)', async () => {
    const { browser } = setup();
    const off = await startTestApp({ listen: true });
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${off.url}/admin/`);
      await enterToken(page, TOKEN);
      await expect
        .poll(() => page.locator('#status').textContent(), { timeout: STATE_TIMEOUT })
        .toMatch(/turned off.*ADMIN_TOKEN/);
      expect(await page.locator('#report').isVisible()).toBe(false);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    } finally {
      await context.close();
      await off.close();
    }
  });
});
