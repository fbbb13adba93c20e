import { moveFalling, spawnFalling } from './falling.js';
import { heroSpeedFactor } from './rules.js';
import { hazardRate, steerHero, type TypeLogic } from './type-logic.js';
import { makeEntity, WORLD_H, WORLD_W } from './world.js';

/**
 * Obstacle avoider: hazards rain down, bonuses drift among them; dodge and collect. It gets a
 * little busier over a level (up to 1.6 times the start rate), never faster than a child can follow.
 */

export const MOVE_SPEED = 260;

export function createAvoider(): TypeLogic {
  return {
    setup(w) {
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, WORLD_W / 2, WORLD_H - 70, 44);
      w.clock.hazard = 1.2;
      w.clock.item = 0.6;
      w.clock.power = 10;
    },

    step(w, dt, input) {
      steerHero(w, input, MOVE_SPEED * heroSpeedFactor(w) * dt, 'xy');
      const busier = 1 + Math.min(0.6, w.elapsed / 150);
      const clock = w.clock as { hazard: number; item: number; power: number };
      clock.hazard -= dt * busier * w.difficulty * hazardRate(w);
      clock.item -= dt * w.stage.spawnRate;
      clock.power -= dt;
      if (clock.hazard <= 0 && w.spec.hazards.length > 0) {
        spawnFalling(w, 'hazard', w.rng.range(150, 220));
        clock.hazard = w.rng.range(0.8, 1.3);
      }
      if (clock.item <= 0) {
        spawnFalling(w, 'item', w.rng.range(100, 150));
        clock.item = w.rng.range(0.9, 1.5);
      }
      if (clock.power <= 0 && w.spec.powerUps.length > 0) {
        spawnFalling(w, 'power', 110);
        clock.power = w.rng.range(12, 18);
      }
      moveFalling(w, dt);
    },
  };
}
