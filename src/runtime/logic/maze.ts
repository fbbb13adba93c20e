import { distances, findPath, type Grid, generateMaze, neighbours } from './maze-gen.js';
import { canMove, hazardFactor, heroSpeedFactor } from './rules.js';
import { hazardRefs, itemRefs, type TypeLogic } from './type-logic.js';
import { type Entity, HUD_H, makeEntity, WORLD_H, WORLD_W, type World } from './world.js';

/**
 * Maze: find the way to the exit, picking things up on the way. Movement is cell to cell along
 * open passages, so walls are exactly where they are drawn. A tap walks the shortest path to the
 * tapped cell, which is how a small child on a tablet plays it.
 */

export const MAZE_COLS = 11;
export const MAZE_ROWS = 7;
export const MAZE_CELL = 68;
const ORIGIN_X = (WORLD_W - MAZE_COLS * MAZE_CELL) / 2;
const ORIGIN_Y = HUD_H + (WORLD_H - HUD_H - MAZE_ROWS * MAZE_CELL) / 2;
const HERO_SPEED = 200;

export function cellCentre(cell: number): { x: number; y: number } {
  return {
    x: ORIGIN_X + (cell % MAZE_COLS) * MAZE_CELL + MAZE_CELL / 2,
    y: ORIGIN_Y + Math.floor(cell / MAZE_COLS) * MAZE_CELL + MAZE_CELL / 2,
  };
}

export function cellAt(x: number, y: number): number {
  const c = Math.min(MAZE_COLS - 1, Math.max(0, Math.floor((x - ORIGIN_X) / MAZE_CELL)));
  const r = Math.min(MAZE_ROWS - 1, Math.max(0, Math.floor((y - ORIGIN_Y) / MAZE_CELL)));
  return r * MAZE_COLS + c;
}

/** Moves an entity towards the centre of cell `e.b`; true when it arrived. */
function walk(e: Entity, speed: number, dt: number): boolean {
  const to = cellCentre(e.b);
  const dx = to.x - e.x;
  const dy = to.y - e.y;
  const d = Math.hypot(dx, dy);
  const s = speed * dt;
  if (d <= s) {
    e.x = to.x;
    e.y = to.y;
    return true;
  }
  e.x += (dx / d) * s;
  e.y += (dy / d) * s;
  return false;
}

