import { canMove, hazardFactor, heroSpeedFactor } from './rules.js';
import { hazardRate, type TypeLogic, weightedItemRef } from './type-logic.js';
import { type Entity, HUD_H, makeEntity, WORLD_H, WORLD_W, type World } from './world.js';

/**
 * Runner: the hero runs on its own; jump over what is in the way and grab what floats by.
 * Hazards stay on or near the ground, so one well-timed jump always clears them, and they are
 * spaced so there is time to land before the next one.
 */

export const RUNNER_GROUND = 520;
export const HERO_X = 150;
export const GRAVITY = 1900;
const BASE_SCROLL = 250;

export function runnerJumpVelocity(jump: number): number {
  const height = 140 * (0.85 + 0.15 * Math.min(2, Math.max(0.5, jump)));
  return Math.sqrt(2 * GRAVITY * height);
}

/** How fast the world scrolls past the hero (px/s): a little faster the longer the level runs. */
export function scrollSpeed(w: World): number {
  const ramp = 1 + Math.min(0.3, w.elapsed / 300);
  return BASE_SCROLL * (0.85 + 0.15 * heroSpeedFactor(w)) * ramp;
}

function spawnItem(w: World, x: number, y: number) {
  const ref = weightedItemRef(w);
  const e = makeEntity(w, 'item', w.spec.collectibles[ref]?.emoji ?? '⭐', x, y, 32);
  e.ref = ref;
  w.entities.push(e);
}

/** The next piece of track, placed just off the right edge; returns how far until the one after. */
function spawnNext(w: World, airDistance: number): number {
  const x = WORLD_W + 40;
  const groundItemY = RUNNER_GROUND - 22;
  const clock = w.clock as { finishAt: number; run: number };
  const finishing = w.goal.kind === 'reach-exit' && clock.run >= clock.finishAt;
  if (finishing) {
    if (!w.entities.some((e) => e.kind === 'exit')) {
      w.entities.push(makeEntity(w, 'exit', '🏁', x, RUNNER_GROUND - 30, 60));
    }
    return 10_000;
  }
  const roll = w.rng.next();
  // Later levels bring hazards more often (never closer together: see the gap below).
  if (w.spec.hazards.length > 0 && roll < Math.min(0.6, 0.42 * hazardRate(w))) {
    const ref = w.rng.int(0, w.spec.hazards.length - 1);
    const h = makeEntity(w, 'hazard', w.spec.hazards[ref]?.emoji ?? '🪨', x, RUNNER_GROUND - 19, 38);
    h.ref = ref;
    if (w.spec.hazards[ref]?.behaviour === 'fall') {
      // Drops from the sky far enough ahead to be on the ground before it reaches the hero.
      h.x = x + 120;
      h.y = HUD_H + 20;
      h.vy = 240;
    }
    w.entities.push(h);
    // An arc of treats over the hazard: the jump that saves you also pays.
    const rise = 75;
    for (let i = -1; i <= 1; i++) spawnItem(w, h.x + i * 46, RUNNER_GROUND - 90 - (i === 0 ? rise - 45 : 0));
    return airDistance + 220;
  }
  if (w.spec.powerUps.length > 0 && roll > 0.93) {
    const ref = w.rng.int(0, w.spec.powerUps.length - 1);
    const p = makeEntity(w, 'power', w.spec.powerUps[ref]?.emoji ?? '✨', x, RUNNER_GROUND - 100, 34);
    p.ref = ref;
    w.entities.push(p);
    return 200;
  }
  const high = w.rng.next() < 0.4;
  const n = w.rng.int(2, 3);
  for (let i = 0; i < n; i++) spawnItem(w, x + i * 46, high ? RUNNER_GROUND - 110 : groundItemY);
  return (280 + w.rng.range(0, 180)) / w.stage.spawnRate;
}

/** Moves one thing on the road by a step of `dt` at scroll `speed` (also used by bots to look ahead). */
export function moveRunnerThing(w: World, e: Entity, dt: number, speed: number) {
  e.x -= speed * dt;
  if (e.kind === 'hazard') {
    const f = hazardFactor(w, e);
    const behaviour = w.spec.hazards[e.ref]?.behaviour;
    e.t += dt;
    if (behaviour === 'patrol' || behaviour === 'chase') {
      e.x -= (behaviour === 'chase' ? 60 : 35) * f * dt * (speed > 0 ? 1 : 0);
    } else if (behaviour === 'bounce') {
      e.y = RUNNER_GROUND - e.hh - Math.abs(Math.sin(e.t * 3)) * 45;
    } else if (behaviour === 'fall' && e.vy > 0) {
      e.y = Math.min(RUNNER_GROUND - e.hh, e.y + e.vy * dt);
      if (e.y >= RUNNER_GROUND - e.hh) e.vy = 0;
    }
  }
  if (e.x < -80) e.dead = true;
}

export function createRunner(): TypeLogic {
  return {
    setup(w) {
      w.solids = [{ x: 0, y: RUNNER_GROUND, w: WORLD_W, h: WORLD_H - RUNNER_GROUND }];
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, HERO_X, RUNNER_GROUND - 22, 40);
      w.hero.hh = 22;
      w.hero.grounded = true;
      w.clock.next = 260;
      w.clock.run = 0;
      // The level's course: a little longer each level (see levels.ts).
      w.clock.finishAt = BASE_SCROLL * w.stage.course;
    },

    step(w, dt, input) {
      const hero = w.hero;
      const v0 = runnerJumpVelocity(w.spec.hero.jump);
      if (canMove(w) && hero.grounded && (input.jump || input.up || input.jumpTap)) {
        hero.vy = -v0;
        hero.grounded = false;
        w.events.push('jump');
      }
      input.jumpTap = false;
      input.target = null;
      hero.vy += GRAVITY * dt;
      hero.y += hero.vy * dt;
      if (hero.y + hero.hh >= RUNNER_GROUND) {
        hero.y = RUNNER_GROUND - hero.hh;
        hero.vy = 0;
        hero.grounded = true;
      }

      // A stunned hero stands still while the world waits, rather than being run over again.
      const speed = w.stunned > 0 ? 0 : scrollSpeed(w);
      const dx = speed * dt;
      const clock = w.clock as { next: number; run: number };
      clock.run += dx;
      clock.next -= dx;
      if (clock.next <= 0) clock.next = spawnNext(w, (2 * v0 * speed) / GRAVITY);

      for (const e of w.entities) moveRunnerThing(w, e, dt, speed);
    },

    describe(w) {
      return { ground: RUNNER_GROUND, distance: Math.round((w.clock.run ?? 0) / 10) };
    },
  };
}
