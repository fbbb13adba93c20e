import { cloneWorld, stepWorld } from '../runtime/logic/game.js';
import { jumpHeight } from '../runtime/logic/platform-layout.js';
import {
  type Entity,
  emptyInput,
  type Input,
  overlaps,
  type Rect,
  type World,
} from '../runtime/logic/world.js';
import type { Skill } from './skill.js';

/**
 * Platformer: climb towards the next thing to get. The route is a chain of platforms, each one
 * jump up from the last (the rule the level generator keeps); from inside the overlap with the
 * next platform the hero jumps straight up. Before acting, the move is tried on a copy of the
 * world (the game's own rules, hazards only) and swapped for a safe one if it would end in a hit.
 */

export interface PlatformMove {
  left: boolean;
  right: boolean;
  jump: boolean;
  down: boolean;
}

const STAY: PlatformMove = { left: false, right: false, jump: false, down: false };
const move = (m: Partial<PlatformMove>): PlatformMove => ({ ...STAY, ...m });

const overlapX = (a: Rect, b: Rect) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);

const NO_IDS: ReadonlySet<number> = new Set();

/** The surfaces the hero stands on (platforms in a row can overlap: it may stand on two); none in the air. */
function standingOn(w: World): number[] {
  const hero = w.hero;
  if (!hero.grounded) return [];
  const feet = hero.y + hero.hh;
  const out: number[] = [];
  w.solids.forEach((p, i) => {
    if (Math.abs(p.y - feet) < 3 && hero.x + hero.hw > p.x && hero.x - hero.hw < p.x + p.w) out.push(i);
  });
  return out;
}

/** From where the hero stands, the surface it climbs from and the next one up towards `to`; null if none. */
function climbFrom(w: World, here: number[], to: number): { from: number; next: number } | null {
  for (const from of here) {
    const next = nextSurface(w, from, to);
    if (next !== null) return { from, next };
  }
  return null;
}

/** The surface a thing rests on (just above it), or -1. */
function surfaceUnder(w: World, t: { x: number; y: number }): number {
  return w.solids.findIndex((p) => t.x >= p.x && t.x <= p.x + p.w && p.y - t.y > 0 && p.y - t.y <= 40);
}

/**
 * The thing to go for: the exit when the goal is to reach it, else the lowest item (the nearest of
 * the lowest), preferring what can be reached from here by climbing over what needs a way down
 * first. `keep` is the id of the one chosen before: a player sticks with it until it is gone (or
 * out of reach while something else is not), or they would turn back and forth as "the nearest"
 * changes under their feet.
 */
export function platformTarget(
  w: World,
  keep: number | null = null,
  avoid: ReadonlySet<number> = NO_IDS,
): Entity | null {
  if (w.goal.kind === 'reach-exit') {
    const exit = w.entities.find((e) => e.kind === 'exit');
    if (exit) return exit;
  }
  const here = standingOn(w);
  const climbable = (e: Entity) => {
    if (here.length === 0) return true;
    const under = surfaceUnder(w, e);
    return under === -1 || here.includes(under) || climbFrom(w, here, under) !== null;
  };
  let kept: Entity | null = null;
  let best: Entity | null = null;
  let bestUp = false;
  // Everything left was given up on: try them all again.
  const skip = w.entities.some((e) => e.kind === 'item' && !avoid.has(e.id)) ? avoid : NO_IDS;
  for (const e of w.entities) {
    if (e.kind !== 'item' || skip.has(e.id)) continue;
    if (e.id === keep) kept = e;
    const up = climbable(e);
    const better =
      !best ||
      (up && !bestUp) ||
      (up === bestUp &&
        (e.y > best.y + 1 ||
          (Math.abs(e.y - best.y) <= 1 && Math.abs(e.x - w.hero.x) < Math.abs(best.x - w.hero.x))));
    if (better) {
      best = e;
      bestUp = up;
    }
  }
  if (kept && (climbable(kept) || !bestUp)) return kept;
  return best;
}

/** Per level layout: for (from, to) surfaces, the first surface to jump up to, or null if none leads there. */
const routes = new WeakMap<readonly Rect[], Map<number, number | null>>();

/** The next platform up on the way from surface `from` to surface `to` (breadth-first, jump by jump). */
function nextSurface(w: World, from: number, to: number): number | null {
  const surfaces = w.solids;
  let cache = routes.get(surfaces);
  if (!cache) {
    cache = new Map();
    routes.set(surfaces, cache);
  }
  const key = from * 1000 + to;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const reach = jumpHeight(w.spec.hero.jump) - 12;
  const prev = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let qi = 0; qi < queue.length && !prev.has(to); qi++) {
    const qs = surfaces[queue[qi] as number] as Rect;
    for (let i = 0; i < surfaces.length; i++) {
      const p = surfaces[i] as Rect;
      if (prev.has(i) || !(qs.y - p.y > 0 && qs.y - p.y <= reach && overlapX(p, qs) >= 44)) continue;
      prev.set(i, queue[qi] as number);
      queue.push(i);
    }
  }
  let next: number | null = null;
  if (prev.has(to)) {
    next = to;
    while (prev.get(next) !== from) next = prev.get(next) as number;
  }
  cache.set(key, next);
  return next;
}

