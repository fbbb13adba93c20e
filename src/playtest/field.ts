import { MOVE_SPEED as AVOIDER_SPEED } from '../runtime/logic/avoider.js';
import { MOVE_SPEED as CATCHER_SPEED } from '../runtime/logic/catcher.js';
import { moveTopDownHazard, WALK_SPEED } from '../runtime/logic/collector.js';
import { moveFalling } from '../runtime/logic/falling.js';
import { cloneWorld } from '../runtime/logic/game.js';
import { heroSpeedFactor } from '../runtime/logic/rules.js';
import { type Entity, HUD_H, type Point, WORLD_H, WORLD_W, type World } from '../runtime/logic/world.js';
import type { Skill } from './skill.js';

/**
 * Planning for the open-field types (collector, avoider, catcher): try a handful of moves for the
 * next moment, against where every hazard and item is going to be (moved by the game's own motion
 * rules on a copy of the world), and keep the move that catches most, never touches a hazard, and
 * ends nearest the next thing to get. This runs several times a second for every simulated game,
 * so it keeps its arrays flat and few.
 */

const DT = 0.05;

export function fieldSpeed(w: World): number {
  const base = w.type === 'collector' ? WALK_SPEED : w.type === 'catcher' ? CATCHER_SPEED : AVOIDER_SPEED;
  return base * heroSpeedFactor(w);
}

function worth(w: World, e: Entity): number {
  // With an exit to reach, things on the way are not worth a detour (or a dither between the two).
  if (e.kind === 'item') return w.goal.kind === 'reach-exit' ? 0 : (w.spec.collectibles[e.ref]?.points ?? 1);
  if (e.kind === 'power') return 3;
  if (e.kind === 'exit') return w.goal.kind === 'reach-exit' ? 1000 : 0;
  return 0;
}

/** Positions of every tracked thing at every tick: thing j at tick k is at index j·(ticks+1)+k. */
interface Forecast {
  things: Entity[];
  values: number[];
  hazard: boolean[];
  xs: Float64Array;
  ys: Float64Array;
  ticks: number;
}

/** Reused between calls (planning is never re-entered): a forecast allocates nothing per call. */
let bufX = new Float64Array(4096);
let bufY = new Float64Array(4096);

function forecast(w: World, ticks: number, speed: number): Forecast {
  const hero = w.hero;
  // Only hazards that could come near are moved by the rules, on a copy: within reach of the
  // hero, or falling into reach during the look-ahead. Good things fall straight down (or stay
  // put), so where they will be is plain arithmetic.
  const reach = speed * ticks * DT + 160;
  const fall = w.type === 'collector' ? 0 : 400 * ticks * DT;
  const copy = cloneWorld(
    w,
    (e) =>
      e.kind === 'hazard' &&
      Math.abs(e.x - hero.x) < reach &&
      e.y < hero.y + reach &&
      e.y > hero.y - reach - fall,
  );
  const goods = w.entities.filter((e) =>
    e.kind === 'exit' ? w.goal.kind === 'reach-exit' : e.kind !== 'hazard',
  );
  const things = [...copy.entities, ...goods];
  const hazards = copy.entities.length;
  const n = things.length;
  const stride = ticks + 1;
  if (bufX.length < n * stride) {
    bufX = new Float64Array(n * stride * 2);
    bufY = new Float64Array(n * stride * 2);
  }
  const xs = bufX;
  const ys = bufY;
  for (let k = 0; k <= ticks; k++) {
    if (k > 0) {
      if (w.type === 'collector') {
        for (const e of copy.entities) moveTopDownHazard(copy, e, DT, speed);
      } else {
        moveFalling(copy, DT);
      }
    }
    for (let j = 0; j < hazards; j++) {
      const e = things[j] as Entity;
      xs[j * stride + k] = e.dead ? -9999 : e.x;
      ys[j * stride + k] = e.dead ? -9999 : e.y;
    }
  }
  for (let j = hazards; j < n; j++) {
    const e = things[j] as Entity;
    // Items in the falling types drop at their own speed (see falling.ts); placed ones stay.
    const vy = w.type === 'collector' || e.kind === 'exit' ? 0 : e.vy;
    for (let k = 0; k <= ticks; k++) {
      const y = e.y + vy * DT * k;
      const gone = y - e.hh > WORLD_H;
      xs[j * stride + k] = gone ? -9999 : e.x;
      ys[j * stride + k] = gone ? -9999 : y;
    }
  }
  return {
    things,
    values: things.map((e) => worth(w, e)),
    hazard: things.map((e) => e.kind === 'hazard'),
    xs,
    ys,
    ticks,
  };
}

