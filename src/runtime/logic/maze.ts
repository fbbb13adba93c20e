import { distances, findPath, type Grid, generateMaze, neighbours } from './maze-gen.js';
import { canMove, hazardFactor, heroSpeedFactor } from './rules.js';
import { hazardRefs, itemRefs, type TypeLogic } from './type-logic.js';
import { type Entity, HUD_H, type MazeData, makeEntity, WORLD_H, WORLD_W, type World } from './world.js';

/**
 * Maze: find the way to the exit, picking things up on the way. Movement is cell to cell along
 * open passages, so walls are exactly where they are drawn. A tap walks the shortest path to the
 * tapped cell, which is how a small child on a tablet plays it. Each level's maze is bigger (see
 * levels.ts); cells shrink to fit, sprites with them.
 */

const HERO_SPEED = 200;
/** Room around the maze inside the playfield. */
const MARGIN_X = 10;
const MARGIN_Y = 8;

/** The grid and where it sits on screen, for a maze of `cols` × `rows` cells. */
export function mazeFrame(cols: number, rows: number): Omit<MazeData, 'open' | 'exit'> {
  const cell = Math.floor(Math.min((WORLD_W - 2 * MARGIN_X) / cols, (WORLD_H - HUD_H - 2 * MARGIN_Y) / rows));
  return {
    cols,
    rows,
    cell,
    originX: Math.round((WORLD_W - cols * cell) / 2),
    originY: Math.round(HUD_H + (WORLD_H - HUD_H - rows * cell) / 2),
  };
}

type Frame = Pick<MazeData, 'cols' | 'rows' | 'cell' | 'originX' | 'originY'>;

export function cellCentre(m: Frame, cell: number): { x: number; y: number } {
  return {
    x: m.originX + (cell % m.cols) * m.cell + m.cell / 2,
    y: m.originY + Math.floor(cell / m.cols) * m.cell + m.cell / 2,
  };
}

export function cellAt(m: Frame, x: number, y: number): number {
  const c = Math.min(m.cols - 1, Math.max(0, Math.floor((x - m.originX) / m.cell)));
  const r = Math.min(m.rows - 1, Math.max(0, Math.floor((y - m.originY) / m.cell)));
  return r * m.cols + c;
}

/** The maze's passages as a grid for path finding. */
export function mazeGrid(w: World): Grid {
  const m = w.maze as MazeData;
  return { cols: m.cols, rows: m.rows, open: m.open };
}

export function exitCellOf(m: MazeData): number {
  return m.exit.row * m.cols + m.exit.col;
}

/** Sprite sizes follow the cell, never below what a finger and an eye can find. */
export function mazeSpriteSize(cell: number, kind: Entity['kind']): number {
  const big = kind === 'hero' || kind === 'hazard' || kind === 'exit';
  return Math.max(32, Math.round(cell * (big ? 0.64 : 0.5)));
}

