import type Phaser from 'phaser';
import { HUD_H, WORLD_H, WORLD_W, type World } from '../logic/world.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** A meadow seen from above: the ground colour with a soft pattern, walk anywhere. */
export class CollectorScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'steer';

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, _w: World) {
    g.fillStyle(this.colours.ground, 0.35).fillRect(0, HUD_H, WORLD_W, WORLD_H - HUD_H);
    g.fillStyle(this.colours.ground, 0.25);
    for (let i = 0; i < 60; i++)
      g.fillCircle((i * 137) % WORLD_W, HUD_H + ((i * 89) % (WORLD_H - HUD_H)), 6 + (i % 4) * 3);
    this.drawSky(g);
  }
}
