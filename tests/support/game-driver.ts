import type { Frame, Page } from 'playwright-core';

/**
 * Drives a game page through its test seams: read the state, step time, press keys, tap the
 * canvas at world coordinates, and read the texts actually on screen.
 */

export interface Thing {
  id: number;
  x: number;
  y: number;
  ref: number;
}

export interface Cell {
  col: number;
  row: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the overlays show (see src/runtime/view/play-scene.ts ScreenInfo). */
export type Screen =
  | {
      kind: 'title';
      banner: Box;
      title: Box;
      intro: Box;
      hero: Box;
      howTo: Box;
      start: Box;
      keys: string[][];
      touch: string;
      goal: { icon: string; label: string }[];
      avoid: string[];
      sprites: { sprite: string; size: number }[];
    }
  | { kind: 'levelup'; level: number; levels: number; changes: { icon: string; label: string }[] }
  | { kind: 'play' }
  | { kind: 'end'; won: boolean }
  | { kind: 'loading' };

export interface Snap {
  type: string;
  status: 'title' | 'playing' | 'levelup' | 'won' | 'lost';
  score: number;
  lives: number | 'unlimited';
  /** The play's seed, the level (1-based) and how many levels there are. */
  seed: number;
  level: number;
  levels: number;
  /** Seconds in this level, and in the whole game. */
  time: number;
  gameTime: number;
  /** Seconds left on the level-up card while it shows. */
  levelUp: number | null;
  screen: Screen;
  howTo: {
    keys: { caps: string[]; does: string }[];
    touch: { gesture: string; buttons: string[] };
    goal: { icon: string; label: string }[];
    avoid: string[];
    say: string;
  };
  sound: 'on' | 'off';
  /** The last line the game asked to read aloud. */
  spoken: string | null;
  timeLeft: number | null;
  goal: { kind: string; total?: number; target?: number; seconds?: number };
  hero: { x: number; y: number; grounded: boolean };
  collected: number;
  remaining: number | null;
  hits: number;
  invulnerable: boolean;
  items: Thing[];
  hazards: Thing[];
  powerUps: Thing[];
  exit: { x: number; y: number } | null;
  platforms?: { x: number; y: number; w: number; h: number }[];
  heroCell?: Cell;
  moving?: boolean;
  solution?: Cell[];
  toItem?: Cell[];
  maze?: { cols: number; rows: number; cell: number; originX: number; originY: number };
}

type Target = Page | Frame;

export async function waitForGame(target: Target, timeout = 20_000) {
  await target.waitForFunction(
    () => typeof window.render_game_to_text === 'function' && typeof window.__FIRST_FRAME__ === 'number',
    null,
    { timeout },
  );
}

/**
 * From now on only the test moves time: the frame loop sleeps. Call it as soon as the game is up,
 * or the frames a slow machine runs before the first `advance` move the world by a different
 * amount each run.
 */
export async function useGameTime(target: Target): Promise<void> {
  await advance(target, 0);
}

export async function state(target: Target): Promise<Snap> {
  return JSON.parse(await target.evaluate(() => (window.render_game_to_text as () => string)())) as Snap;
}

export async function advance(target: Target, ms: number): Promise<Snap> {
  const text = await target.evaluate((t) => {
    (window.advanceTime as (ms: number) => void)(t);
    return (window.render_game_to_text as () => string)();
  }, ms);
  return JSON.parse(text) as Snap;
}

/** Holds keys for `ms` of game time, then lets go. */
export async function hold(page: Page, keys: string[], ms: number): Promise<Snap> {
  for (const k of keys) await page.keyboard.down(k);
  const s = await advance(page, ms);
  for (const k of keys) await page.keyboard.up(k);
  return s;
}

/** Page coordinates of a world point (the canvas is scaled to fit the viewport). */
export async function toPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas on the page');
  return { x: box.x + (x * box.width) / 800, y: box.y + (y * box.height) / 600 };
}

export async function tapWorld(page: Page, x: number, y: number) {
  const p = await toPage(page, x, y);
  await page.touchscreen.tap(p.x, p.y);
}

export async function clickWorld(page: Page, x: number, y: number) {
  const p = await toPage(page, x, y);
  await page.mouse.click(p.x, p.y);
}

/** Texts currently drawn and visible in the play scene (overlays included). */
export async function visibleTexts(target: Target): Promise<string[]> {
  return target.evaluate(() => {
    interface Node {
      type: string;
      visible: boolean;
      text?: string;
      list?: Node[];
    }
    const scene = (
      window.__GAME__ as unknown as { scene: { getScene(k: string): { children: { list: Node[] } } } }
    ).scene.getScene('play');
    const out: string[] = [];
    const walk = (list: Node[]) => {
      for (const o of list) {
        if (!o.visible) continue;
        if (o.type === 'Text' && typeof o.text === 'string') out.push(o.text);
        if (Array.isArray(o.list)) walk(o.list);
      }
    };
    walk(scene.children.list);
    return out;
  });
}

export function nearest<T extends { x: number; y: number }>(
  from: { x: number; y: number },
  things: T[],
): T | undefined {
  let best: T | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const t of things) {
    const d = Math.hypot(t.x - from.x, t.y - from.y);
    if (d < bestD) {
      best = t;
      bestD = d;
    }
  }
  return best;
}
