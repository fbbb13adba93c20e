import { moveFalling, spawnFalling } from './falling.js';
import { heroSpeedFactor } from './rules.js';
import { hazardRate, steerHero, type TypeLogic } from './type-logic.js';
import { makeEntity, WORLD_W } from './world.js';

/**
 * Catcher: move a basket along the bottom, catch the good things, let the bad ones fall past.
 * Missing a good thing costs nothing: the game rewards catching, it does not punish.
 */

export const BASKET_Y = 530;
export const MOVE_SPEED = 420;

export function createCatcher(): TypeLogic {
  return {
    setup(w) {
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, WORLD_W / 2, BASKET_Y, 88);
      w.hero.hh = 28;
      w.clock.drop = 0.5;
      w.clock.power = 12;
    },

    step(w, dt, input) {
      steerHero(w, input, MOVE_SPEED * heroSpeedFactor(w) * dt, 'x');
      const clock = w.clock as { drop: number; power: number };
      clock.drop -= dt * w.difficulty * w.stage.spawnRate;
      clock.power -= dt;
      if (clock.drop <= 0) {
        const bad = w.spec.hazards.length > 0 && w.rng.next() < Math.min(0.45, 0.3 * hazardRate(w));
        spawnFalling(w, bad ? 'hazard' : 'item', w.rng.range(130, 190));
        clock.drop = w.rng.range(0.7, 1.1);
      }
      if (clock.power <= 0 && w.spec.powerUps.length > 0) {
        spawnFalling(w, 'power', 120);
        clock.power = w.rng.range(12, 18);
      }
      moveFalling(w, dt);
    },
  };
}
