import type Phaser from 'phaser';
import { WORLD_W, type World } from '../logic/world.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** The road: ground drawn from the runner's one solid; tap anywhere to jump. */
export class RunnerScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'tap-jump';
  private road: Phaser.GameObjects.Graphics | null = null;

  /** Marks on the road slide by with the distance run, so the world visibly moves. */
  protected override drawMotion(w: World) {
    this.road ??= this.add.graphics().setDepth(1);
    const ground = w.solids[0];
    if (!ground) return;
    const offset = (w.clock.run ?? 0) % 120;
    this.road.clear().fillStyle(0xffffff, 0.35);
    for (let x = -offset; x < WORLD_W + 120; x += 120) this.road.fillRect(x, ground.y + 24, 50, 6);
  }

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, w: World) {
    this.drawSky(g);
    for (const s of w.solids) {
      g.fillStyle(this.colours.ground, 1).fillRect(s.x, s.y, s.w, s.h);
      g.fillStyle(this.colours.accent, 0.9).fillRect(s.x, s.y, s.w, 5);
    }
  }
}
