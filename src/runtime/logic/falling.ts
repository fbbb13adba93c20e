import { hazardFactor } from './rules.js';
import { weightedItemRef } from './type-logic.js';
import { clamp, type Entity, HUD_H, makeEntity, WORLD_H, WORLD_W, type World } from './world.js';

/**
 * Things that fall from the sky, shared by the avoider and the catcher: good things to take,
 * hazards to dodge, each hazard moving by its behaviour on the way down.
 */

export function spawnFalling(w: World, kind: 'item' | 'hazard' | 'power', speed: number): Entity {
  const x = w.rng.range(40, WORLD_W - 40);
  let e: Entity;
  if (kind === 'item') {
    const ref = weightedItemRef(w);
    e = makeEntity(w, 'item', w.spec.collectibles[ref]?.emoji ?? '⭐', x, HUD_H - 10, 34);
    e.ref = ref;
  } else if (kind === 'power') {
    const ref = w.rng.int(0, w.spec.powerUps.length - 1);
    e = makeEntity(w, 'power', w.spec.powerUps[ref]?.emoji ?? '✨', x, HUD_H - 10, 34);
    e.ref = ref;
  } else {
    const ref = w.rng.int(0, w.spec.hazards.length - 1);
    e = makeEntity(w, 'hazard', w.spec.hazards[ref]?.emoji ?? '🌩️', x, HUD_H - 10, 38);
    e.ref = ref;
    const behaviour = w.spec.hazards[ref]?.behaviour;
    if (behaviour === 'bounce') e.vx = w.rng.next() < 0.5 ? -110 : 110;
    // A "static" hazard in a falling game is a heavy, slow one.
    if (behaviour === 'static') speed *= 0.65;
  }
  e.vy = speed;
  e.a = x;
  e.t = w.rng.range(0, Math.PI * 2);
  w.entities.push(e);
  return e;
}

/** Moves every falling thing one step and drops what left the screen. */
export function moveFalling(w: World, dt: number) {
  for (const e of w.entities) {
    if (e.kind === 'hero' || e.kind === 'exit') continue;
    const f = e.kind === 'hazard' ? hazardFactor(w, e) : 1;
    e.t += dt;
    e.y += e.vy * f * dt;
    if (e.kind === 'hazard') {
      const behaviour = w.spec.hazards[e.ref]?.behaviour;
      if (behaviour === 'bounce') {
        e.x += e.vx * f * dt;
        if (e.x < e.hw || e.x > WORLD_W - e.hw) e.vx = -e.vx;
      } else if (behaviour === 'chase') {
        e.x += clamp(w.hero.x - e.x, -40 * f * dt, 40 * f * dt);
      } else if (behaviour === 'patrol') {
        e.x = e.a + Math.sin(e.t * 2) * 60;
      }
      e.x = clamp(e.x, e.hw, WORLD_W - e.hw);
    }
    if (e.y - e.hh > WORLD_H) e.dead = true;
  }
}