export function createMaze(): TypeLogic {
  let grid: Grid = { cols: MAZE_COLS, rows: MAZE_ROWS, open: [] };
  const exitCell = MAZE_COLS * MAZE_ROWS - 1;
  /** Cells the hero still has to walk, from a tap. */
  let path: number[] = [];

  const pathToNearestItem = (w: World): number[] => {
    const dist = distances(grid, w.hero.a);
    const items = w.entities.filter((e) => e.kind === 'item' && !e.dead);
    let best: Entity | null = null;
    for (const it of items) {
      if (!best || (dist[cellAt(it.x, it.y)] ?? 0) < (dist[cellAt(best.x, best.y)] ?? 0)) best = it;
    }
    return best ? findPath(grid, w.hero.a, cellAt(best.x, best.y)) : [];
  };

  return {
    setup(w) {
      grid = generateMaze(MAZE_COLS, MAZE_ROWS, w.rng);
      path = [];
      w.maze = {
        cols: MAZE_COLS,
        rows: MAZE_ROWS,
        cell: MAZE_CELL,
        originX: ORIGIN_X,
        originY: ORIGIN_Y,
        open: grid.open,
        exit: { col: MAZE_COLS - 1, row: MAZE_ROWS - 1 },
      };
      const start = cellCentre(0);
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, start.x, start.y, 44);
      w.hero.a = 0;
      w.hero.b = -1;
      if (w.goal.kind === 'reach-exit') {
        const c = cellCentre(exitCell);
        w.entities.push(makeEntity(w, 'exit', '🚪', c.x, c.y, 48));
      }
      const free = w.rng.shuffle(Array.from({ length: MAZE_COLS * MAZE_ROWS - 2 }, (_, i) => i + 1));
      for (const ref of itemRefs(w)) {
        const cell = free.shift();
        if (cell === undefined) break;
        const c = cellCentre(cell);
        const e = makeEntity(w, 'item', w.spec.collectibles[ref]?.emoji ?? '⭐', c.x, c.y, 34);
        e.ref = ref;
        w.entities.push(e);
      }
      w.spec.powerUps.forEach((p, ref) => {
        const cell = free.shift();
        if (cell === undefined) return;
        const c = cellCentre(cell);
        const e = makeEntity(w, 'power', p.emoji, c.x, c.y, 34);
        e.ref = ref;
        w.entities.push(e);
      });
      // Hazards start well away from the hero (six moves or more) and never on an item. A hazard
      // that never moves only sits at the end of a dead end off the way out, so it can never be the
      // one thing between the child and the exit or an item.
      const dist = distances(grid, 0);
      const onWayOut = new Set(findPath(grid, 0, exitCell));
      const spare = free.filter((cell) => (dist[cell] ?? 0) >= 6);
      for (const ref of hazardRefs(w, 5)) {
        const still = w.spec.hazards[ref]?.behaviour === 'static';
        const i = spare.findIndex(
          (cell) => !still || (neighbours(grid, cell).length === 1 && !onWayOut.has(cell)),
        );
        if (i === -1) continue;
        const cell = spare.splice(i, 1)[0] as number;
        const c = cellCentre(cell);
        const e = makeEntity(w, 'hazard', w.spec.hazards[ref]?.emoji ?? '👻', c.x, c.y, 40);
        e.ref = ref;
        e.a = cell;
        e.b = -1;
        e.t = -1;
        w.entities.push(e);
      }
    },

    step(w, dt, input) {
      const hero = w.hero;
      const heroSpeed = HERO_SPEED * heroSpeedFactor(w);
      const keyDir = input.up ? -MAZE_COLS : input.down ? MAZE_COLS : input.left ? -1 : input.right ? 1 : 0;
      if (keyDir !== 0) {
        input.target = null;
        path = [];
      } else if (input.target) {
        path = findPath(grid, hero.b === -1 ? hero.a : hero.b, cellAt(input.target.x, input.target.y)).slice(
          1,
        );
        input.target = null;
      }
      if (canMove(w)) {
        if (hero.b === -1) {
          const wanted = keyDir !== 0 ? hero.a + keyDir : path.shift();
          if (wanted !== undefined && neighbours(grid, hero.a).includes(wanted)) hero.b = wanted;
        }
        if (hero.b !== -1 && walk(hero, heroSpeed, dt)) {
          hero.a = hero.b;
          hero.b = -1;
        }
      }

      for (const e of w.entities) {
        if (e.kind !== 'hazard') continue;
        const behaviour = w.spec.hazards[e.ref]?.behaviour;
        if (behaviour === 'static') continue;
        if (e.b === -1) {
          if (behaviour === 'chase') {
            e.b = findPath(grid, e.a, hero.a)[1] ?? -1;
          } else {
            // Wander without turning straight back unless it is a dead end.
            const options = neighbours(grid, e.a);
            const onward = options.filter((n) => n !== e.t);
            e.b = w.rng.pick(onward.length > 0 ? onward : options);
          }
        }
        const speed = Math.min(110 * hazardFactor(w, e), heroSpeed * 0.6);
        if (e.b !== -1 && walk(e, speed, dt)) {
          e.t = e.a;
          e.a = e.b;
          e.b = -1;
        }
      }
    },

    describe(w) {
      const toItem = pathToNearestItem(w);
      const cellOf = (n: number) => ({ col: n % MAZE_COLS, row: Math.floor(n / MAZE_COLS) });
      return {
        maze: { cols: MAZE_COLS, rows: MAZE_ROWS, cell: MAZE_CELL, originX: ORIGIN_X, originY: ORIGIN_Y },
        heroCell: cellOf(w.hero.a),
        /** Between cells; a key pressed now only counts once the hero arrives. */
        moving: w.hero.b !== -1,
        exitCell: w.goal.kind === 'reach-exit' ? cellOf(exitCell) : null,
        /** The way to the exit (or, with no exit, to the nearest item), cell by cell, for scripted players. */
        solution: (w.goal.kind === 'reach-exit' ? findPath(grid, w.hero.a, exitCell) : toItem).map(cellOf),
        toItem: toItem.map(cellOf),
      };
    },
  };
}
