/**
 * `npm run screenshots`: the README's pictures, taken from the real product.
 *
 * Starts the app (the same composition root as main.ts) on a free loopback port over a fresh
 * temporary DATA_DIR, with the offline brain (no model key is read from the environment) and a
 * random ADMIN_TOKEN; drives Debian's Chromium (playwright-core, never a downloaded browser) through
 * a whole conversation typed on an iPad held sideways, and writes compressed PNGs to docs/images/.
 *
 * Deterministic: fixed messages (the offline brain answers them the same way every time), games
 * replayed from a fixed seed with time stepped through the runtime's test seam, and every picture
 * taken once the page reached a state (a reply, a checklist line, a game status), never after a
 * guessed sleep. So the pictures change only when the product does.
 *
 *   npm run screenshots                       every picture, into docs/images/
 *   npm run screenshots -- --fast             one picture (a title screen) into a temporary folder
 *   npm run screenshots -- --fast --out DIR   the same, into DIR
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { Brain } from '../src/agents/brain.js';
import type { AgentName } from '../src/agents/state.js';
import { bootstrap } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { PERSONAS } from '../src/contract/personas.js';
import { catalogueEntry } from '../src/games/catalogue.js';
import { silentLog } from '../src/observability/log.js';
import { buildApp } from '../src/server/app.js';
import { launchBrowser } from '../tests/support/browser.js';
import { type ChildScript, childAnswer, SCRIPTS, TACOS } from '../tests/support/child.js';
import { gatedBrain } from '../tests/support/gated-brain.js';
import { ensureRuntimeBuilt } from '../tests/support/runtime-build.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const IMAGES_DIR = join(ROOT, 'docs', 'images');
/** Every picture must stay under this (README weight; they are committed). */
export const MAX_BYTES = 200 * 1024;
/** The one picture `--fast` takes (800×600). */
export const FAST_SHOT = 'title-runner.png';
/** The fixed seed every game in the pictures is played from. */
const SEED = 424242;
/** A wait on a page state gives up after this: generous, because a loaded machine is slow. */
const STATE_TIMEOUT = 90_000;

const IPAD_SIDEWAYS = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Two more of the tests' children, made through the API: a runner and a maze, for title and level-up cards. */
function scriptOf(book: RegExp): ChildScript {
  const script = SCRIPTS.find((s) => book.test(s.book));
  if (!script) throw new Error(`no scripted child for ${book}`);
  return script;
}
const WILD_THINGS = scriptOf(/wild things/i);
const CATERPILLAR = scriptOf(/caterpil/i);

// ---------------------------------------------------------------------------------------------
// Building what the app serves

/** The newest modification time under the given files and folders. */
function newest(paths: string[]): number {
  let t = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else t = Math.max(t, st.mtimeMs);
  };
  for (const p of paths) if (existsSync(join(ROOT, p))) walk(join(ROOT, p));
  return t;
}

/**
 * Builds a page's bundle with Vite when it is missing or older than its sources (as `npm run build`).
 * The game runtime goes through the browser tests' own helper, whose lock keeps a test run that
 * builds it at the same moment from seeing a half-written file.
 */
