import { canMove } from './rules.js';
import { clamp, HUD_H, type Input, WORLD_H, WORLD_W, type World } from './world.js';

/** What each game type supplies: building its level and moving things one fixed step. */
export interface TypeLogic {
  /** Places the hero, items, hazards and geometry. Runs before the goal's totals are known. */
  setup(w: World): void;
  /** Moves the hero and everything else; the shared rules then resolve contacts. */
  step(w: World, dt: number, input: Input): void;
  /** Type-specific facts for render_game_to_text (layouts, paths) so tests can play for real. */
  describe?(w: World): Record<string, unknown>;
}

/** One collectible index per item to place in this level (see levels.ts). */
export function itemRefs(w: World): number[] {
  return w.stage.items.flatMap((count, ref) => Array.from({ length: count }, () => ref));
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

/**
 * How busy with hazards a game of falling or passing things is (avoider, catcher, runner): 1 for
 * three hazards, a third for one, twice for six or more. The level's hazard count rises, so later
 * levels are busier, and a spec asking for fewer hazards gets fewer.
 */
export function hazardRate(w: World): number {
  return Math.min(2, Math.max(1 / 3, w.stage.hazards / 3));
}

/** Hazard indices, one per hazard to place in this level, each kind in proportion to its count. */
export function hazardRefs(w: World): number[] {
  const base = w.spec.hazards.flatMap((h, ref) => Array.from({ length: h.count }, () => ref));
  const n = w.stage.hazards;
  if (base.length === 0) return [];
  return Array.from({ length: n }, (_, i) =>
    n <= base.length
      ? (base[Math.floor((i * base.length) / n)] as number)
      : (base[i % base.length] as number),
  );
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
  const d = Math.sqrt(dx * dx + dy * dy);
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
  const d = Math.sqrt(dx * dx + dy * dy) || 1;
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

/**
 * Moves the hero up to `pixels` towards where the child steers (keys, or a finger's target), and
 * keeps it inside the field. `x`: along the bottom only (a basket).
 */
export function steerHero(w: World, input: Input, pixels: number, axes: 'xy' | 'x'): void {
  if (!canMove(w)) return;
  const hero = w.hero;
  const dir = heading(input, hero.x, hero.y, axes);
  const step = Math.min(pixels, dir.dist);
  hero.x = clamp(hero.x + dir.dx * step, hero.hw, WORLD_W - hero.hw);
  if (axes === 'xy') hero.y = clamp(hero.y + dir.dy * step, HUD_H + hero.hh, WORLD_H - hero.hh);
}
