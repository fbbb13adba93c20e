import type Phaser from 'phaser';

/**
 * Text styles shared by the title, HUD and end screens. User text is only ever drawn on a canvas.
 * Hebrew and Arabic need nothing special: the canvas applies the bidi algorithm itself (Phaser's
 * `rtl` option mispositions centred, wrapped text, so it is not used).
 */

export const UI_FONT =
  'system-ui,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Color Emoji",sans-serif';

export function textStyle(
  size: number,
  colour: string,
  opts: { bold?: boolean; wrap?: number; stroke?: string } = {},
): Phaser.Types.GameObjects.Text.TextStyle {
  return {
    fontFamily: UI_FONT,
    fontSize: `${size}px`,
    fontStyle: opts.bold ? 'bold' : 'normal',
    color: colour,
    align: 'center',
    resolution: 2,
    ...(opts.stroke ? { stroke: opts.stroke, strokeThickness: Math.max(3, Math.round(size / 7)) } : {}),
    ...(opts.wrap ? { wordWrap: { width: opts.wrap, useAdvancedWrap: true } } : {}),
  };
}
