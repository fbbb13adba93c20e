import type Phaser from 'phaser';
import type { World } from '../logic/world.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** Platforms drawn from exactly the rectangles the hero stands on (w.solids). */
export class PlatformerScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'walk-jump';

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, w: World) {
    this.drawSky(g);
    w.solids.forEach((s, i) => {
      g.fillStyle(this.colours.ground, 1).fillRoundedRect(s.x, s.y, s.w, s.h, i === 0 ? 0 : 6);
      // A lighter lip shows the surface you land on.
      g.fillStyle(this.colours.accent, 0.9).fillRect(
        s.x + (i === 0 ? 0 : 4),
        s.y,
        s.w - (i === 0 ? 0 : 8),
        5,
      );
    });
  }
}
