import type Phaser from 'phaser';

/**
 * Sprites are emoji (or a short symbol) drawn onto a canvas at run time and registered as a
 * texture: nothing is downloaded, and any text the spec names can be shown. Keys are made up by
 * us, so odd sprite strings never become texture names.
 */

const SIZE = 96;
const FONT = '"Noto Color Emoji","Apple Color Emoji","Segoe UI Emoji","Twemoji Mozilla",sans-serif';
const keys = new Map<string, string>();

export function emojiTexture(scene: Phaser.Scene, sprite: string): string {
  let key = keys.get(sprite);
  if (!key) {
    key = `emoji-${keys.size}`;
    keys.set(sprite, key);
  }
  if (scene.textures.exists(key)) return key;
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    let px = Math.round(SIZE * 0.8);
    ctx.font = `${px}px ${FONT}`;
    // A long symbol shrinks to fit rather than being cut off.
    const width = ctx.measureText(sprite).width;
    if (width > SIZE * 0.94) {
      px = Math.max(12, Math.floor((px * SIZE * 0.94) / width));
      ctx.font = `${px}px ${FONT}`;
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // Emoji glyphs sit a little high on the middle baseline; nudge them to the optical centre.
    ctx.fillText(sprite, SIZE / 2, SIZE / 2 + px * 0.06);
  }
  scene.textures.addCanvas(key, canvas);
  return key;
}