/** Where to head for once the look-ahead is over: the next thing worth getting, or a safe spot. */
function nextGoal(
  w: World,
  f: Forecast,
  x: number,
  y: number,
  got: Uint8Array,
  speed: number,
  prefer: number | null,
  k: number,
): Point | null {
  let best: Point | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  const stride = f.ticks + 1;
  for (let j = 0; j < f.things.length; j++) {
    const e = f.things[j] as Entity;
    if (got[j] || f.hazard[j] || e.kind === 'power' || (f.values[j] as number) <= 0) continue;
    const tx = f.xs[j * stride + k] as number;
    const ty = f.ys[j * stride + k] as number;
    if (tx < -999) continue;
    let cost: number;
    if (w.type === 'catcher') {
      // Only what can still be reached before it lands counts; the soonest first.
      const fall = (w.hero.y - ty) / Math.max(60, e.vy);
      if (fall < 0 || Math.abs(tx - x) - w.hero.hw > speed * fall + 10) continue;
      cost = fall * 400 + Math.abs(tx - x) * 0.2;
    } else if (w.type === 'avoider') {
      if (ty > y + 10) continue;
      cost = Math.abs(tx - x) + Math.max(0, y - ty) * 0.3;
    } else {
      cost = Math.sqrt((tx - x) ** 2 + (ty - y) ** 2) / Math.max(1, (f.values[j] as number) / 10);
    }
    if (e.id === prefer) cost *= 0.2;
    if (cost < bestCost) {
      bestCost = cost;
      best = { x: tx, y: ty };
    }
  }
  if (best) return best;
  if (w.type === 'avoider') return { x: WORLD_W / 2, y: WORLD_H - 70 };
  return null;
}

export interface FieldChoice {
  /** Where to steer (world point), or null to stand still. */
  target: Point | null;
  /** The look-ahead saw no way to avoid a hit. */
  doomed: boolean;
}

interface Move {
  dx: number;
  dy: number;
  toX?: number;
}

/**
 * The move to make now. `prefer` is the id of the thing the player has set their heart on (a
 * child does not always go for the nearest); an `idle` player only steps out of danger's way.
 */
