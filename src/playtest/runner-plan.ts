import {
  GRAVITY,
  HERO_X,
  moveRunnerThing,
  runnerJumpVelocity,
  scrollSpeed,
} from '../runtime/logic/runner.js';
import { type Entity, STEP, type World } from '../runtime/logic/world.js';
import type { Skill } from './skill.js';

/**
 * Runner: when to jump. Everything on the road moves by the game's own rule (moveRunnerThing), so
 * the look-ahead knows where each thing will be at every step; the hero's arc is the game's jump.
 * Every possible take-off moment in the look-ahead is scored (no hit first, then treats, then room
 * to spare) and the best one is returned, as steps from now.
 */

/** Heights above the ground, step by step, from the step the jump is taken until landing. */
function jumpArc(w: World): number[] {
  const v0 = runnerJumpVelocity(w.spec.hero.jump);
  const arc: number[] = [];
  let vy = -v0;
  let y = 0;
  for (let i = 0; i < 400; i++) {
    vy += GRAVITY * STEP;
    y += vy * STEP;
    if (y >= 0) break;
    arc.push(-y);
  }
  return arc;
}

interface Track {
  e: Entity;
  xs: Float64Array;
  ys: Float64Array;
  value: number;
  hazard: boolean;
  /** Steps during which it is level with the hero (the only ones that can touch). */
  from: number;
  to: number;
}

/** Steps from now until the best moment to jump, or null when staying on the ground is best. */
export function planRunnerJump(w: World, skill: Skill): number | null {
  const hero = w.hero;
  if (!hero.grounded) return null;
  const arc = jumpArc(w);
  const horizon = Math.max(skill.horizon, arc.length * STEP + 0.25);
  const steps = Math.round(horizon / STEP);
  const speed = w.stunned > 0 ? 0 : scrollSpeed(w);
  const reach = speed * horizon + 120;
  const tracks: Track[] = [];
  for (const src of w.entities) {
    if (src.kind === 'exit' || src.dead) continue;
    if (src.x - HERO_X > reach || src.x - HERO_X < -60) continue;
    if (src.kind !== 'hazard' && w.goal.kind === 'survive') continue;
    const e = { ...src };
    const t: Track = {
      e,
      xs: new Float64Array(steps + 1),
      ys: new Float64Array(steps + 1),
      value: src.kind === 'item' ? (w.spec.collectibles[src.ref]?.points ?? 1) : src.kind === 'power' ? 3 : 0,
      hazard: src.kind === 'hazard',
      from: steps + 1,
      to: -1,
    };
    const side = hero.hw + e.hw;
    for (let k = 1; k <= steps; k++) {
      moveRunnerThing(w, e, STEP, speed);
      t.xs[k] = e.x;
      t.ys[k] = e.y;
      if (Math.abs(e.x - HERO_X) < side) {
        t.from = Math.min(t.from, k);
        t.to = k;
      }
    }
    if (t.to >= 0) tracks.push(t);
  }
  if (!tracks.some((t) => t.hazard) && !tracks.some((t) => t.value > 0)) return null;

  const ground = hero.y;
  const heroY = (k: number, jumpAt: number): number => {
    const i = k - jumpAt - 1;
    return i >= 0 && i < arc.length ? ground - (arc[i] as number) : ground;
  };
  const score = (jumpAt: number): number => {
    let value = 0;
    let room = 60;
    for (const t of tracks) {
      const needX = hero.hw + t.e.hw - 4;
      const needY = hero.hh + t.e.hh - 4;
      for (let k = t.from; k <= t.to; k++) {
        const ox = Math.abs((t.xs[k] as number) - HERO_X) - needX;
        const oy = Math.abs((t.ys[k] as number) - heroY(k, jumpAt)) - needY;
        if (t.hazard) {
          if (ox < 0 && oy < 0) return -1e6 + k;
          room = Math.min(room, Math.max(ox, oy));
        } else if (ox < 0 && oy < 0) {
          value += t.value;
          break;
        }
      }
    }
    // Jumps cost nothing in the game, but a jump that gains nothing is not worth taking.
    return value * 1000 + room * 10 - (jumpAt < steps ? 1 : 0);
  };
  let best: number | null = null;
  let bestScore = score(steps);
  const last = steps - 1;
  for (let j = 0; j <= last; j++) {
    const s = score(j);
    if (s > bestScore) {
      bestScore = s;
      best = j;
    }
  }
  return best;
}
