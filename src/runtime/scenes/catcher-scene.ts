import type Phaser from 'phaser';
import type { Entity, World } from '../logic/world.js';
import { WORLD_H, WORLD_W } from '../logic/world.js';
import { emojiTexture } from '../view/emoji-texture.js';
import { PlayScene, type TouchStyle } from '../view/play-scene.js';

/** The hero holds a basket whose width is the catch zone; drag or tap to move it. */
export class CatcherScene extends PlayScene {
  protected readonly touchStyle: TouchStyle = 'steer-x';
  protected override readonly heroLift = -34;
  private basket: Phaser.GameObjects.Image | null = null;

  protected drawBackdrop(g: Phaser.GameObjects.Graphics, _w: World) {
    this.drawSky(g);
    g.fillStyle(this.colours.ground, 1).fillRect(0, WORLD_H - 40, WORLD_W, 40);
  }

  protected override spriteSize(e: Entity) {
    // The hero stands behind the basket; the basket is as wide as the catch zone.
    if (e.kind === 'hero') return { w: 52, h: 52 };
    return super.spriteSize(e);
  }

  protected override decorateHero(hero: Entity) {
    if (!this.basket?.active) {
      this.basket = this.add.image(hero.x, hero.y, emojiTexture(this, '🧺')).setDepth(21);
      this.basket.setDisplaySize(hero.hw * 2, hero.hw * 2 * 0.8);
    }
    this.basket.setPosition(hero.x, hero.y + 8);
  }
}
