import type { Snap } from './game-driver.js';
import { nearest } from './game-driver.js';

/**
 * Scripted players: from the game's state, which keys to hold for the next slice of time. They
 * play the real rules through the keyboard, the way a child would, just more patiently.
 */

export interface Move {
  keys: string[];
  /** Game time to hold them for. */
  ms: number;
}

function seek(s: Snap, x: number, y: number, axes: 'xy' | 'x', slack = 6): string[] {
  const keys: string[] = [];
  if (x < s.hero.x - slack) keys.push('ArrowLeft');
  if (x > s.hero.x + slack) keys.push('ArrowRight');
  if (axes === 'xy' && y < s.hero.y - slack) keys.push('ArrowUp');
  if (axes === 'xy' && y > s.hero.y + slack) keys.push('ArrowDown');
  return keys;
}

/** Collector: walk to the nearest item. */
export function collectorMove(s: Snap): Move {
  const item = nearest(s.hero, s.items);
  return { keys: item ? seek(s, item.x, item.y, 'xy') : [], ms: 100 };
}

/** Avoider: sidestep anything about to land on the hero; otherwise drift under the nearest bonus. */
export function avoiderMove(s: Snap): Move {
  const threat = s.hazards.find(
    (h) => h.y < s.hero.y + 30 && h.y > s.hero.y - 260 && Math.abs(h.x - s.hero.x) < 80,
  );
  if (threat) {
    const goRight = threat.x < s.hero.x ? s.hero.x < 740 : s.hero.x < 80;
    return { keys: [goRight ? 'ArrowRight' : 'ArrowLeft'], ms: 100 };
  }
  const item = nearest(
    s.hero,
    s.items.filter((i) => i.y < s.hero.y),
  );
  return { keys: item ? seek(s, item.x, s.hero.y, 'x', 20) : [], ms: 100 };
}

/** Runner: jump when a hazard is just ahead. */
export function runnerMove(s: Snap): Move {
  const ahead = s.hazards.some((h) => h.x - s.hero.x > 60 && h.x - s.hero.x < 150);
  return { keys: ahead && s.hero.grounded ? ['Space'] : [], ms: 50 };
}

/** Catcher: get under the lowest good thing, keeping clear of a bad one about to land. */
export function catcherMove(s: Snap): Move {
  const falling = s.items.filter((i) => i.y < 520).sort((a, b) => b.y - a.y);
  const target = falling[0];
  const danger = s.hazards.find((h) => h.y > 380 && h.y < 520 && Math.abs(h.x - s.hero.x) < 80);
  if (danger) return { keys: [danger.x < s.hero.x ? 'ArrowRight' : 'ArrowLeft'], ms: 80 };
  return { keys: target ? seek(s, target.x, 0, 'x', 10) : [], ms: 80 };
}

/**
 * Maze: one step along the solution path (to the exit, or the nearest item). A held key keeps the
 * hero going, so tap it for one frame per cell and let the hero arrive before the next.
 */
export function mazeMove(s: Snap, to: 'goal' | 'item' = 'goal'): Move {
  const here = s.heroCell;
  const next = (to === 'goal' ? s.solution : s.toItem)?.[1];
  if (s.moving) return { keys: [], ms: 100 };
  if (!here || !next) return { keys: [], ms: 100 };
  const key =
    next.col > here.col
      ? 'ArrowRight'
      : next.col < here.col
        ? 'ArrowLeft'
        : next.row > here.row
          ? 'ArrowDown'
          : 'ArrowUp';
  return { keys: [key], ms: 17 };
}

type Surface = { x: number; y: number; w: number; h: number };

const overlap = (a: Surface, b: Surface) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);

/**
 * Platformer: climb the surfaces towards the lowest item. From where the hero stands, find a
 * chain of platforms, each one jump up from the last (the same rule the level generator keeps),
 * walk into the overlap with the next one and jump; drop through a platform when the item can
 * only be reached from lower down.
 */
export function platformerMove(s: Snap): Move {
  const surfaces = s.platforms ?? [];
  if (s.items.length === 0 || surfaces.length === 0) return { keys: [], ms: 100 };
  const feet = s.hero.y + 22;
  // Platforms in a row can overlap: the hero may stand on two at once, and either may lead on.
  const on = (p: Surface) => Math.abs(p.y - feet) < 3 && s.hero.x + 20 > p.x && s.hero.x - 20 < p.x + p.w;
  const standingOn = surfaces.map((p, i) => (on(p) ? i : -1)).filter((i) => i >= 0);
  if (!s.hero.grounded || standingOn.length === 0) {
    // In the air: jumps are planned from inside an overlap, so going straight up lands on the next one.
    return { keys: [], ms: 50 };
  }
  // Breadth-first over "one jump up" steps from the surfaces the hero is on.
  const prev = new Map<number, number>(standingOn.map((i) => [i, -1]));
  const queue = [...standingOn];
  while (queue.length > 0) {
    const q = queue.shift() as number;
    surfaces.forEach((p, i) => {
      const qs = surfaces[q] as Surface;
      if (prev.has(i) || !(qs.y - p.y > 0 && qs.y - p.y <= 120 && overlap(p, qs) >= 44)) return;
      prev.set(i, q);
      queue.push(i);
    });
  }
  const surfaceOf = (item: { x: number; y: number }) =>
    surfaces.findIndex((p) => item.x >= p.x && item.x <= p.x + p.w && p.y - item.y > 0 && p.y - item.y <= 40);
  // The lowest item that can be reached by climbing from here (else the lowest of all), nearest first:
  // going for one that needs a way down first would turn the hero back and forth.
  const climbable = (item: { x: number; y: number }) => {
    const under = surfaceOf(item);
    return under === -1 || prev.has(under);
  };
  const item = [...s.items].sort(
    (a, b) =>
      Number(climbable(b)) - Number(climbable(a)) ||
      b.y - a.y ||
      Math.abs(a.x - s.hero.x) - Math.abs(b.x - s.hero.x),
  )[0] as (typeof s.items)[number];
  const goal = surfaceOf(item);
  if (goal === -1 || standingOn.includes(goal)) {
    const keys = item.x < s.hero.x - 8 ? ['ArrowLeft'] : item.x > s.hero.x + 8 ? ['ArrowRight'] : [];
    return { keys, ms: 50 };
  }
  if (!prev.has(goal)) return { keys: ['ArrowDown'], ms: 50 };
  let next = goal;
  while (!standingOn.includes(prev.get(next) as number)) next = prev.get(next) as number;
  const here = surfaces[prev.get(next) as number] as Surface;
  const up = surfaces[next] as Surface;
  const lo = Math.max(here.x, up.x) + 22;
  const hi = Math.min(here.x + here.w, up.x + up.w) - 22;
  const x = Math.min(hi, Math.max(lo, item.x));
  if (Math.abs(s.hero.x - x) <= 10) return { keys: ['Space'], ms: 50 };
  return { keys: [x < s.hero.x ? 'ArrowLeft' : 'ArrowRight'], ms: 50 };
}
