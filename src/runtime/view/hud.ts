import type Phaser from 'phaser';
import type { GameSpec } from '../../games/spec.js';
import type { GameSnapshot } from '../logic/game.js';
import { hudGoal } from '../logic/how-to-play.js';
import { HUD_H, WORLD_W } from '../logic/world.js';
import { textStyle } from './text-style.js';

/** The bar along the top: score (and what it is for), the title, lives or ∞, and the clock. */
export class Hud {
  private readonly score: Phaser.GameObjects.Text;
  private readonly lives: Phaser.GameObjects.Text;
  private readonly clock: Phaser.GameObjects.Text;
  private readonly level: Phaser.GameObjects.Text;
  private lastScore = -1;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly spec: GameSpec,
  ) {
    const bar = scene.add.rectangle(0, 0, WORLD_W, HUD_H, 0x000000, 0.45).setOrigin(0, 0);
    const icon = spec.collectibles[0]?.emoji ?? '⭐';
    this.score = scene.add
      .text(14, HUD_H / 2, `${icon} 0`, textStyle(24, '#ffffff', { bold: true }))
      .setOrigin(0, 0.5);
    const title = scene.add
      .text(WORLD_W / 2, 17, spec.title, textStyle(17, '#ffffff', {}))
      .setOrigin(0.5, 0.5);
    // Long titles shrink rather than run under the score or the lives.
    if (title.width > 300) title.setScale(300 / title.width);
    this.level = scene.add
      .text(WORLD_W / 2, 40, '', textStyle(16, '#ffe066', { bold: true }))
      .setOrigin(0.5, 0.5);
    this.lives = scene.add.text(WORLD_W - 130, HUD_H / 2, '', textStyle(22, '#ffffff')).setOrigin(1, 0.5);
    this.clock = scene.add.text(WORLD_W - 14, HUD_H / 2, '', textStyle(22, '#ffffff')).setOrigin(1, 0.5);
    for (const o of [bar, this.score, title, this.level, this.lives, this.clock]) o.setDepth(100);
  }

  update(s: GameSnapshot) {
    this.level.setText(`Level ${s.level} / ${s.levels}`);
    const icon = this.spec.collectibles[0]?.emoji ?? '⭐';
    this.score.setText(hudGoal(icon, s));
    if (s.score !== this.lastScore && this.lastScore >= 0 && s.score > this.lastScore) {
      this.scene.tweens.add({ targets: this.score, scale: { from: 1.25, to: 1 }, duration: 180 });
    }
    this.lastScore = s.score;
    this.lives.setText(
      s.lives === 'unlimited'
        ? '❤️ ∞'
        : s.lives <= 5
          ? '❤️'.repeat(Math.max(0, s.lives)) || '🤍'
          : `❤️ × ${s.lives}`,
    );
    const secs = s.timeLeft ?? Math.floor(s.time);
    const mm = Math.floor(secs / 60);
    const ss = String(secs % 60).padStart(2, '0');
    this.clock.setText(`⏱ ${mm}:${ss}`);
  }
}
