import type Phaser from 'phaser';
import type { GameSpec } from '../../games/spec.js';
import type { HowToPlay } from '../logic/how-to-play.js';
import { WORLD_H, WORLD_W } from '../logic/world.js';
import { emojiTexture } from './emoji-texture.js';
import { cssColour } from './palette.js';
import { textStyle } from './text-style.js';

/**
 * The title card: the book, the hero, the game's name, the intro line, and how to play drawn as
 * pictures: key caps and a hand for touch on the left, what to get and what to avoid on the right.
 * Everything is placed by its measured bounds, top to bottom, and the hero shrinks first when long
 * text needs the room, so nothing ever overlaps (the book banner used to cover long titles).
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the title card shows, for render_game_to_text: tests check this, not pixels. */
export interface TitleInfo {
  kind: 'title';
  banner: Box;
  title: Box;
  intro: Box;
  hero: Box;
  howTo: Box;
  start: Box;
  keys: string[][];
  touch: HowToPlay['touch']['gesture'];
  goal: HowToPlay['goal'];
  avoid: string[];
  /** Sprites drawn on the card, with their drawn size (world px). */
  sprites: Sprites;
}

type Sprites = { sprite: string; size: number }[];

const ROUND = (b: Phaser.Geom.Rectangle): Box => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  w: Math.round(b.width),
  h: Math.round(b.height),
});

const INK = '#ffffff';
const SOFT = '#dfe6ff';
const GOLD = '#ffe066';
const ICON = 44;

export class TitleScreen {
  readonly container: Phaser.GameObjects.Container;
  private readonly infoData: TitleInfo;
  private readonly heroSprite: string;

  constructor(
    private readonly scene: Phaser.Scene,
    spec: GameSpec,
    howTo: HowToPlay,
    accent: number,
  ) {
    const c = scene.add.container(0, 0).setDepth(200);
    this.container = c;
    this.heroSprite = spec.hero.emoji;
    c.add(scene.add.rectangle(0, 0, WORLD_W, WORLD_H, 0x10142a, 0.93).setOrigin(0, 0));
    const sprites: Sprites = [];

    // 1. Measure the texts first: their heights decide how big the hero can be.
    const bookLine = spec.book.author
      ? `📖 ${spec.book.title} · ${spec.book.author}`
      : `📖 ${spec.book.title}`;
    const banner = this.fit(scene.add.text(0, 0, bookLine, textStyle(19, SOFT, { wrap: 640 })), 640, 50);
    const title = this.fit(
      scene.add.text(
        0,
        0,
        spec.title,
        textStyle(40, INK, { bold: true, wrap: 740, stroke: cssColour(accent) }),
      ),
      760,
      96,
    );
    const intro = this.fit(scene.add.text(0, 0, howTo.say, textStyle(21, INK, { wrap: 700 })), 720, 56);
    const start = scene.add.text(0, 0, '👆 Tap or press Space to start', textStyle(26, GOLD, { bold: true }));
    start.setOrigin(0.5, 0);

    const PANEL_H = 150;
    const GAP = 8;
    const fixed =
      12 +
      (banner.displayHeight + 12) +
      GAP +
      title.displayHeight +
      6 +
      intro.displayHeight +
      12 +
      PANEL_H +
      14 +
      start.displayHeight +
      10;
    const heroSize = Math.round(Math.max(48, Math.min(96, WORLD_H - fixed - 16)));

    // 2. Stack them.
    let y = 12;
    const pill = scene.add.graphics();
    c.add(pill);
    banner.setOrigin(0.5, 0).setPosition(WORLD_W / 2, y + 6);
    c.add(banner);
    const bannerBox = banner.getBounds();
    pill
      .fillStyle(0xffffff, 0.12)
      .fillRoundedRect(bannerBox.x - 14, y, bannerBox.width + 28, bannerBox.height + 12, 14);
    y += bannerBox.height + 12 + GAP;

    const heroY = y + heroSize / 2 + 4;
    const hero = scene.add
      .image(WORLD_W / 2, heroY, emojiTexture(scene, spec.hero.emoji))
      .setDisplaySize(heroSize, heroSize);
    sprites.push({ sprite: spec.hero.emoji, size: heroSize });
    c.add(hero);
    // A gentle bob that stays inside the hero's own slot.
    scene.tweens.add({
      targets: hero,
      y: heroY - 4,
      yoyo: true,
      repeat: -1,
      duration: 600,
      ease: 'Sine.easeInOut',
    });
    const heroBox = {
      x: WORLD_W / 2 - heroSize / 2,
      y: heroY - heroSize / 2 - 4,
      w: heroSize,
      h: heroSize + 4,
    };
    y += heroSize + 8;

    title.setOrigin(0.5, 0).setPosition(WORLD_W / 2, y);
    c.add(title);
    y += title.displayHeight + 6;
    intro.setOrigin(0.5, 0).setPosition(WORLD_W / 2, y);
    c.add(intro);
    y += intro.displayHeight + 12;

    const panelTop = y;
    const left: Box = { x: 40, y: panelTop, w: 350, h: PANEL_H };
    const right: Box = { ...left, x: 410 };
    this.card(c, left);
    this.card(c, right);
    this.drawControls(c, howTo, left, sprites);
    this.drawGoal(c, howTo, right, sprites);
    y += PANEL_H + 14;

    start.setPosition(WORLD_W / 2, Math.min(y, WORLD_H - start.displayHeight - 8));
    scene.tweens.add({ targets: start, alpha: 0.45, yoyo: true, repeat: -1, duration: 700 });
    c.add(start);

    this.infoData = {
      kind: 'title',
      banner: ROUND(banner.getBounds()),
      title: ROUND(title.getBounds()),
      intro: ROUND(intro.getBounds()),
      hero: heroBox,
      howTo: { x: 40, y: Math.round(panelTop), w: 720, h: PANEL_H },
      start: ROUND(start.getBounds()),
      keys: howTo.keys.map((k) => k.caps),
      touch: howTo.touch.gesture,
      goal: howTo.goal,
      avoid: howTo.avoid,
      sprites,
    };
  }