async function ensureBuilt(what: 'runtime' | 'web' | 'admin'): Promise<void> {
  if (what === 'runtime') {
    await ensureRuntimeBuilt();
    return;
  }
  const out = {
    web: 'dist/web/index.html',
    admin: 'dist/admin/index.html',
  }[what];
  const sources = {
    web: ['src/web', 'src/contract', 'vite.web.config.ts'],
    admin: ['src/admin', 'src/contract', 'vite.admin.config.ts'],
  }[what];
  const built = join(ROOT, out);
  if (existsSync(built) && statSync(built).mtimeMs >= newest(sources)) return;
  console.log(`building ${what} (vite)…`);
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      `vite.${what}.config.ts`,
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

// ---------------------------------------------------------------------------------------------
// The app

interface RunningApp {
  url: string;
  adminToken: string;
  close(): Promise<void>;
}

async function startApp(brain?: Brain): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gamemaker-screenshots-'));
  const adminToken = randomBytes(24).toString('hex');
  // An explicit environment, not process.env: no model key, no DATABASE_URL, no REDIS_URL.
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: adminToken,
  });
  const shared = await bootstrap(config, { log: silentLog, ...(brain ? { brain } : {}) });
  const app = await buildApp(shared, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('the app has no address');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    adminToken,
    async close() {
      await app.close();
      await shared.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Reply {
  session_id: string;
  message: string;
  phase: string;
  game_data?: { url?: string; game_type?: string } | null;
}

async function post<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A whole conversation through the API (fast): its session and its game's page. */
async function conversation(
  base: string,
  child: ChildScript,
): Promise<{ sessionId: string; gameUrl: string }> {
  const start = await post<Reply>(base, '/api/start_session', {});
  let reply: Reply = start;
  for (let i = 0; reply.phase !== 'complete'; i++) {
    if (i >= 25) throw new Error(`"${child.book}" did not reach a game in 25 messages`);
    reply = await post<Reply>(base, '/api/message', {
      session_id: start.session_id,
      message: childAnswer(child, reply.phase, reply.message),
    });
  }
  const gameUrl = reply.game_data?.url;
  if (!gameUrl) throw new Error(`"${child.book}" finished without a game`);
  return { sessionId: start.session_id, gameUrl };
}

// ---------------------------------------------------------------------------------------------
// The browser

/**
 * Runs in the page before its scripts: speech is spied (nothing is said aloud, `end` fires soon so
 * the page's flow goes on) and the microphone exists but hears nothing, as on a tablet where the
 * child types instead. The Talk button is then shown as a child's browser shows it.
 */
function speechFakes(): void {
  const synth = window.speechSynthesis;
  synth.speak = (u: SpeechSynthesisUtterance) => {
    setTimeout(() => u.dispatchEvent(new Event('start')), 5);
    setTimeout(() => u.dispatchEvent(new Event('end')), 40);
  };
  synth.cancel = () => {};
  class QuietRecognition extends EventTarget {
    lang = '';
    continuous = false;
    interimResults = false;
    maxAlternatives = 1;
    onresult: ((e: Event) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    onend: ((e: Event) => void) | null = null;
    start() {
      setTimeout(() => {
        this.onerror?.(Object.assign(new Event('error'), { error: 'no-speech' }));
        this.onend?.(new Event('end'));
      }, 50);
    }
    stop() {}
    abort() {}
  }
  const w = window as unknown as Record<string, unknown>;
  w.SpeechRecognition = QuietRecognition;
  w.webkitSpeechRecognition = QuietRecognition;
}

/** A touch device held as given, one CSS pixel to one image pixel (small files). */
function device(browser: Browser, size: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({
    viewport: size,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
}

interface Written {
  name: string;
  bytes: number;
  width: number;
  height: number;
}

/** Takes the picture, checks it is small and not blank, and writes it. */
async function shoot(page: Page, outDir: string, name: string, written: Written[]): Promise<void> {
  // No focus ring or hover left on the button the last tap pressed.
  await page.mouse.move(1, 1);
  await page.evaluate(() => {
    const el = document.activeElement;
    if (el instanceof HTMLButtonElement || el instanceof HTMLTextAreaElement) el.blur();
  });
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colours = await distinctColours(page, png);
  if (colours < 8) throw new Error(`${name} looks blank (${colours} colours)`);
  if (png.length > MAX_BYTES) {
    throw new Error(`${name} is ${(png.length / 1024).toFixed(0)} KB, over ${MAX_BYTES / 1024} KB`);
  }
  writeFileSync(join(outDir, name), png);
  written.push({ name, bytes: png.length, width, height });
  console.log(`  ${name.padEnd(26)} ${width}×${height}  ${(png.length / 1024).toFixed(0)} KB`);
}

/** How many different colours a sample of the picture has: a black or empty frame has one or two. */
async function distinctColours(page: Page, png: Buffer): Promise<number> {
  const probe = await page.context().newPage();
  try {
    return await probe.evaluate(
      async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = 200;
        canvas.height = 200;
        const ctx = canvas.getContext('2d');
        if (!ctx) return 0;
        ctx.drawImage(img, 0, 0, 200, 200);
        const data = ctx.getImageData(0, 0, 200, 200).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4) {
          seen.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
        }
        return seen.size;
      },
      `data:image/png;base64,${png.toString('base64')}`,
    );
  } finally {
    await probe.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The child's page

const phaseOf = (page: Page) => page.evaluate(() => document.body.dataset.phase ?? '');
const lastAgentText = async (page: Page) =>
  (await page.locator('.bubble-agent:not(.bubble-thinking) .bubble-text').last().textContent()) ?? '';

/** The page is ready for the child again: started, no reply pending, no build running. */
async function waitIdle(page: Page): Promise<void> {
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

/** Waits until `count()` reaches at least `atLeast`. */
async function until(count: () => Promise<number>, atLeast: number, what: string): Promise<void> {
  const deadline = Date.now() + STATE_TIMEOUT;
  while ((await count()) < atLeast) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types one message and sends it with a tap, then waits for the helpers' reply to be in the log. */
async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('.bubble-child').count();
  const replies = await page.locator('.bubble-agent:not(.bubble-thinking)').count();
  await page.locator('#text').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).tap();
  await until(() => page.locator('.bubble-child').count(), before + 1, 'the child’s bubble');
  await until(() => page.locator('.bubble-agent:not(.bubble-thinking)').count(), replies + 1, 'the reply');
}

/** Tap-to-answer chips, if the page has them (they are optional for the pictures). */
const CHIPS = '.chips button, .chip, [data-chip], .answer-chips button, .quick-replies button';
const visibleChips = (page: Page) =>
  page
    .locator(CHIPS)
    .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);

/** The game's frame once the page shows it and the runtime inside answers. */
async function playingFrame(page: Page): Promise<Frame> {
  const iframe = page.locator('#game[data-state="ready"] iframe:not(.is-loading)');
  await iframe.waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error('the game frame has no content');
  await frame.waitForFunction(
    () => typeof window.render_game_to_text === 'function' && typeof window.__FIRST_FRAME__ === 'number',
    undefined,
    { timeout: STATE_TIMEOUT },
  );
  return frame;
}

interface GameState {
  status: string;
  level: number;
  seed: number;
  screen: { kind: string };
}
const gameState = async (target: Page | Frame) =>
  JSON.parse(await target.evaluate(() => (window.render_game_to_text as () => string)())) as GameState;

/**
 * Draws the moment the seam stepped to, the same on every run: the title and level-up cards'
 * looping tweens (a bob, a pulse) go back to their start, and the frame is drawn at a fixed clock
 * (sprites bob with the scene's time), instead of wherever real time had taken them.
 */
async function drawSettled(target: Page | Frame): Promise<void> {
  await target.evaluate(() => {
    interface Tween {
      seek(ms: number): void;
    }
    interface Scene {
      tweens?: { getTweens(): Tween[] };
    }
    const game = window.__GAME__ as unknown as { scene: { getScenes(active: boolean): Scene[] } } | undefined;
    for (const scene of game?.scene.getScenes(false) ?? []) {
      for (const t of scene.tweens?.getTweens() ?? []) t.seek(0);
    }
    const realNow = performance.now.bind(performance);
    performance.now = () => 100_000;
    try {
      window.__TEST__?.render();
    } finally {
      performance.now = realNow;
    }
  });
}

/** Replays the game from the fixed seed, starts it and steps `ms` of game time through the seam. */
async function playFromSeed(target: Page | Frame, ms: number): Promise<GameState> {
  await target.evaluate(
    ({ seed, ms }) => {
      // From the first call on, only the seam moves time (the frame loop sleeps).
      window.advanceTime?.(0);
      window.__TEST__?.restart({ seed });
      // (No named function in here: tsx would wrap it in a helper the page does not have.)
      const now = JSON.parse((window.render_game_to_text as () => string)()) as { status: string };
      if (now.status === 'title') window.__TEST__?.start();
      for (let t = 0; t < ms; t += 100) window.advanceTime?.(100);
    },
    { seed: SEED, ms },
  );
  await drawSettled(target);
  const s = await gameState(target);
  if (s.status !== 'playing') throw new Error(`the game should be playing, it is ${s.status}`);
  if (s.seed !== SEED) throw new Error(`the game should play seed ${SEED}, it plays ${s.seed}`);
  return s;
}

/** The whole conversation on an iPad held sideways, typed; pictures along the way. */
async function ipadConversation(
  browser: Browser,
  base: string,
  gate: ReturnType<typeof gatedBrain>,
  out: string,
  written: Written[],
  notes: string[],
): Promise<void> {
  const context = await device(browser, IPAD_SIDEWAYS);
  await context.addInitScript(speechFakes);
  const page = await context.newPage();
  try {
    await ipadSteps(page, base, gate, out, written, notes);
  } catch (e) {
    // What the page showed when it went wrong, to see why.
    const failed = join(tmpdir(), 'screenshots-failure.png');
    await page.screenshot({ path: failed }).catch(() => {});
    console.error(
      `the iPad run stopped in phase "${await phaseOf(page).catch(() => '?')}"; the page: ${failed}`,
    );
    throw e;
  } finally {
    await context.close();
  }
}

async function ipadSteps(
  page: Page,
  base: string,
  gate: ReturnType<typeof gatedBrain>,
  out: string,
  written: Written[],
  notes: string[],
): Promise<void> {
  await page.goto(base);
  await waitIdle(page);

  let talked = false;
  let designed = false;
  let chips = false;
  let openBuild: (() => void) | null = gate.hold().open;
  for (let turn = 0; (await phaseOf(page)) !== 'complete'; turn++) {
    if (turn >= 20) throw new Error('the game was not reached within 20 messages');
    const phase = await phaseOf(page);
    const asked = await lastAgentText(page);
    // Mid-conversation: the Story Analyst talks about the book the child named and confirmed.
    if (!talked && phase === 'discussing' && (await page.locator('.bubble-child').count()) >= 3) {
      talked = true;
      await shoot(page, out, 'ipad-conversation.png', written);
    }
    if (!chips && phase === 'designing' && (await visibleChips(page)) > 0) {
      chips = true;
      await shoot(page, out, 'ipad-chips.png', written);
    }
    const answer = childAnswer(TACOS, phase, asked);
    // The design read back as one sentence, waiting for the child's yes.
    if (
      !designed &&
      phase === 'designing' &&
      answer === 'yes' &&
      /build|ready|sound good|right/i.test(asked)
    ) {
      designed = true;
      await shoot(page, out, 'ipad-design.png', written);
    }
    await say(page, answer);
    if ((await phaseOf(page)) === 'generating' && openBuild) {
      // The Code Generator is held: the checklist shows the job in its "building" step.
      await page.locator('#progress li[data-step="building"].is-doing').waitFor({ timeout: STATE_TIMEOUT });
      await page.locator('#progress').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
      await shoot(page, out, 'ipad-build.png', written);
      openBuild();
      openBuild = null;
    }
    await waitIdle(page);
  }
  openBuild?.();
  if (!talked) throw new Error('the conversation never talked about the book');
  if (!designed) throw new Error('the design was never read back');
  if (!chips) notes.push('no tap-to-answer chips on the page yet: ipad-chips.png skipped');

  // The game has the screen (the chat folds into one bar), playing from the fixed seed.
  const frame = await playingFrame(page);
  await page.locator('#chat-open').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  await playFromSeed(frame, 4000);
  await shoot(page, out, 'ipad-game.png', written);
}

/** A finished game on a phone, opened as after a refresh. */
async function phone(browser: Browser, base: string, sessionId: string, out: string, written: Written[]) {
  const context = await device(browser, PHONE);
  await context.addInitScript(speechFakes);
  const page = await context.newPage();
  await page.goto(base);
  await waitIdle(page);
  await page.evaluate((id) => {
    const lines = [
      { who: 'code_generator', text: 'Your game is ready! Tap the game to start, and have fun.' },
    ];
    sessionStorage.setItem('gamemaker.session', JSON.stringify({ sessionId: id, lines }));
  }, sessionId);
  await page.reload();
  const frame = await playingFrame(page);
  await page.locator('#chat-open').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  await playFromSeed(frame, 2500);
  await shoot(page, out, 'phone-game.png', written);
  await context.close();
}

/** A game's own page, the size of its canvas: the title card, then the level-up card after level 1. */
async function titleAndLevelUp(
  browser: Browser,
  gameUrl: string,
  type: string,
  out: string,
  written: Written[],
  opts: { levelUp: boolean },
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${gameUrl}#seed=${SEED}`);
  await page.waitForFunction(
    () => typeof window.render_game_to_text === 'function' && typeof window.__FIRST_FRAME__ === 'number',
    undefined,
    { timeout: STATE_TIMEOUT },
  );
  await page.evaluate(() => window.advanceTime?.(0));
  await drawSettled(page);
  const title = await gameState(page);
  if (title.screen.kind !== 'title')
    throw new Error(`${type}: expected the title card, got ${title.screen.kind}`);
  await shoot(page, out, `title-${type}.png`, written);
  if (opts.levelUp) {
    await page.evaluate(() => {
      window.__TEST__?.start();
      for (let t = 0; t < 1500; t += 100) window.advanceTime?.(100);
      window.__TEST__?.clearLevel();
      window.advanceTime?.(100);
    });
    await drawSettled(page);
    const s = await gameState(page);
    if (s.screen.kind !== 'levelup')
      throw new Error(`${type}: expected the level-up card, got ${s.screen.kind}`);
    await shoot(page, out, `levelup-${type}.png`, written);
  }
  await context.close();
}

// ---------------------------------------------------------------------------------------------
// The agents' graph and the admin page

interface GraphNode {
  id: string;
  layer: number;
}
interface GraphEdge {
  from: string;
  to: string;
  conditional: boolean;
}

/** Nodes and edges of the Mermaid flowchart LangGraph draws (`id(label)` lines, `a --> b` / `a -.-> b`). */
export function parseMermaid(text: string): { nodes: string[]; edges: GraphEdge[] } {
  const nodes: string[] = [];
  const edges: GraphEdge[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/;$/, '');
    const edge = /^([\w]+)\s*(-\.->|-->)\s*([\w]+)$/.exec(line);
    if (edge?.[1] && edge[3]) {
      edges.push({ from: edge[1], to: edge[3], conditional: edge[2] === '-.->' });
      continue;
    }
    const node = /^([\w]+)\s*[([]/.exec(line);
    if (node?.[1] && !/^(graph|classDef|flowchart)$/.test(node[1])) nodes.push(node[1]);
  }
  return { nodes, edges };
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The graph drawn as SVG boxes, top to bottom by longest path from the start; edges that skip a
 * layer bend out to the sides. No Mermaid library: nothing is fetched, nothing is bundled.
 */
export function graphHtml(mermaid: string): string {
  const { nodes, edges } = parseMermaid(mermaid);
  const layer = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (let i = 0; i < nodes.length; i++) {
    for (const e of edges) layer.set(e.to, Math.max(layer.get(e.to) ?? 0, (layer.get(e.from) ?? 0) + 1));
  }
  const placed: GraphNode[] = nodes.map((id) => ({ id, layer: layer.get(id) ?? 0 }));
  const W = 900;
  const boxW = 360;
  const boxH = 64;
  const pillW = 340;
  const gap = 56;
  const top = 96;
  const cx = W / 2;
  const yOf = (l: number) => top + l * (boxH + gap);
  const H = yOf(Math.max(...placed.map((n) => n.layer))) + boxH + 24;
  const persona = (id: string) => PERSONAS[id as AgentName];

  const boxes = placed
    .map((n) => {
      const y = yOf(n.layer);
      const p = persona(n.id);
      if (!p) {
        const label = n.id === '__start__' ? 'a message arrives' : 'the reply goes back';
        return `<g><rect x="${cx - pillW / 2}" y="${y + 8}" width="${pillW}" height="${boxH - 16}" rx="24" class="end"/>
<text x="${cx}" y="${y + boxH / 2 + 5}" class="small">${escapeHtml(n.id)} · ${label}</text></g>`;
      }
      const left = cx - boxW / 2;
      return `<g><rect x="${left}" y="${y}" width="${boxW}" height="${boxH}" rx="14" class="agent" style="stroke:${p.colour}"/>
<text x="${left + 36}" y="${y + 43}" class="emoji">${p.avatar}</text>
<text x="${left + 70}" y="${y + 28}" class="name">${escapeHtml(p.name)} · ${escapeHtml(p.role)}</text>
<text x="${left + 70}" y="${y + 50}" class="id">${escapeHtml(n.id)}</text></g>`;
    })
    .join('\n');

  const lines = edges
    .map((e) => {
      const from = layer.get(e.from) ?? 0;
      const to = layer.get(e.to) ?? 0;
      const a = yOf(from) + boxH - (persona(e.from) ? 0 : 8);
      const b = yOf(to) + (persona(e.to) ? 0 : 8);
      const cls = e.conditional ? 'edge conditional' : 'edge';
      if (to - from <= 1) return `<path d="M${cx} ${a} L${cx} ${b - 4}" class="${cls}"/>`;
      // Skips a layer: out to one side and back in (from the start on the left, to the end on the
      // right), further out for longer skips, so no two edges cross.
      const side = e.from === '__start__' ? -1 : 1;
      const x0 = cx + side * (pillW / 2 - 40);
      const x1 = cx + side * (boxW / 2 - 40);
      const xa = persona(e.from) ? x1 : x0;
      const xb = persona(e.to) ? x1 : x0;
      const bend = cx + side * (boxW / 2 + 20 + (to - from) * 40);
      return `<path d="M${xa} ${a} C${bend} ${a + 50}, ${bend} ${b - 50}, ${xb} ${b - 4}" class="${cls}"/>`;
    })
    .join('\n');

  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#faf9ff;font-family:system-ui,sans-serif}
svg{display:block}
.agent{fill:#f2f0ff;stroke-width:3}
.end{fill:#fff;stroke:#8a80c8;stroke-width:2;stroke-dasharray:0}
.edge{fill:none;stroke:#4a4470;stroke-width:2;marker-end:url(#arrow)}
.conditional{stroke-dasharray:7 6}
.name{font-size:19px;font-weight:700;fill:#2b2545}
.id{font:14px ui-monospace,monospace;fill:#6b6591}
.small{font:14px ui-monospace,monospace;fill:#4a4470;text-anchor:middle}
.emoji{font-size:30px;text-anchor:middle}
.title{font-size:22px;font-weight:700;fill:#2b2545}
.note{font-size:14px;fill:#6b6591}
</style></head><body>
<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#4a4470"/></marker></defs>
<text x="24" y="38" class="title">The agents' graph (LangGraph StateGraph, from GET /api/graph)</text>
<text x="24" y="64" class="note">One message = one run. Dashed: conditional edges, chosen from the typed state (phase, book, design).</text>
${lines}
${boxes}
</svg></body></html>`;
}

async function agentsGraph(browser: Browser, base: string, out: string, written: Written[]): Promise<void> {
  const res = await fetch(`${base}/api/graph`);
  const body = (await res.json()) as { mermaid: string };
  const html = graphHtml(body.mermaid);
  const height = Number(/height="(\d+)"/.exec(html)?.[1] ?? 700);
  const context = await browser.newContext({ viewport: { width: 900, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Nothing may leave the page: the drawing is self-contained.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html);
  await shoot(page, out, 'agents-graph.png', written);
  await context.close();
}

async function adminAnalytics(browser: Browser, app: RunningApp, out: string, written: Written[]) {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 860 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(`${app.url}/admin/`);
  await page.getByLabel('Admin token').fill(app.adminToken);
  await page.getByRole('button', { name: 'Show figures' }).click();
  await page.locator('#report').waitFor({ state: 'visible', timeout: STATE_TIMEOUT });
  // The charts are drawn (without animation) once their canvases have a size.
  await page.waitForFunction(
    () => {
      const cs = [...document.querySelectorAll('canvas')];
      return cs.length >= 4 && cs.every((c) => c.width > 100 && c.height > 50);
    },
    undefined,
    { timeout: STATE_TIMEOUT },
  );
  await shoot(page, out, 'admin-analytics.png', written);
  await context.close();
}

// ---------------------------------------------------------------------------------------------

async function fast(out: string, written: Written[]): Promise<void> {
  await ensureBuilt('runtime');
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    const spec = structuredClone(catalogueEntry('runner').example);
    const made = await post<{ url: string }>(app.url, '/api/games', spec);
    await titleAndLevelUp(browser, `${app.url}${made.url}`, 'runner', out, written, { levelUp: false });
  } finally {
    await browser.close();
    await app.close();
  }
}

async function full(out: string, written: Written[], notes: string[]): Promise<void> {
  for (const what of ['runtime', 'web', 'admin'] as const) await ensureBuilt(what);
  const gate = gatedBrain();
  const [app, browser] = await Promise.all([startApp(gate.brain), launchBrowser()]);
  try {
    await ipadConversation(browser, app.url, gate, out, written, notes);
    const runner = await conversation(app.url, WILD_THINGS);
    const maze = await conversation(app.url, CATERPILLAR);
    await phone(browser, app.url, runner.sessionId, out, written);
    await titleAndLevelUp(browser, `${app.url}${runner.gameUrl}`, 'runner', out, written, { levelUp: true });
    await titleAndLevelUp(browser, `${app.url}${maze.gameUrl}`, 'maze', out, written, { levelUp: true });
    await agentsGraph(browser, app.url, out, written);
    await adminAnalytics(browser, app, out, written);
  } finally {
    await browser.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const isFast = argv.includes('--fast');
  const outAt = argv.indexOf('--out');
  const out =
    outAt >= 0 && argv[outAt + 1]
      ? resolve(argv[outAt + 1] as string)
      : isFast
        ? mkdtempSync(join(tmpdir(), 'gamemaker-shot-'))
        : IMAGES_DIR;
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const written: Written[] = [];
  const notes: string[] = [];
  console.log(
    `screenshots (${isFast ? 'fast: one picture' : 'full'}) → ${relative(process.cwd(), out) || out}`,
  );
  if (isFast) await fast(out, written);
  else await full(out, written, notes);
  const seconds = (performance.now() - started) / 1000;
  for (const n of notes) console.log(`note: ${n}`);
  const total = written.reduce((s, w) => s + w.bytes, 0);
  console.log(
    `${written.length} picture(s), ${(total / 1024).toFixed(0)} KB in all, written to ${out} in ${seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
