import type Phaser from 'phaser';
import type { LevelNews } from '../logic/how-to-play.js';
import { WORLD_H, WORLD_W } from '../logic/world.js';
import { emojiTexture } from './emoji-texture.js';
import { textStyle } from './text-style.js';

/** What the level-up card shows, for render_game_to_text. */
export interface LevelUpInfo {
  kind: 'levelup';
  level: number;
  levels: number;
  changes: LevelNews['changes'];
}

/**
 * The short card between levels: "Level 2", stars for the levels done and to come, what is new in
 * pictures (more hazards, faster, a bigger target), the score so far, and a bar that runs down
 * until play goes on by itself (a tap or Space goes on at once).
 */
export class LevelUpScreen {
  readonly container: Phaser.GameObjects.Container;
  private readonly heading: Phaser.GameObjects.Text;
  private readonly score: Phaser.GameObjects.Text;
  private readonly stars: Phaser.GameObjects.Graphics;
  private readonly bar: Phaser.GameObjects.Graphics;
  private news: Phaser.GameObjects.GameObject[] = [];
  private shown: LevelUpInfo | null = null;

  constructor(private readonly scene: Phaser.Scene) {
    const c = scene.add.container(0, 0).setDepth(210);
    c.add(scene.add.rectangle(0, 0, WORLD_W, WORLD_H, 0x10142a, 0.82).setOrigin(0, 0));
    this.heading = scene.add
      .text(WORLD_W / 2, 120, '', textStyle(72, '#ffe066', { bold: true, stroke: '#7a4b00' }))
      .setOrigin(0.5, 0.5);
    this.stars = scene.add.graphics();
    this.score = scene.add
      .text(WORLD_W / 2, 410, '', textStyle(30, '#ffffff', { bold: true }))
      .setOrigin(0.5, 0.5);
    this.bar = scene.add.graphics();
    const go = scene.add
      .text(WORLD_W / 2, 530, '👆 Tap to go!', textStyle(28, '#ffe066', { bold: true }))
      .setOrigin(0.5, 0.5);
    scene.tweens.add({ targets: go, alpha: 0.5, yoyo: true, repeat: -1, duration: 600 });
    c.add([this.heading, this.stars, this.score, this.bar, go]);
    this.container = c;
    c.setVisible(false);
  }

  show(news: LevelNews, score: string) {
    const c = this.container;
    for (const o of this.news) o.destroy();
    this.news = [];
    this.heading.setText(`Level ${news.level}`);
    this.score.setText(score);
    // One star per level: gold for those done and this one, dim for those to come.
    this.stars.clear();
    const gap = 64;
    const left = WORLD_W / 2 - ((news.levels - 1) * gap) / 2;
    for (let i = 0; i < news.levels; i++) {
      const cx = left + i * gap;
      this.stars.fillStyle(i < news.level ? 0xffd23f : 0xffffff, i < news.level ? 1 : 0.25);
      this.stars.fillPoints(starPoints(cx, 210, 26, 12), true);
    }
    // What is new, as pictures with a number or a word.
    let width = 0;
    const parts = news.changes.map((ch) => {
      const img = this.scene.add.image(0, 300, emojiTexture(this.scene, ch.icon)).setDisplaySize(64, 64);
      const label = this.scene.add
        .text(0, 300, ch.label, textStyle(30, '#ffffff', { bold: true }))
        .setOrigin(0, 0.5);
      width += 64 + 8 + label.width + 36;
      return { img, label };
    });
    let x = WORLD_W / 2 - (width - 36) / 2;
    for (const p of parts) {
      p.img.setX(x + 32);
      p.label.setX(x + 72);
      x += 64 + 8 + p.label.width + 36;
      c.add([p.img, p.label]);
      this.news.push(p.img, p.label);
    }
    this.shown = { kind: 'levelup', level: news.level, levels: news.levels, changes: news.changes };
    c.setVisible(true);
  }

  /** The bar runs down with the time left on the card (0–1). */
  progress(left: number) {
    this.bar.clear();
    this.bar.fillStyle(0xffffff, 0.2).fillRoundedRect(WORLD_W / 2 - 160, 462, 320, 14, 7);
    this.bar.fillStyle(0xffe066, 1).fillRoundedRect(WORLD_W / 2 - 160, 462, Math.max(14, 320 * left), 14, 7);
  }

  hide() {
    this.container.setVisible(false);
    this.shown = null;
  }

  info(): LevelUpInfo | null {
    return this.shown;
  }
}

function starPoints(cx: number, cy: number, outer: number, inner: number): Phaser.Math.Vector2[] {
  const pts: { x: number; y: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push({ x: cx + Math.cos(a) * r, y: cy + Math.sin(a) * r });
  }
  // fillPoints reads only x and y; plain points spare importing Phaser's runtime here.
  return pts as Phaser.Math.Vector2[];
}