  info(): TitleInfo {
    return this.infoData;
  }

  setVisible(on: boolean) {
    this.container.setVisible(on);
  }

  /** Shrinks a text to fit a box (long titles in any script), never grows it. */
  private fit(t: Phaser.GameObjects.Text, maxW: number, maxH: number): Phaser.GameObjects.Text {
    const s = Math.min(1, maxW / Math.max(1, t.width), maxH / Math.max(1, t.height));
    return t.setScale(s);
  }

  private card(c: Phaser.GameObjects.Container, { x, y, w, h }: Box) {
    const g = this.scene.add.graphics();
    g.fillStyle(0xffffff, 0.1).fillRoundedRect(x, y, w, h, 18);
    g.lineStyle(2, 0xffffff, 0.25).strokeRoundedRect(x, y, w, h, 18);
    c.add(g);
  }

  private icon(
    c: Phaser.GameObjects.Container,
    sprite: string,
    x: number,
    y: number,
    size: number,
    sprites: Sprites,
  ) {
    c.add(this.scene.add.image(x, y, emojiTexture(this.scene, sprite)).setDisplaySize(size, size));
    sprites.push({ sprite, size });
  }

  /** A key cap: a rounded key with its symbol, as on a keyboard. */
  private keyCap(c: Phaser.GameObjects.Container, label: string, x: number, y: number): number {
    const w = label.length > 1 ? 104 : 44;
    const g = this.scene.add.graphics();
    g.fillStyle(0x2b3358, 1).fillRoundedRect(x, y, w, 44, 9);
    g.fillStyle(0x4a5488, 1).fillRoundedRect(x + 3, y + 2, w - 6, 36, 7);
    g.lineStyle(2, 0xdfe6ff, 0.8).strokeRoundedRect(x, y, w, 44, 9);
    c.add(g);
    c.add(
      this.scene.add
        .text(x + w / 2, y + 20, label, textStyle(label.length > 1 ? 19 : 24, INK, { bold: true }))
        .setOrigin(0.5, 0.5),
    );
    return w;
  }

