import type Phaser from 'phaser';
import type { GameSpec } from '../../games/spec.js';
import { WORLD_H, WORLD_W } from '../logic/world.js';
import { emojiTexture } from './emoji-texture.js';
import { cssColour } from './palette.js';
import { textStyle } from './text-style.js';

/**
 * The title card: the book, the hero, the game's name, the intro line and how to start. Texts are
 * stacked by their measured heights, so long or wrapped lines push the rest down instead of overlapping.
 */
export function createTitleScreen(
  scene: Phaser.Scene,
  spec: GameSpec,
  accent: number,
): Phaser.GameObjects.Container {
  const c = scene.add.container(0, 0).setDepth(200);
  c.add(scene.add.rectangle(0, 0, WORLD_W, WORLD_H, 0x10142a, 0.93).setOrigin(0, 0));
  const book = spec.book.author ? `📖 ${spec.book.title} · ${spec.book.author}` : `📖 ${spec.book.title}`;
  let y = 24;
  const stack = (t: Phaser.GameObjects.Text, gap: number, maxH: number) => {
    t.setOrigin(0.5, 0);
    if (t.height > maxH) t.setScale(maxH / t.height);
    t.setPosition(WORLD_W / 2, y);
    y += t.displayHeight + gap;
    c.add(t);
  };
  stack(scene.add.text(0, 0, book, textStyle(20, '#dfe6ff', { wrap: 720 })), 8, 56);
  const hero = scene.add
    .image(WORLD_W / 2, y + 50, emojiTexture(scene, spec.hero.emoji))
    .setDisplaySize(96, 96);
  scene.tweens.add({
    targets: hero,
    y: y + 40,
    yoyo: true,
    repeat: -1,
    duration: 600,
    ease: 'Sine.easeInOut',
  });
  c.add(hero);
  y += 108;
  stack(
    scene.add.text(
      0,
      0,
      spec.title,
      textStyle(38, '#ffffff', { bold: true, wrap: 740, stroke: cssColour(accent) }),
    ),
    10,
    100,
  );
  stack(scene.add.text(0, 0, spec.lines.intro, textStyle(22, '#ffffff', { wrap: 700 })), 14, 90);
  // What to get and what to dodge, shown as pictures for children who cannot read yet.
  const row = (label: string, sprites: string[]) => {
    if (sprites.length === 0) return;
    const width = sprites.length * 48;
    const left = WORLD_W / 2 - width / 2;
    c.add(scene.add.text(left, y + 20, label, textStyle(20, '#dfe6ff')).setOrigin(1, 0.5));
    sprites.forEach((s, i) => {
      c.add(scene.add.image(left + 30 + i * 48, y + 20, emojiTexture(scene, s)).setDisplaySize(40, 40));
    });
    y += 46;
  };
  row(
    '✅',
    spec.collectibles.map((x) => x.emoji),
  );
  row(
    '⛔',
    spec.hazards.map((x) => x.emoji),
  );
  const go = scene.add.text(
    WORLD_W / 2,
    Math.max(y + 30, WORLD_H - 50),
    '👆 Tap or press Space to start',
    textStyle(26, '#ffe066', { bold: true }),
  );
  go.setOrigin(0.5, 0.5).setY(Math.min(go.y, WORLD_H - 30));
  scene.tweens.add({ targets: go, alpha: 0.45, yoyo: true, repeat: -1, duration: 700 });
  c.add(go);
  return c;
}
