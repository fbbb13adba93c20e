import { cellAt, exitCellOf, mazeGrid } from '../runtime/logic/maze.js';
import { distances, type Grid, neighbours } from '../runtime/logic/maze-gen.js';
import type { Rng } from '../runtime/logic/rng.js';
import type { MazeData, World } from '../runtime/logic/world.js';
import type { Skill } from './skill.js';

/**
 * Maze: which neighbouring cell to walk into next, decided each time the hero stands on a cell.
 * Hazards are slower than the hero; a cell is safe to enter when no moving hazard is in it, going
 * into it, or next to it (it could step in). The way to the goal goes round unsafe cells; with
 * none, the hero waits, or steps away when a hazard comes close.
 */

/** Breadth-first path from `from` to the nearest cell in `goals`, avoiding `blocked`. */
function pathTo(g: Grid, from: number, goals: Set<number>, blocked: Set<number>): number[] | null {
  if (goals.has(from)) return [from];
  const prev = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let qi = 0; qi < queue.length; qi++) {
    const cell = queue[qi] as number;
    for (const n of neighbours(g, cell)) {
      if (prev.has(n) || blocked.has(n)) continue;
      prev.set(n, cell);
      if (goals.has(n)) {
        const path = [n];
        for (let at = cell; at !== -1; at = prev.get(at) as number) path.push(at);
        return path.reverse();
      }
      queue.push(n);
    }
  }
  return null;
}

export interface MazeMind {
  /** Cells of a wrong turn still to walk (a child exploring a dead end). */
  detour: number[];
}

export const newMazeMind = (): MazeMind => ({ detour: [] });

/** The cells a player wants to reach next: the exit, or the items the goal needs. */
function goalCells(w: World, m: MazeData, skill: Skill, g: Grid): Set<number> {
  const items = w.entities.filter((e) => e.kind === 'item').map((e) => cellAt(m, e.x, e.y));
  if (w.goal.kind === 'reach-exit') {
    // Children pick up what is close by on the way; the perfect player goes straight out.
    if (skill.name !== 'perfect' && items.length > 0) {
      const dist = distances(g, w.hero.a);
      const close = items.filter((c) => (dist[c] ?? 99) <= 2);
      if (close.length > 0) return new Set(close);
    }
    return new Set([exitCellOf(m)]);
  }
  return new Set(items.length > 0 ? items : [exitCellOf(m)]);
}

/**
 * The next cell to step into, or null to wait where the hero is. A `bold` player has waited long
 * enough for a wanderer blocking the only way on, and goes through (a hit, then a moment of blinking
 * to get past).
 */
export function planMazeStep(w: World, skill: Skill, rng: Rng, mind: MazeMind, bold = false): number | null {
  const m = w.maze as MazeData;
  const g = mazeGrid(w);
  const here = w.hero.a;
  const exact = skill.name === 'perfect';
  const occupied = new Set<number>();
  const danger = new Set<number>();
  for (const e of w.entities) {
    if (e.kind !== 'hazard') continue;
    const still = w.spec.hazards[e.ref]?.behaviour === 'static';
    // Perfect eyes know the cell a hazard is heading into (from there it picks its next one); a
    // child only sees where it is and keeps clear of everything around it.
    const cells = exact ? [e.a, ...(e.b >= 0 ? [e.b] : [])] : [cellAt(m, e.x, e.y)];
    for (const c of cells) {
      occupied.add(c);
      danger.add(c);
    }
    const from = exact && e.b >= 0 ? [e.b] : cells;
    if (!still) for (const c of from) for (const n of neighbours(g, c)) danger.add(n);
  }

  if (mind.detour.length > 0) {
    const next = mind.detour.shift() as number;
    if (neighbours(g, here).includes(next) && !occupied.has(next)) return next;
    mind.detour = [];
  }

  const goals = goalCells(w, m, skill, g);
  const blocked = bold ? new Set<number>() : new Set([...danger].filter((c) => c !== here));
  const path = pathTo(g, here, goals, blocked);
  if (path && path.length > 1) {
    const next = path[1] as number;
    const options = neighbours(g, here);
    // A child at a fork sometimes takes the wrong way and follows it a while before coming back.
    if (skill.wrongTurn > 0 && options.length >= 3 && rng.next() < skill.wrongTurn) {
      const wrong = options.filter((n) => n !== next && (path.length < 3 || n !== path[0]) && !danger.has(n));
      if (wrong.length > 0) {
        let at = rng.pick(wrong);
        let from = here;
        const walk = [at];
        for (let i = rng.int(1, 5); i > 0; i--) {
          const on = neighbours(g, at).filter((n) => n !== from);
          if (on.length === 0) break;
          from = at;
          at = rng.pick(on);
          walk.push(at);
        }
        mind.detour = walk.slice(1);
        return walk[0] as number;
      }
    }
    return next;
  }
  if (!danger.has(here)) return null;
  // Threatened and no safe way on: step to the neighbour farthest from every hazard.
  const sources = [...occupied];
  let best: number | null = null;
  let bestD = -1;
  const far = sources.map((s) => distances(g, s));
  for (const n of neighbours(g, here)) {
    if (occupied.has(n)) continue;
    const d = Math.min(...far.map((dist) => dist[n] ?? 0));
    if (d > bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}
