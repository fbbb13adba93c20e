import type Phaser from 'phaser';
import type { Input } from '../logic/world.js';
import { WORLD_W } from '../logic/world.js';
import { textStyle } from './text-style.js';

/**
 * On-screen ◀ ▶ ⬆ buttons for the platformer on touch screens: hold to run, tap to jump. They sit
 * in the bottom corners, where the level keeps no items (see platformer.ts).
 */
export function addTouchButtons(scene: Phaser.Scene, input: Input): Phaser.GameObjects.GameObject[] {
  const made: Phaser.GameObjects.GameObject[] = [];
  const button = (x: number, label: string, press: (on: boolean) => void) => {
    const g = scene.add.circle(x, 556, 34, 0xffffff, 0.28).setStrokeStyle(3, 0xffffff, 0.7).setDepth(150);
    const t = scene.add
      .text(x, 556, label, textStyle(30, '#ffffff', { bold: true }))
      .setOrigin(0.5)
      .setDepth(151);
    g.setInteractive();
    g.on('pointerdown', () => press(true));
    g.on('pointerup', () => press(false));
    g.on('pointerout', () => press(false));
    made.push(g, t);
  };
  button(46, '◀', (on) => {
    input.left = on;
  });
  button(126, '▶', (on) => {
    input.right = on;
  });
  button(WORLD_W - 46, '⬆', (on) => {
    input.jump = on;
    if (on) input.jumpTap = true;
  });
  return made;
}
