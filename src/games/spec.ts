import { z } from 'zod';
import { isStorableText } from '../text/well-formed.js';

/**
 * The GameSpec: everything a game is, as data. The runtime plays any valid spec; user text only
 * ever travels inside it as strings, never as code. Bump SPEC_VERSION on a breaking change.
 */
export const SPEC_VERSION = 1;

export const GAME_TYPES = ['platformer', 'collector', 'avoider', 'runner', 'catcher', 'maze'] as const;
export const HAZARD_BEHAVIOURS = ['patrol', 'chase', 'fall', 'bounce', 'static'] as const;
export const POWER_UP_EFFECTS = ['speed', 'shield', 'magnet', 'extra-life', 'slow-time'] as const;
export const GOALS = ['collect-all', 'score', 'survive', 'reach-exit'] as const;
export const DIFFICULTIES = ['easy', 'normal', 'hard'] as const;

export type GameType = (typeof GAME_TYPES)[number];
export type HazardBehaviour = (typeof HAZARD_BEHAVIOURS)[number];
export type PowerUpEffect = (typeof POWER_UP_EFFECTS)[number];
export type GoalKind = (typeof GOALS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Bounded, trimmed, single-line text: names and lines are shown in a HUD on a phone. */
const text = (max: number) =>
  z
    .string()
    .refine(isStorableText, 'invalid_text: no NUL or lone surrogate')
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

/** A sprite: one emoji (or a short symbol). Grapheme clusters can be long, so bound by code units. */
const sprite = z
  .string()
  .refine(isStorableText, 'invalid_text: no NUL or lone surrogate')
  .trim()
  .min(1)
  .max(16);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #22aa88');
const multiplier = z.number().min(0.5).max(2);

export const HeroSchema = z.object({
  name: text(40),
  emoji: sprite,
  /** Multiplier on the game type's base speed. */
  speed: multiplier,
  /** Multiplier on the base jump (platformer and runner). */
  jump: multiplier,
});

export const CollectibleSchema = z.object({
  name: text(40),
  emoji: sprite,
  points: z.number().int().min(1).max(100),
  count: z.number().int().min(1).max(40),
});

export const HazardSchema = z.object({
  name: text(40),
  emoji: sprite,
  behaviour: z.enum(HAZARD_BEHAVIOURS),
  speed: multiplier,
  count: z.number().int().min(1).max(12),
});

export const PowerUpSchema = z.object({
  name: text(40),
  emoji: sprite,
  effect: z.enum(POWER_UP_EFFECTS),
});

/**
 * How the bots found the game before a child saw it (src/playtest): recorded with the game so a
 * review can tell a tuned spec from the one the agents wrote. Written by the server only.
 */
export const PlaytestRecordSchema = z.object({
  ok: z.boolean(),
  /** Specs tried by the tuner. */
  attempts: z.number().int().min(1).max(50),
  seeds: z.array(z.number().int()).max(10),
  /** Median game time (ms) for the perfect bot to win, and for the child-like bot to finish. */
  perfectMs: z.number().int().min(0),
  childMs: z.number().int().min(0),
  childLivesLost: z.number().int().min(0),
  /** What the tuner changed, in order; why the best attempt still fell short, if it did. */
  changes: z.array(z.string().max(300)).max(20),
  reasons: z.array(z.string().max(300)).max(20),
});
export type PlaytestRecord = z.infer<typeof PlaytestRecordSchema>;

export const GameSpecSchema = z.object({
  version: z.literal(SPEC_VERSION),
  type: z.enum(GAME_TYPES),
  title: text(60),
  book: z.object({ title: text(120), author: text(80).optional() }),
  setting: z.object({
    name: text(60),
    night: z.boolean(),
    palette: z.object({ sky: colour, ground: colour, accent: colour }),
  }),
  hero: HeroSchema,
  collectibles: z.array(CollectibleSchema).min(1).max(3),
  hazards: z.array(HazardSchema).max(3),
  powerUps: z.array(PowerUpSchema).max(2),
  goal: z.object({
    kind: z.enum(GOALS),
    /** Points for `score`, seconds for `survive`; ignored by the other goals. */
    target: z.number().int().min(1).max(10_000).optional(),
  }),
  lives: z.union([z.number().int().min(1).max(9), z.literal('unlimited')]),
  difficulty: z.enum(DIFFICULTIES),
  /** Seconds; null means no clock. */
  timeLimit: z.number().int().min(15).max(600).nullable(),
  lines: z.object({ intro: text(160), win: text(120), lose: text(120) }),
  playtest: PlaytestRecordSchema.optional(),
});

export type GameSpec = z.infer<typeof GameSpecSchema>;
export type Hero = z.infer<typeof HeroSchema>;
export type Collectible = z.infer<typeof CollectibleSchema>;
export type Hazard = z.infer<typeof HazardSchema>;
export type PowerUp = z.infer<typeof PowerUpSchema>;

/** Validate; the error carries zod's issues for a 422. */
export function parseGameSpec(input: unknown): GameSpec {
  return GameSpecSchema.parse(input);
}
