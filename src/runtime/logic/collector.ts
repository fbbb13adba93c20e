import { hazardFactor, heroSpeedFactor, patrol } from './rules.js';
import { hazardRefs, itemRefs, steerHero, type TypeLogic } from './type-logic.js';
import {
  clamp,
  type Entity,
  type EntityKind,
  HUD_H,
  makeEntity,
  type Point,
  WORLD_H,
  WORLD_W,
  type World,
} from './world.js';

/**
 * Top-down collector: walk in any direction and gather everything, with or without a clock.
 * Chasers are always slower than the hero, so a child can always get away.
 */

export const WALK_SPEED = 220;
const START = { x: WORLD_W / 2, y: (HUD_H + WORLD_H) / 2 };

function farEnough(x: number, y: number, taken: { x: number; y: number }[], gap: number): boolean {
  return taken.every((p) => Math.hypot(p.x - x, p.y - y) >= gap);
}

/** Free spots spread over the field, never on top of the start. */
function scatter(w: World, n: number, fromStart: number, taken: { x: number; y: number }[]) {
  const out: { x: number; y: number }[] = [];
  for (let tries = 0; out.length < n && tries < 4000; tries++) {
    const x = w.rng.range(40, WORLD_W - 40);
    const y = w.rng.range(HUD_H + 40, WORLD_H - 40);
    const gap = tries < 2000 ? 56 : 36;
    if (Math.hypot(x - START.x, y - START.y) < fromStart) continue;
    if (!farEnough(x, y, taken, gap)) continue;
    taken.push({ x, y });
    out.push({ x, y });
  }
  return out;
}

/** Moves a top-down hazard by its behaviour, inside the field. */
export function moveTopDownHazard(w: World, e: Entity, dt: number, heroSpeed: number) {
  const f = hazardFactor(w, e);
  const behaviour = w.spec.hazards[e.ref]?.behaviour;
  const minY = HUD_H + e.hh;
  const maxY = WORLD_H - e.hh;
  if (behaviour === 'patrol') {
    patrol(e, f, dt);
  } else if (behaviour === 'chase') {
    const dx = w.hero.x - e.x;
    const dy = w.hero.y - e.y;
    const d = Math.sqrt(dx * dx + dy * dy) || 1;
    const speed = Math.min(75 * f, heroSpeed * 0.6);
    e.x += (dx / d) * speed * dt;
    e.y += (dy / d) * speed * dt;
  } else if (behaviour === 'fall') {
    e.y += 90 * f * dt;
    if (e.y > maxY) {
      e.y = minY;
      e.x = w.rng.range(40, WORLD_W - 40);
    }
  } else if (behaviour === 'bounce') {
    e.x += e.vx * f * dt;
    e.y += e.vy * f * dt;
    if (e.x < e.hw || e.x > WORLD_W - e.hw) e.vx = -e.vx;
    if (e.y < minY || e.y > maxY) e.vy = -e.vy;
    e.x = clamp(e.x, e.hw, WORLD_W - e.hw);
    e.y = clamp(e.y, minY, maxY);
  }
}

/** A new entity at `p`: the spec's `ref`th thing of its kind, put into the world. */
function placeAt(w: World, kind: EntityKind, sprite: string, p: Point, size: number, ref: number): Entity {
  const e = makeEntity(w, kind, sprite, p.x, p.y, size);
  e.ref = ref;
  w.entities.push(e);
  return e;
}

export function createCollector(): TypeLogic {
  return {
    setup(w) {
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, START.x, START.y, 44);
      const taken = [{ ...START }];
      if (w.goal.kind === 'reach-exit') {
        const exit = makeEntity(w, 'exit', '🚪', WORLD_W - 50, WORLD_H - 50, 48);
        taken.push({ x: exit.x, y: exit.y });
        w.entities.push(exit);
      }
      const refs = itemRefs(w);
      scatter(w, refs.length, 70, taken).forEach((p, i) => {
        const ref = refs[i] ?? 0;
        placeAt(w, 'item', w.spec.collectibles[ref]?.emoji ?? '⭐', p, 34, ref);
      });
      scatter(w, w.spec.powerUps.length, 120, taken).forEach((p, ref) => {
        placeAt(w, 'power', w.spec.powerUps[ref]?.emoji ?? '✨', p, 34, ref);
      });
      const hazards = hazardRefs(w);
      // Hazards keep off the exit, the items and the power-ups too: a hazard that never moves must
      // never stand on something the child needs.
      scatter(w, hazards.length, 220, taken).forEach((p, i) => {
        const ref = hazards[i] ?? 0;
        const e = placeAt(w, 'hazard', w.spec.hazards[ref]?.emoji ?? '🌩️', p, 38, ref);
        e.a = 40;
        e.b = WORLD_W - 40;
        e.vx = w.rng.next() < 0.5 ? -90 : 90;
        e.vy = w.rng.next() < 0.5 ? -80 : 80;
        if (w.spec.hazards[ref]?.behaviour === 'bounce') e.vx = e.vx > 0 ? 110 : -110;
      });
    },

    step(w, dt, input) {
      const speed = WALK_SPEED * heroSpeedFactor(w);
      steerHero(w, input, speed * dt, 'xy');
      for (const e of w.entities) if (e.kind === 'hazard') moveTopDownHazard(w, e, dt, speed);
    },
  };
}
