import { itemPlan } from './goals.js';
import type { Input, World } from './world.js';

/** What each game type supplies: building its level and moving things one fixed step. */
export interface TypeLogic {
  /** Places the hero, items, hazards and geometry. Runs before the goal's totals are known. */
  setup(w: World): void;
  /** Moves the hero and everything else; the shared rules then resolve contacts. */
  step(w: World, dt: number, input: Input): void;
  /** Type-specific facts for render_game_to_text (layouts, paths) so tests can play for real. */
  describe?(w: World): Record<string, unknown>;
}

/** One collectible index per item to place, following the spec's counts (capped per type). */
export function itemRefs(w: World): number[] {
  return itemPlan(w.spec).flatMap((count, ref) => Array.from({ length: count }, () => ref));
}

/** A collectible index chosen in proportion to the spec's counts (for types that keep spawning). */
export function weightedItemRef(w: World): number {
  const counts = w.spec.collectibles.map((c) => c.count);
  let roll = w.rng.next() * counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < counts.length; i++) {
    roll -= counts[i] as number;
    if (roll < 0) return i;
  }
  return 0;
}

/** Hazard indices, one per hazard to place, total capped so a screen never fills up. */
export function hazardRefs(w: World, cap: number): number[] {
  const refs = w.spec.hazards.flatMap((h, ref) => Array.from({ length: h.count }, () => ref));
  return refs.slice(0, cap);
}

/** A unit direction and how far the hero may go along it this step (so steering never overshoots). */
export interface Heading {
  dx: number;
  dy: number;
  dist: number;
}

/** Steering towards a finger, or null when there is no target. The target is dropped once reached. */
export function steer(input: Input, x: number, y: number, axes: 'xy' | 'x'): Heading | null {
  const t = input.target;
  if (!t) return null;
  const dx = t.x - x;
  const dy = axes === 'xy' ? t.y - y : 0;
  const d = Math.hypot(dx, dy);
  if (d < 2) {
    input.target = null;
    return { dx: 0, dy: 0, dist: 0 };
  }
  return { dx: dx / d, dy: dy / d, dist: d };
}

/** Direction from held keys (diagonals normalised). */
export function keyDirection(input: Input): Heading {
  const dx = (input.right ? 1 : 0) - (input.left ? 1 : 0);
  const dy = (input.down ? 1 : 0) - (input.up ? 1 : 0);
  const d = Math.hypot(dx, dy) || 1;
  return { dx: dx / d, dy: dy / d, dist: Number.POSITIVE_INFINITY };
}

/** Keys win over a finger: pressing one drops the target. */
export function heading(input: Input, x: number, y: number, axes: 'xy' | 'x'): Heading {
  const keys = keyDirection(input);
  if (keys.dx !== 0 || (axes === 'xy' && keys.dy !== 0)) {
    input.target = null;
    return axes === 'x' ? { dx: Math.sign(keys.dx), dy: 0, dist: keys.dist } : keys;
  }
  return steer(input, x, y, axes) ?? { dx: 0, dy: 0, dist: 0 };
}
