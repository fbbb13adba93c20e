import type { Rng } from './rng.js';
import { type Rect, WORLD_W } from './world.js';

/**
 * Platformer level geometry. v1's platformer could not be won; here every platform is reachable
 * by construction (each one overlaps one in the row below by more than the hero is wide, and the
 * rows are closer than the lowest possible jump), and `reachableSurfaces` proves it in tests.
 */

export const GRAVITY = 1500;
export const GROUND_TOP = 560;
export const ROW_TOPS = [465, 370, 275, 180] as const;
export const PLATFORM_H = 18;
export const HERO_W = 40;
export const HERO_H = 44;
/** Horizontal overlap a platform keeps with one below it, with room to stand and jump. */
const MIN_OVERLAP = 80;

/** How high the hero's feet rise in a jump, for the spec's jump multiplier (always above a row gap). */
export function jumpHeight(jump: number): number {
  return 150 * (0.85 + 0.15 * Math.min(2, Math.max(0.5, jump)));
}

export function jumpVelocity(jump: number): number {
  return Math.sqrt(2 * GRAVITY * jumpHeight(jump));
}

export interface PlatformLayout {
  /** Index 0 is the ground (full width); then the platforms, lowest row first. */
  surfaces: Rect[];
}

function overlapX(a: Rect, b: Rect): number {
  return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
}

export function generatePlatforms(rng: Rng): PlatformLayout {
  const ground: Rect = { x: 0, y: GROUND_TOP, w: WORLD_W, h: 600 - GROUND_TOP };
  const surfaces: Rect[] = [ground];
  let below: Rect[] = [ground];
  for (const top of ROW_TOPS) {
    const n = rng.int(2, 3);
    const slot = WORLD_W / n;
    const row: Rect[] = [];
    for (let i = 0; i < n; i++) {
      const w = rng.int(150, Math.min(220, Math.floor(slot) - 40));
      const rect: Rect = { x: i * slot + rng.range(20, slot - w - 20), y: top, w, h: PLATFORM_H };
      if (!below.some((b) => overlapX(rect, b) >= MIN_OVERLAP)) {
        // Slide it over the nearest platform below so it can be reached by jumping straight up.
        const centre = rect.x + rect.w / 2;
        const nearest = below.reduce((best, b) =>
          Math.abs(b.x + b.w / 2 - centre) < Math.abs(best.x + best.w / 2 - centre) ? b : best,
        );
        rect.x = rect.x < nearest.x ? nearest.x + MIN_OVERLAP - rect.w : nearest.x + nearest.w - MIN_OVERLAP;
      }
      rect.x = Math.round(Math.min(WORLD_W - rect.w - 10, Math.max(10, rect.x)));
      row.push(rect);
    }
    surfaces.push(...row);
    below = row;
  }
  return { surfaces };
}

/**
 * Indices of the surfaces the hero can stand on, starting from the ground: a surface is reachable
 * from a lower one when the height gap is inside the jump (with a margin) and they overlap enough
 * to jump straight up (platforms let the hero pass through from below).
 */
export function reachableSurfaces(layout: PlatformLayout, jump: number): Set<number> {
  const h = jumpHeight(jump) - 12;
  const seen = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const qi = queue.shift() as number;
    const q = layout.surfaces[qi] as Rect;
    layout.surfaces.forEach((p, pi) => {
      if (seen.has(pi)) return;
      const up = q.y - p.y;
      if (up > 0 && up <= h && overlapX(p, q) >= HERO_W) {
        seen.add(pi);
        queue.push(pi);
      }
    });
  }
  return seen;
}
