import type Phaser from 'phaser';
import { E, S } from '../logic/maze-gen.js';
import type { Entity, World } from '../logic/world.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** Walls drawn from the same open-passage masks the hero moves by; tap a cell to walk there. */
export class MazeScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'steer';

  /** Sprites follow the cell size (bigger mazes have smaller cells), a little larger than their boxes. */
  protected override spriteSize(e: Entity) {
    const s = Math.round(Math.max(e.hw, e.hh) * 2 * 1.2);
    return { w: s, h: s };
  }

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, w: World) {
    const m = w.maze;
    if (!m) return;
    g.fillStyle(this.colours.ground, 0.25).fillRect(m.originX, m.originY, m.cols * m.cell, m.rows * m.cell);
    g.fillStyle(this.colours.accent, 0.35).fillRect(
      m.originX + m.exit.col * m.cell,
      m.originY + m.exit.row * m.cell,
      m.cell,
      m.cell,
    );
    g.lineStyle(7, this.colours.ground, 1);
    g.strokeRect(m.originX, m.originY, m.cols * m.cell, m.rows * m.cell);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++) {
        const bits = m.open[r * m.cols + c] ?? 0;
        const x = m.originX + c * m.cell;
        const y = m.originY + r * m.cell;
        // Each cell draws its east and south walls; the outer frame covers the rest.
        if (c < m.cols - 1 && !(bits & E)) g.lineBetween(x + m.cell, y, x + m.cell, y + m.cell);
        if (r < m.rows - 1 && !(bits & S)) g.lineBetween(x, y + m.cell, x + m.cell, y + m.cell);
      }
    }
  }
}
