import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { failInFastProject } from './fast-project.js';

/** Debian's Chromium, never a downloaded build. `make test` installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Phaser renders with WebGL when it can; SwiftShader gives headless Chromium a software GPU.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchBrowser(): Promise<Browser> {
  failInFastProject('Chromium');
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`make test\` (it installs Debian's chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface PageProblems {
  pageErrors: string[];
  consoleErrors: string[];
  consoleWarnings: string[];
  /** Every URL the page asked for, to prove nothing leaves our origin. */
  requests: string[];
}

/** Records page errors, console errors/warnings and requests, for assertions after the fact. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], consoleWarnings: [], requests: [] };
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
    if (m.type() === 'warning') problems.consoleWarnings.push(m.text());
  });
  page.on('request', (r) => problems.requests.push(r.url()));
  return problems;
}

export async function newContext(
  browser: Browser,
  opts: { mobile?: boolean; width?: number; height?: number } = {},
): Promise<BrowserContext> {
  if (opts.mobile) {
    return browser.newContext({
      viewport: { width: opts.width ?? 390, height: opts.height ?? 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
  }
  return browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 } });
}
