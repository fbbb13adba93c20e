import type Phaser from 'phaser';
import { WORLD_H, WORLD_W } from '../logic/world.js';
import { textStyle } from './text-style.js';

/** Win or lose card with the spec's line, the score and a big Play again button. */
export class EndScreen {
  readonly container: Phaser.GameObjects.Container;
  private readonly badge: Phaser.GameObjects.Text;
  private readonly line: Phaser.GameObjects.Text;
  private readonly score: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, onPlayAgain: () => void) {
    const c = scene.add.container(0, 0).setDepth(200);
    c.add(scene.add.rectangle(0, 0, WORLD_W, WORLD_H, 0x10142a, 0.8).setOrigin(0, 0));
    this.badge = scene.add.text(WORLD_W / 2, 150, '', textStyle(90, '#ffffff')).setOrigin(0.5, 0.5);
    this.line = scene.add
      .text(WORLD_W / 2, 280, '', textStyle(32, '#ffffff', { bold: true, wrap: 700 }))
      .setOrigin(0.5, 0.5);
    this.score = scene.add.text(WORLD_W / 2, 370, '', textStyle(26, '#ffe066')).setOrigin(0.5, 0.5);
    const button = scene.add.graphics();
    button.fillStyle(0x2bb673, 1).fillRoundedRect(WORLD_W / 2 - 140, 430, 280, 76, 24);
    button.lineStyle(4, 0xffffff, 0.9).strokeRoundedRect(WORLD_W / 2 - 140, 430, 280, 76, 24);
    const label = scene.add
      .text(WORLD_W / 2, 468, '🔁 Play again', textStyle(30, '#ffffff', { bold: true }))
      .setOrigin(0.5, 0.5);
    const hit = scene.add.zone(WORLD_W / 2, 468, 280, 76).setInteractive({ useHandCursor: true });
    hit.on('pointerup', onPlayAgain);
    c.add([this.badge, this.line, this.score, button, label, hit]);
    this.container = c;
    c.setVisible(false);
  }

  show(won: boolean, line: string, score: number) {
    this.badge.setText(won ? '🏆' : '💫');
    this.line.setText(line);
    this.score.setText(`⭐ ${score}`);
    this.container.setVisible(true);
  }

  hide() {
    this.container.setVisible(false);
  }
}