  /** Left card: the keys, then "or" and the touch gesture drawn with a hand. */
  private drawControls(c: Phaser.GameObjects.Container, howTo: HowToPlay, box: Box, sprites: Sprites) {
    const { x, y, h } = box;
    // Keys row.
    let kx = x + 16;
    const ky = y + 14;
    for (const group of howTo.keys) {
      const from = kx;
      for (const cap of group.caps) kx += this.keyCap(c, cap, kx, ky) + 5;
      c.add(
        this.scene.add.text((from + kx - 5) / 2, ky + 50, group.does, textStyle(15, SOFT)).setOrigin(0.5, 0),
      );
      kx += 14;
    }
    // Touch row.
    const ty = y + h - 38;
    c.add(this.scene.add.text(x + 16, ty, 'or', textStyle(18, SOFT)).setOrigin(0, 0.5));
    const hx = x + 86;
    const g = this.scene.add.graphics();
    c.add(g);
    const gesture = howTo.touch.gesture;
    if (gesture === 'buttons') {
      howTo.touch.buttons.forEach((b, i) => {
        const bx = hx + i * 62;
        g.fillStyle(0xffffff, 0.28).fillCircle(bx, ty, 24);
        g.lineStyle(3, 0xffffff, 0.7).strokeCircle(bx, ty, 24);
        c.add(this.scene.add.text(bx, ty, b, textStyle(22, INK, { bold: true })).setOrigin(0.5, 0.5));
      });
      this.icon(c, '👆', hx + 3 * 62 + 6, ty + 6, 40, sprites);
      return;
    }
    // A finger, with what it does drawn next to it.
    g.lineStyle(3, 0xffe066, 0.9);
    if (gesture === 'drag-sideways') {
      g.lineBetween(hx - 26, ty, hx + 96, ty);
      g.fillStyle(0xffe066, 0.9).fillTriangle(hx - 34, ty, hx - 22, ty - 8, hx - 22, ty + 8);
      g.fillTriangle(hx + 104, ty, hx + 92, ty - 8, hx + 92, ty + 8);
      this.icon(c, '👆', hx + 35, ty + 10, 40, sprites);
    } else if (gesture === 'tap-to-jump') {
      g.strokeCircle(hx, ty - 6, 12).strokeCircle(hx, ty - 6, 22);
      this.icon(c, '👆', hx + 4, ty + 10, 40, sprites);
      c.add(this.scene.add.text(hx + 40, ty, '= jump', textStyle(18, SOFT)).setOrigin(0, 0.5));
    } else {
      // tap-to-go: tap a spot and the hero walks there.
      g.strokeCircle(hx + 110, ty - 4, 10).strokeCircle(hx + 110, ty - 4, 19);
      g.lineStyle(3, 0xffffff, 0.6);
      for (let dx = 30; dx < 86; dx += 14) g.lineBetween(hx + dx, ty - 4, hx + dx + 7, ty - 4);
      this.icon(c, '👆', hx + 114, ty + 12, 36, sprites);
      this.icon(c, this.heroSprite, hx + 6, ty - 4, 34, sprites);
    }
  }

  /** Right card: ✅ what to get (with how many) and ⛔ what to avoid. */
  private drawGoal(c: Phaser.GameObjects.Container, howTo: HowToPlay, box: Box, sprites: Sprites) {
    const { x, y, w, h } = box;
    const row = (mark: string, ry: number, items: { icon: string; label: string }[]) => {
      this.icon(c, mark, x + 34, ry, 34, sprites);
      let ix = x + 78;
      for (const it of items) {
        this.icon(c, it.icon, ix + ICON / 2, ry, ICON, sprites);
        ix += ICON + 4;
        if (it.label) {
          const t = this.scene.add
            .text(ix, ry, it.label, textStyle(24, INK, { bold: true }))
            .setOrigin(0, 0.5);
          c.add(t);
          ix += t.width + 12;
        }
        if (ix > x + w - ICON) break;
      }
    };
    const hasAvoid = howTo.avoid.length > 0;
    row('✅', y + (hasAvoid ? 42 : h / 2), howTo.goal);
    if (hasAvoid)
      row(
        '⛔',
        y + h - 42,
        howTo.avoid.map((a) => ({ icon: a, label: '' })),
      );
  }
}