export function planField(w: World, skill: Skill, prefer: number | null = null, idle = false): FieldChoice {
  const hero = w.hero;
  const speed = fieldSpeed(w);
  const ticks = Math.max(2, Math.round(skill.horizon / DT));
  const f = forecast(w, ticks, speed);
  const stride = ticks + 1;
  const n = f.things.length;
  const xOnly = w.type === 'catcher';
  const minX = hero.hw;
  const maxX = WORLD_W - hero.hw;
  const minY = HUD_H + hero.hh;
  const maxY = WORLD_H - hero.hh;
  const shrink = 4 - skill.margin;
  const none = new Uint8Array(n);
  const goalAt = (x: number, y: number, got: Uint8Array, k: number) =>
    idle ? null : nextGoal(w, f, x, y, got, speed, prefer, k);
  const startGoal = goalAt(hero.x, hero.y, none, 0);

  // What could matter at all, and from which tick: things within reach of where the hero can be by then.
  const near: number[] = [];
  const from: number[] = [];
  let hazardNear = false;
  for (let j = 0; j < n; j++) {
    if (!f.hazard[j] && (f.values[j] as number) <= 0) continue;
    const e = f.things[j] as Entity;
    const pad = (f.hazard[j] ? skill.margin + 8 : 0) + hero.hw + e.hw;
    for (let k = 0; k <= ticks; k++) {
      const r = speed * k * DT + pad;
      const i = j * stride + k;
      if (Math.abs((f.xs[i] as number) - hero.x) < r && Math.abs((f.ys[i] as number) - hero.y) < r) {
        near.push(j);
        from.push(k);
        if (f.hazard[j]) hazardNear = true;
        break;
      }
    }
  }
  // Nothing dangerous about: go straight for it.
  if (!hazardNear) {
    if (!startGoal) return { target: null, doomed: false };
    return { target: xOnly ? { x: startGoal.x, y: hero.y } : startGoal, doomed: false };
  }

  const moves: Move[] = [{ dx: 0, dy: 0 }];
  if (xOnly) {
    const xs = [minX, maxX, hero.x - 60, hero.x + 60, hero.x - 140, hero.x + 140];
    if (startGoal) xs.push(startGoal.x);
    const falling: number[] = [];
    for (const j of near)
      if (!f.hazard[j] && (f.things[j] as Entity).y < hero.y) falling.push(f.xs[j * stride] as number);
    falling.sort((a, b) => Math.abs(a - hero.x) - Math.abs(b - hero.x));
    xs.push(...falling.slice(0, 5));
    for (const x of xs)
      moves.push({ dx: Math.sign(x - hero.x), dy: 0, toX: Math.min(maxX, Math.max(minX, x)) });
  } else {
    const dirs = skill.name === 'perfect' ? 12 : 8;
    for (let i = 0; i < dirs; i++)
      moves.push({ dx: Math.cos((i * 2 * Math.PI) / dirs), dy: Math.sin((i * 2 * Math.PI) / dirs) });
    if (startGoal) {
      const gx = startGoal.x - hero.x;
      const gy = startGoal.y - hero.y;
      const d = Math.sqrt(gx * gx + gy * gy);
      if (d > 1) moves.push({ dx: gx / d, dy: gy / d });
    }
  }

  let best = moves[0] as Move;
  let bestScore = Number.NEGATIVE_INFINITY;
  const step = speed * DT;
  const got = new Uint8Array(n);
  for (const m of moves) {
    let x = hero.x;
    let y = hero.y;
    let score = 0;
    let hitAt = -1;
    let clearance = 200;
    got.fill(0);
    for (let k = 1; k <= ticks && hitAt < 0; k++) {
      if (m.toX !== undefined) {
        const d = m.toX - x;
        x += Math.sign(d) * Math.min(Math.abs(d), step);
      } else {
        x = Math.min(maxX, Math.max(minX, x + m.dx * step));
        y = Math.min(maxY, Math.max(minY, y + m.dy * step));
      }
      for (let q = 0; q < near.length; q++) {
        if ((from[q] as number) > k) continue;
        const j = near[q] as number;
        const e = f.things[j] as Entity;
        const i = j * stride + k;
        if (f.hazard[j]) {
          const ox = Math.abs((f.xs[i] as number) - x) - (hero.hw + e.hw - shrink);
          const oy = Math.abs((f.ys[i] as number) - y) - (hero.hh + e.hh - shrink);
          if (ox < 0 && oy < 0) {
            hitAt = k;
            break;
          }
          const room = Math.max(ox, oy);
          if (room < clearance) clearance = room;
        } else if (
          !got[j] &&
          Math.abs((f.xs[i] as number) - x) < hero.hw + e.hw - 4 &&
          Math.abs((f.ys[i] as number) - y) < hero.hh + e.hh - 4
        ) {
          got[j] = 1;
          score += (f.values[j] as number) * 1000 * (1 - k / (ticks * 4));
        }
      }
    }
    if (hitAt >= 0) {
      // No way round it: put the hit off, and end up as far from hazards as the move goes (a hero
      // already touching one must walk off it, not wait for the blink to end).
      for (let k = hitAt + 1; k <= ticks; k++) {
        if (m.toX !== undefined) x += Math.sign(m.toX - x) * Math.min(Math.abs(m.toX - x), step);
        else {
          x = Math.min(maxX, Math.max(minX, x + m.dx * step));
          y = Math.min(maxY, Math.max(minY, y + m.dy * step));
        }
      }
      let away = 400;
      for (let q = 0; q < near.length; q++) {
        const j = near[q] as number;
        if (!f.hazard[j]) continue;
        const i = j * stride + ticks;
        away = Math.min(away, Math.abs((f.xs[i] as number) - x) + Math.abs((f.ys[i] as number) - y));
      }
      score = -1e7 + hitAt * 1000 + away;
    } else {
      score += Math.min(clearance, 80) * (idle ? 0.2 : 2);
      const goal = goalAt(x, y, got, ticks);
      if (goal) score -= Math.sqrt((goal.x - x) ** 2 + (xOnly ? 0 : (goal.y - y) ** 2));
    }
    if (score > bestScore) {
      bestScore = score;
      best = m;
    }
  }
  const doomed = bestScore < -1e6;
  if (best.toX !== undefined) return { target: { x: best.toX, y: hero.y }, doomed };
  if (best.dx === 0 && best.dy === 0) return { target: null, doomed };
  return { target: { x: hero.x + best.dx * 60, y: hero.y + best.dy * 60 }, doomed };
}
