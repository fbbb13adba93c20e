import type Phaser from 'phaser';
import type { Input } from '../logic/world.js';
import { WORLD_W } from '../logic/world.js';
import { textStyle } from './text-style.js';

/**
 * On-screen ◀ ▶ ⬆ buttons for the platformer on touch screens: hold to run, tap to jump. They sit
 * in the bottom corners, where the level keeps no items (see platformer.ts).
 */
/**
 * Big enough for a finger where the game is smallest (a phone upright: the 800-wide world drawn
 * 390 px wide): 92 world units are 45 px there, and the 17 between ◀ and ▶ are 8 px (Apple's 44
 * and 8). Centres along the bottom, in world units.
 */
export const TOUCH_RADIUS = 46;
export const TOUCH_Y = 600 - TOUCH_RADIUS - 6;
export const TOUCH_X = [TOUCH_RADIUS + 2, TOUCH_RADIUS * 3 + 19, WORLD_W - TOUCH_RADIUS - 2] as const;

export function addTouchButtons(scene: Phaser.Scene, input: Input): Phaser.GameObjects.GameObject[] {
  const made: Phaser.GameObjects.GameObject[] = [];
  const button = (x: number, label: string, press: (on: boolean) => void) => {
    const g = scene.add
      .circle(x, TOUCH_Y, TOUCH_RADIUS, 0xffffff, 0.28)
      .setStrokeStyle(3, 0xffffff, 0.7)
      .setDepth(150);
    const t = scene.add
      .text(x, TOUCH_Y, label, textStyle(36, '#ffffff', { bold: true }))
      .setOrigin(0.5)
      .setDepth(151);
    g.setInteractive();
    g.on('pointerdown', () => press(true));
    g.on('pointerup', () => press(false));
    g.on('pointerout', () => press(false));
    made.push(g, t);
  };
  button(TOUCH_X[0], '◀', (on) => {
    input.left = on;
  });
  button(TOUCH_X[1], '▶', (on) => {
    input.right = on;
  });
  button(TOUCH_X[2], '⬆', (on) => {
    input.jump = on;
    if (on) input.jumpTap = true;
  });
  return made;
}
