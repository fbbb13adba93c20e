import type { Rng } from './rng.js';

/**
 * Maze generation and path finding on a grid of cells. Cells are numbered row by row; each keeps a
 * bitmask of the directions it is open to. A depth-first carve makes a perfect maze (every cell
 * reachable), then a few extra openings add loops so a chasing hazard can be walked around.
 */

export const N = 1;
export const E = 2;
export const S = 4;
export const W = 8;

const DIRS = [
  { bit: N, dc: 0, dr: -1, back: S },
  { bit: E, dc: 1, dr: 0, back: W },
  { bit: S, dc: 0, dr: 1, back: N },
  { bit: W, dc: -1, dr: 0, back: E },
] as const;

export interface Grid {
  cols: number;
  rows: number;
  open: number[];
}

export function generateMaze(cols: number, rows: number, rng: Rng, loops = 0.08): Grid {
  const open = new Array<number>(cols * rows).fill(0);
  const seen = new Array<boolean>(cols * rows).fill(false);
  const stack = [0];
  seen[0] = true;
  while (stack.length > 0) {
    const cell = stack[stack.length - 1] as number;
    const c = cell % cols;
    const r = Math.floor(cell / cols);
    const options = DIRS.filter((d) => {
      const nc = c + d.dc;
      const nr = r + d.dr;
      return nc >= 0 && nr >= 0 && nc < cols && nr < rows && !seen[nr * cols + nc];
    });
    if (options.length === 0) {
      stack.pop();
      continue;
    }
    const d = rng.pick(options);
    const next = (r + d.dr) * cols + (c + d.dc);
    open[cell] = (open[cell] as number) | d.bit;
    open[next] = (open[next] as number) | d.back;
    seen[next] = true;
    stack.push(next);
  }
  const extra = Math.round(cols * rows * loops);
  for (let i = 0; i < extra; i++) {
    const cell = rng.int(0, cols * rows - 1);
    const c = cell % cols;
    const r = Math.floor(cell / cols);
    const d = rng.pick(DIRS);
    const nc = c + d.dc;
    const nr = r + d.dr;
    if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) continue;
    open[cell] = (open[cell] as number) | d.bit;
    open[nr * cols + nc] = (open[nr * cols + nc] as number) | d.back;
  }
  return { cols, rows, open };
}

/** Cells reachable in one move from `cell`. */
export function neighbours(g: Grid, cell: number): number[] {
  const c = cell % g.cols;
  const r = Math.floor(cell / g.cols);
  const bits = g.open[cell] ?? 0;
  return DIRS.filter((d) => bits & d.bit).map((d) => (r + d.dr) * g.cols + (c + d.dc));
}

/** Shortest path from `from` to `to`, both included; empty when there is none. */
export function findPath(g: Grid, from: number, to: number): number[] {
  if (from === to) return [from];
  const prev = new Map<number, number>([[from, -1]]);
  const queue = [from];
  while (queue.length > 0) {
    const cell = queue.shift() as number;
    for (const n of neighbours(g, cell)) {
      if (prev.has(n)) continue;
      prev.set(n, cell);
      if (n === to) {
        const path = [to];
        let at = cell;
        while (at !== -1) {
          path.push(at);
          at = prev.get(at) as number;
        }
        return path.reverse();
      }
      queue.push(n);
    }
  }
  return [];
}

/** Distance in moves from `from` to every cell (-1 where unreachable). */
export function distances(g: Grid, from: number): number[] {
  const dist = new Array<number>(g.cols * g.rows).fill(-1);
  dist[from] = 0;
  const queue = [from];
  while (queue.length > 0) {
    const cell = queue.shift() as number;
    for (const n of neighbours(g, cell)) {
      if (dist[n] !== -1) continue;
      dist[n] = (dist[cell] as number) + 1;
      queue.push(n);
    }
  }
  return dist;
}
