import { GRAVITY, GROUND_TOP, generatePlatforms, HERO_H, HERO_W, jumpVelocity } from './platform-layout.js';
import { canMove, hazardFactor, heroSpeedFactor, patrol } from './rules.js';
import { hazardRefs, heading, itemRefs, type TypeLogic } from './type-logic.js';
import { clamp, HUD_H, type Input, makeEntity, type Rect, WORLD_W } from './world.js';

/**
 * Platformer: run, jump between platforms, collect everything, avoid hazards. Platforms are
 * one-way (jump up through them, land on top), the kindest rule for small hands. The same
 * rectangles are drawn by the view and collided here, so what a child sees is what they stand on.
 */

export const RUN_SPEED = 230;
/** Just right of the touch buttons in the bottom-left corner (view/touch-buttons.ts: up to x 203). */
const SPAWN_X = 230;
const ITEM_LIFT = 30;

interface Spot {
  x: number;
  y: number;
  surface: number;
}

function spotsOn(surfaces: Rect[]): Spot[] {
  const spots: Spot[] = [];
  surfaces.forEach((s, surface) => {
    for (let x = s.x + 25; x <= s.x + s.w - 25; x += 50) {
      // Keep the spawn point clear, and the corners where touch screens show the ◀ ▶ ⬆ buttons.
      if (surface === 0 && (x < SPAWN_X + 60 || x > WORLD_W - 120)) continue;
      spots.push({ x, y: s.y, surface });
    }
  });
  return spots;
}