/** What the route to `goal` says to do now; `aim` shifts where a jump is taken from (a child's imprecision). */
export function routeMove(w: World, goal: { x: number; y: number } | null, aim = 0): PlatformMove {
  const hero = w.hero;
  const surfaces = w.solids;
  if (!goal || surfaces.length === 0) return STAY;
  const standing = standingOn(w);
  if (standing.length === 0) return STAY;
  const goalSurface = surfaceUnder(w, goal);
  if (goalSurface === -1 || standing.includes(goalSurface)) {
    if (goal.x < hero.x - 8) return move({ left: true });
    if (goal.x > hero.x + 8) return move({ right: true });
    return STAY;
  }
  const climb = climbFrom(w, standing, goalSurface);
  if (climb === null) {
    // The way is down: walk off the end nearer the goal, or drop through when it is right below.
    const here = surfaces[standing[0] as number] as Rect;
    if (goal.x < here.x) return move({ left: true });
    if (goal.x > here.x + here.w) return move({ right: true });
    return move({ down: true });
  }
  const here = surfaces[climb.from] as Rect;
  const up = surfaces[climb.next] as Rect;
  const lo = Math.max(here.x, up.x) + 22;
  const hi = Math.min(here.x + here.w, up.x + up.w) - 22;
  const x = Math.min(hi, Math.max(lo, goal.x + aim));
  if (Math.abs(hero.x - x) <= 10) return move({ jump: true });
  return x < hero.x ? move({ left: true }) : move({ right: true });
}

const LOOK_DT = 0.05;

interface Rollout {
  /** Seconds until the first hit, or null. */
  hit: number | null;
  /** Higher is closer to the goal at the end. */
  progress: number;
}

/**
 * Plays the copy forward: `first` held for `hold` seconds (or the route all along), then the route.
 * Only hazards are copied: the look-ahead asks "is this safe, and does it get me closer".
 */
function rollout(w: World, goal: Entity, first: PlatformMove | null, hold: number, horizon: number): Rollout {
  const c = cloneWorld(w, (e) => e.kind === 'hazard');
  const hits = c.hits;
  const input: Input = emptyInput();
  let jumped = false;
  for (let t = 0; t < horizon; t += LOOK_DT) {
    const m = first && t < hold ? first : routeMove(c, goal);
    input.left = m.left;
    input.right = m.right;
    input.down = m.down;
    // A held jump key jumps again on landing: press it once per rollout phase.
    input.jump = m.jump && (!jumped || !first || t >= hold);
    if (m.jump) jumped = true;
    stepWorld(c, input, LOOK_DT);
    if (c.hits > hits) return { hit: t, progress: Number.NEGATIVE_INFINITY };
    // Got there: what comes after is the next plan's business.
    if (overlaps(c.hero, goal, 4)) return { hit: null, progress: 1e6 - t };
    if (c.status !== 'playing') break;
  }
  return { hit: null, progress: -(Math.abs(c.hero.x - goal.x) + 2.5 * Math.abs(c.hero.y - goal.y)) };
}

function hazardNear(w: World): boolean {
  for (const e of w.entities) {
    if (e.kind !== 'hazard') continue;
    if (Math.abs(e.x - w.hero.x) < 280 && Math.abs(e.y - w.hero.y) < 280) return true;
  }
  return false;
}

const ALTERNATIVES: readonly PlatformMove[] = [
  STAY,
  move({ left: true }),
  move({ right: true }),
  move({ jump: true }),
  move({ jump: true, left: true }),
  move({ jump: true, right: true }),
  move({ down: true }),
];

/**
 * A safer move than the route's when playing the route forward ends in a hit; null when the route
 * is safe (then follow it, step by step, with routeMove).
 */
export function saferMove(
  w: World,
  skill: Skill,
  keep: number | null = null,
  avoid: ReadonlySet<number> = NO_IDS,
): PlatformMove | null {
  const goal = platformTarget(w, keep, avoid);
  if (!goal || w.invulnerable > 0.5 || !hazardNear(w)) return null;
  // Long enough to see a jump up and the landing through: a platform's patroller turns round.
  const horizon = skill.horizon + 0.4;
  if (rollout(w, goal, null, 0, horizon).hit === null) return null;
  const wanted = routeMove(w, goal);
  // A child only thinks of the simple ways out: stand still, step back, jump.
  const options = skill.name === 'perfect' ? ALTERNATIVES : ALTERNATIVES.slice(0, 4);
  let best = wanted;
  let bestHit = -1;
  let bestProgress = Number.NEGATIVE_INFINITY;
  for (const o of options) {
    const r = rollout(w, goal, o, 0.3, horizon);
    if (r.hit === null) {
      if (bestHit !== Number.POSITIVE_INFINITY || r.progress > bestProgress) {
        bestHit = Number.POSITIVE_INFINITY;
        bestProgress = r.progress;
        best = o;
      }
    } else if (bestHit !== Number.POSITIVE_INFINITY && r.hit > bestHit) {
      bestHit = r.hit;
      best = o;
    }
  }
  return best;
}
