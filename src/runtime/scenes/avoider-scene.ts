import type Phaser from 'phaser';
import { WORLD_H, WORLD_W, type World } from '../logic/world.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** Open sky with a strip of ground: things fall from the top, the hero moves anywhere. */
export class AvoiderScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'steer';

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, _w: World) {
    this.drawSky(g);
    g.fillStyle(this.colours.ground, 1).fillRect(0, WORLD_H - 18, WORLD_W, 18);
  }
}