/** Moves an entity towards the centre of cell `e.b`; true when it arrived. */
function walk(m: Frame, e: Entity, speed: number, dt: number): boolean {
  const to = cellCentre(m, e.b);
  const dx = to.x - e.x;
  const dy = to.y - e.y;
  const d = Math.sqrt(dx * dx + dy * dy);
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

/** The shortest way from the hero to the nearest item still in the maze, cell by cell. */
export function pathToNearestItem(w: World): number[] {
  const m = w.maze as MazeData;
  const grid = mazeGrid(w);
  const dist = distances(grid, w.hero.a);
  let best: Entity | null = null;
  for (const it of w.entities) {
    if (it.kind !== 'item' || it.dead) continue;
    if (!best || (dist[cellAt(m, it.x, it.y)] ?? 0) < (dist[cellAt(m, best.x, best.y)] ?? 0)) best = it;
  }
  return best ? findPath(grid, w.hero.a, cellAt(m, best.x, best.y)) : [];
}

export function createMaze(): TypeLogic {
  return {
    setup(w) {
      const { cols, rows } = w.stage.maze;
      const grid = generateMaze(cols, rows, w.rng);
      const frame = mazeFrame(cols, rows);
      // The exit is the cell farthest from the start by the maze's own paths, so every layout is a
      // real journey (a fixed corner can end up a short walk away in one maze and a long one in the next).
      const far = distances(grid, 0);
      let exitAt = cols * rows - 1;
      far.forEach((d, cell) => {
        if (d > (far[exitAt] ?? 0)) exitAt = cell;
      });
      const m: MazeData = {
        ...frame,
        open: grid.open,
        exit: { col: exitAt % cols, row: Math.floor(exitAt / cols) },
      };
      w.maze = m;
      w.route = [];
      const exitCell = exitCellOf(m);
      const size = (kind: Entity['kind']) => mazeSpriteSize(m.cell, kind);
      const start = cellCentre(m, 0);
      w.hero = makeEntity(w, 'hero', w.spec.hero.emoji, start.x, start.y, size('hero'));
      w.hero.a = 0;
      w.hero.b = -1;
      if (w.goal.kind === 'reach-exit') {
        const c = cellCentre(m, exitCell);
        w.entities.push(makeEntity(w, 'exit', '🚪', c.x, c.y, size('exit')));
      }
      const free = w.rng.shuffle(
        Array.from({ length: cols * rows - 1 }, (_, i) => i + 1).filter((c) => c !== exitCell),
      );
      for (const ref of itemRefs(w)) {
        const cell = free.shift();
        if (cell === undefined) break;
        const c = cellCentre(m, cell);
        const e = makeEntity(w, 'item', w.spec.collectibles[ref]?.emoji ?? '⭐', c.x, c.y, size('item'));
        e.ref = ref;
        w.entities.push(e);
      }
      w.spec.powerUps.forEach((p, ref) => {
        const cell = free.shift();
        if (cell === undefined) return;
        const c = cellCentre(m, cell);
        const e = makeEntity(w, 'power', p.emoji, c.x, c.y, size('power'));
        e.ref = ref;
        w.entities.push(e);
      });
      // Hazards start well away from the hero (six moves or more) and never on an item. A hazard
      // that never moves only sits at the end of a dead end off the way out, so it can never be the
      // one thing between the child and the exit or an item.
      const dist = distances(grid, 0);
      const onWayOut = new Set(findPath(grid, 0, exitCell));
      const spare = free.filter((cell) => (dist[cell] ?? 0) >= 6);
      for (const ref of hazardRefs(w)) {
        const still = w.spec.hazards[ref]?.behaviour === 'static';
        const i = spare.findIndex(
          (cell) => !still || (neighbours(grid, cell).length === 1 && !onWayOut.has(cell)),
        );
        if (i === -1) continue;
        const cell = spare.splice(i, 1)[0] as number;
        const c = cellCentre(m, cell);
        const e = makeEntity(w, 'hazard', w.spec.hazards[ref]?.emoji ?? '👻', c.x, c.y, size('hazard'));
        e.ref = ref;
        e.a = cell;
        e.b = -1;
        e.t = -1;
        w.entities.push(e);
      }
    },

    step(w, dt, input) {
      const m = w.maze as MazeData;
      const grid = mazeGrid(w);
      const hero = w.hero;
      const heroSpeed = HERO_SPEED * heroSpeedFactor(w);
      const keyDir = input.up ? -m.cols : input.down ? m.cols : input.left ? -1 : input.right ? 1 : 0;
      if (keyDir !== 0) {
        input.target = null;
        w.route = [];
      } else if (input.target) {
        w.route = findPath(
          grid,
          hero.b === -1 ? hero.a : hero.b,
          cellAt(m, input.target.x, input.target.y),
        ).slice(1);
        input.target = null;
      }
      if (canMove(w)) {
        if (hero.b === -1) {
          // A left or right key on the edge column would wrap to the next row: only real passages count.
          const wanted = keyDir !== 0 ? hero.a + keyDir : w.route.shift();
          if (wanted !== undefined && neighbours(grid, hero.a).includes(wanted)) hero.b = wanted;
        }
        if (hero.b !== -1 && walk(m, hero, heroSpeed, dt)) {
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
        if (e.b !== -1 && walk(m, e, speed, dt)) {
          e.t = e.a;
          e.a = e.b;
          e.b = -1;
        }
      }
    },

    describe(w) {
      const m = w.maze as MazeData;
      const grid = mazeGrid(w);
      const exitCell = exitCellOf(m);
      const toItem = pathToNearestItem(w);
      const cellOf = (n: number) => ({ col: n % m.cols, row: Math.floor(n / m.cols) });
      return {
        maze: { cols: m.cols, rows: m.rows, cell: m.cell, originX: m.originX, originY: m.originY },
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