export function createPlatformer(): TypeLogic {
  return {
    setup(w) {
      const layout = generatePlatforms(w.rng);
      w.solids = layout.surfaces;
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, SPAWN_X, GROUND_TOP - HERO_H / 2, HERO_W);
      w.hero.hh = HERO_H / 2;
      w.hero.grounded = true;

      const spots = spotsOn(layout.surfaces);
      // The two ground spots nearest the start come first: an easy first catch, then the climb.
      const ground = spots.filter((s) => s.surface === 0).sort((a, b) => a.x - b.x);
      const rest = w.rng.shuffle(spots.filter((s) => !ground.slice(0, 2).includes(s)));
      const ordered = [...ground.slice(0, 2), ...rest];
      const refs = itemRefs(w);
      for (const ref of refs) {
        const spot = ordered.shift();
        if (!spot) break;
        const item = makeEntity(
          w,
          'item',
          w.spec.collectibles[ref]?.emoji ?? '⭐',
          spot.x,
          spot.y - ITEM_LIFT,
          32,
        );
        item.ref = ref;
        w.entities.push(item);
      }
      w.spec.powerUps.forEach((p, ref) => {
        const spot = ordered.shift();
        if (!spot) return;
        const e = makeEntity(w, 'power', p.emoji, spot.x, spot.y - ITEM_LIFT, 32);
        e.ref = ref;
        w.entities.push(e);
      });
      if (w.goal.kind === 'reach-exit') {
        const top = layout.surfaces.slice(-3);
        const door = top[w.rng.int(0, top.length - 1)] as Rect;
        w.entities.push(makeEntity(w, 'exit', '🚪', door.x + door.w / 2, door.y - 26, 44));
      }

      const platforms = layout.surfaces.slice(1);
      for (const ref of hazardRefs(w)) {
        const h = w.spec.hazards[ref];
        if (!h) continue;
        const e = makeEntity(w, 'hazard', h.emoji, 0, 0, 36);
        e.ref = ref;
        const p = w.rng.pick(platforms);
        if (h.behaviour === 'patrol' || h.behaviour === 'static') {
          // Static ones stand where no item is, so every item stays reachable without a hit.
          const free = ordered.length > 0 && h.behaviour === 'static' ? (ordered.shift() as Spot) : null;
          e.x = free ? free.x : p.x + p.w / 2;
          e.y = (free ? free.y : p.y) - e.hh;
          e.a = p.x + e.hw;
          e.b = p.x + p.w - e.hw;
          e.vx = h.behaviour === 'patrol' ? 70 : 0;
        } else if (h.behaviour === 'chase') {
          e.x = WORLD_W - 60;
          e.y = GROUND_TOP - e.hh;
        } else if (h.behaviour === 'fall') {
          e.x = w.rng.range(200, WORLD_W - 40);
          e.y = HUD_H + e.hh + w.rng.range(0, 200);
        } else {
          e.x = w.rng.range(250, WORLD_W - 60);
          e.y = w.rng.range(HUD_H + 60, GROUND_TOP - 120);
          e.vx = w.rng.next() < 0.5 ? -90 : 90;
          e.vy = w.rng.next() < 0.5 ? -70 : 70;
        }
        w.entities.push(e);
      }
    },

    step(w, dt, input: Input) {
      const hero = w.hero;
      let dir = 0;
      if (canMove(w)) {
        // A tap above the hero also means "jump up there".
        const tapJump = input.jumpTap && input.target !== null && input.target.y < hero.y - 40;
        const h = heading(input, hero.x, hero.y, 'x');
        // A finger's target is reached when the hero is under it, even while a jump is still rising.
        if (input.target && Math.abs(input.target.x - hero.x) < 10) input.target = null;
        else dir = h.dx;
        if ((input.jump || input.up || tapJump) && hero.grounded) {
          hero.vy = -jumpVelocity(w.spec.hero.jump);
          hero.grounded = false;
          w.events.push('jump');
        }
        if (input.down && hero.grounded && hero.y + hero.hh < GROUND_TOP - 1) w.clock.drop = 0.25;
      }
      input.jumpTap = false;
      // Kept in the world, not here, so a copy of the world (a bot's look-ahead) carries it.
      const dropTimer = Math.max(0, (w.clock.drop ?? 0) - dt);
      w.clock.drop = dropTimer;

      hero.vx = dir * RUN_SPEED * heroSpeedFactor(w);
      hero.vy = Math.min(hero.vy + GRAVITY * dt, 900);
      const prevBottom = hero.y + hero.hh;
      hero.x = clamp(hero.x + hero.vx * dt, hero.hw, WORLD_W - hero.hw);
      hero.y += hero.vy * dt;
      hero.grounded = false;
      if (hero.vy >= 0) {
        w.solids.forEach((s, i) => {
          if (i > 0 && dropTimer > 0) return;
          const within = hero.x + hero.hw > s.x + 4 && hero.x - hero.hw < s.x + s.w - 4;
          if (within && prevBottom <= s.y + 0.5 && hero.y + hero.hh >= s.y) {
            hero.y = s.y - hero.hh;
            hero.vy = 0;
            hero.grounded = true;
          }
        });
      }
      if (hero.y - hero.hh < HUD_H) {
        hero.y = HUD_H + hero.hh;
        hero.vy = Math.max(0, hero.vy);
      }

      for (const e of w.entities) {
        if (e.kind !== 'hazard') continue;
        const f = hazardFactor(w, e);
        const behaviour = w.spec.hazards[e.ref]?.behaviour;
        if (behaviour === 'patrol') {
          patrol(e, f, dt);
        } else if (behaviour === 'chase') {
          // Slower than the hero, and only along the ground: climbing is always an escape.
          const speed = Math.min(60 * f, RUN_SPEED * heroSpeedFactor(w) * 0.5);
          e.x += clamp(hero.x - e.x, -speed * dt, speed * dt);
        } else if (behaviour === 'fall') {
          e.y += 110 * f * dt;
          if (e.y - e.hh > GROUND_TOP) {
            e.y = HUD_H + e.hh;
            e.x = w.rng.range(40, WORLD_W - 40);
          }
        } else if (behaviour === 'bounce') {
          e.x += e.vx * f * dt;
          e.y += e.vy * f * dt;
          if (e.x < e.hw || e.x > WORLD_W - e.hw) e.vx = -e.vx;
          if (e.y < HUD_H + e.hh || e.y > GROUND_TOP - e.hh) e.vy = -e.vy;
          e.x = clamp(e.x, e.hw, WORLD_W - e.hw);
          e.y = clamp(e.y, HUD_H + e.hh, GROUND_TOP - e.hh);
        }
      }
    },

    describe(w) {
      return { platforms: w.solids.map((s) => ({ ...s })) };
    },
  };
}
