import type { GameSpec } from '../../games/spec.js';

/** Colours for the scene from the spec's palette; night darkens the sky and ground. */

export function hexToInt(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

function mix(a: number, b: number, t: number): number {
  const ch = (v: number, s: number) => (v >> s) & 0xff;
  const m = (s: number) => Math.round(ch(a, s) * (1 - t) + ch(b, s) * t) << s;
  return m(16) | m(8) | m(0);
}

export interface Colours {
  sky: number;
  ground: number;
  accent: number;
  /** For text drawn over the sky. */
  ink: string;
  night: boolean;
}

export function colours(spec: GameSpec): Colours {
  const night = spec.setting.night;
  const sky = hexToInt(spec.setting.palette.sky);
  const ground = hexToInt(spec.setting.palette.ground);
  const nightSky = mix(sky, 0x0b1030, 0.7);
  const finalSky = night ? nightSky : sky;
  const lum = ((finalSky >> 16) & 0xff) * 0.3 + ((finalSky >> 8) & 0xff) * 0.59 + (finalSky & 0xff) * 0.11;
  return {
    sky: finalSky,
    ground: night ? mix(ground, 0x0b1030, 0.4) : ground,
    accent: hexToInt(spec.setting.palette.accent),
    ink: lum < 120 ? '#ffffff' : '#1b1b2f',
    night,
  };
}

export function cssColour(n: number): string {
  return `#${n.toString(16).padStart(6, '0')}`;
}
