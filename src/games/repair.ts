import { own } from '../text/own.js';
import {
  DIFFICULTIES,
  GAME_TYPES,
  type GameSpec,
  GameSpecSchema,
  type GameType,
  GOALS,
  type GoalKind,
  HAZARD_BEHAVIOURS,
  POWER_UP_EFFECTS,
  SPEC_VERSION,
} from './spec.js';

/**
 * Turns any partial or slightly wrong design (from the offline brain, a model, or a remix) into a
 * valid GameSpec. Never throws: every field falls back to a sensible default, so a child always
 * gets a game. Pure.
 */

/**
 * The goal each game type plays best with, and its default target. Targets are sized so that a
 * round lasts a minute or two for a young child (a catch is 10 points, about one a second).
 */
export const DEFAULT_GOAL: Record<GameType, { kind: GoalKind; target?: number }> = {
  platformer: { kind: 'collect-all' },
  collector: { kind: 'collect-all' },
  avoider: { kind: 'survive', target: 90 },
  runner: { kind: 'score', target: 400 },
  catcher: { kind: 'score', target: 300 },
  maze: { kind: 'reach-exit' },
};

const TYPE_ALIASES: Record<string, GameType> = {
  platform: 'platformer',
  jumping: 'platformer',
  'top-down': 'collector',
  topdown: 'collector',
  'top down': 'collector',
  explore: 'collector',
  explorer: 'collector',
  'obstacle-avoider': 'avoider',
  'obstacle avoider': 'avoider',
  dodge: 'avoider',
  dodger: 'avoider',
  run: 'runner',
  running: 'runner',
  'endless runner': 'runner',
  catch: 'catcher',
  catching: 'catcher',
  labyrinth: 'maze',
};

const DEFAULT_PALETTE = { sky: '#87ceeb', ground: '#5b8c3a', accent: '#ffcc33' };

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, max: number, fallback: string): string {
  if (typeof v !== 'string' && typeof v !== 'number') return fallback;
  const s = String(v).replace(/\s+/g, ' ').trim();
  if (!s) return fallback;
  // Cut on a code point boundary so an emoji is never split in half.
  return Array.from(s).slice(0, max).join('').trim() || fallback;
}

function num(v: unknown, min: number, max: number, fallback: number, int = false): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  const clamped = Math.min(max, Math.max(min, n));
  return int ? Math.round(clamped) : clamped;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  if (typeof v !== 'string') return fallback;
  const k = v.trim().toLowerCase() as T;
  return allowed.includes(k) ? k : fallback;
}

function sprite(v: unknown, fallback: string): string {
  const s = str(v, 8, '');
  return s && s.length <= 16 ? s : fallback;
}

export function normaliseGameType(v: unknown): GameType {
  if (typeof v !== 'string') return 'collector';
  const k = v.trim().toLowerCase();
  if ((GAME_TYPES as readonly string[]).includes(k)) return k as GameType;
  return own(TYPE_ALIASES, k) ?? own(TYPE_ALIASES, k.replace(/[-_]/g, ' ')) ?? 'collector';
}

function colour(v: unknown, fallback: string): string {
  return typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v) ? v.toLowerCase() : fallback;
}

/** The first `max` things of a list a model wrote loosely (one object, or bare names), repaired. */
function listOf<T>(v: unknown, max: number, repair: (x: Loose) => T): T[] {
  const items = Array.isArray(v) ? v : isObject(v) ? [v] : [];
  const loose = items.map((x) => (isObject(x) ? x : typeof x === 'string' ? { name: x } : null));
  return (loose.filter(Boolean) as Loose[]).slice(0, max).map(repair);
}

export function repairSpec(input: unknown): GameSpec {
  const d = isObject(input) ? input : {};
  const type = normaliseGameType(d.type);
  const book = isObject(d.book) ? d.book : { title: d.book };
  const bookTitle = str(book.title, 120, 'My Story');
  const setting = isObject(d.setting) ? d.setting : { name: d.setting };
  const palette = isObject(setting.palette) ? setting.palette : {};
  const hero = isObject(d.hero) ? d.hero : { name: d.hero };
  const lines = isObject(d.lines) ? d.lines : {};
  const goal = isObject(d.goal) ? d.goal : { kind: d.goal };
  const goalKind = oneOf(goal.kind, GOALS, DEFAULT_GOAL[type].kind);
  const defaultTarget = goalKind === DEFAULT_GOAL[type].kind ? DEFAULT_GOAL[type].target : undefined;
  const target =
    goalKind === 'score' || goalKind === 'survive'
      ? num(goal.target, 1, 10_000, defaultTarget ?? (goalKind === 'score' ? 100 : 60), true)
      : undefined;

  let collectibles = listOf(d.collectibles, 3, (c) => ({
    name: str(c.name, 40, 'Star'),
    emoji: sprite(c.emoji, '⭐'),
    points: num(c.points, 1, 100, 10, true),
    count: num(c.count, 1, 40, type === 'maze' ? 5 : 10, true),
  }));
  if (collectibles.length === 0) collectibles = [{ name: 'Star', emoji: '⭐', points: 10, count: 10 }];

  const hazards = listOf(d.hazards, 3, (h) => ({
    name: str(h.name, 40, 'Storm Cloud'),
    emoji: sprite(h.emoji, '🌩️'),
    behaviour: oneOf(h.behaviour, HAZARD_BEHAVIOURS, 'patrol'),
    speed: num(h.speed, 0.5, 2, 1),
    count: num(h.count, 1, 12, 3, true),
  }));

  const powerUps = listOf(d.powerUps, 2, (p) => ({
    name: str(p.name, 40, 'Magic Boost'),
    emoji: sprite(p.emoji, '✨'),
    effect: oneOf(p.effect, POWER_UP_EFFECTS, 'speed'),
  }));

  const lives =
    d.lives === 'unlimited' || d.lives === Number.POSITIVE_INFINITY || d.lives === null
      ? 'unlimited'
      : num(d.lives, 1, 9, 3, true);

  const heroName = str(hero.name, 40, 'Hero');
  const firstThing = collectibles[0]?.name ?? 'Star';
  const spec: GameSpec = {
    version: SPEC_VERSION,
    type,
    title: str(d.title, 60, `${heroName}'s Adventure`),
    book: { title: bookTitle, ...(book.author ? { author: str(book.author, 80, 'Unknown') } : {}) },
    setting: {
      name: str(setting.name, 60, 'A Storybook World'),
      night: setting.night === true,
      palette: {
        sky: colour(palette.sky, DEFAULT_PALETTE.sky),
        ground: colour(palette.ground, DEFAULT_PALETTE.ground),
        accent: colour(palette.accent, DEFAULT_PALETTE.accent),
      },
    },
    hero: {
      name: heroName,
      emoji: sprite(hero.emoji, '🙂'),
      speed: num(hero.speed, 0.5, 2, 1),
      jump: num(hero.jump, 0.5, 2, 1),
    },
    collectibles,
    hazards,
    powerUps,
    goal: target === undefined ? { kind: goalKind } : { kind: goalKind, target },
    lives,
    difficulty: oneOf(d.difficulty, DIFFICULTIES, 'easy'),
    timeLimit: d.timeLimit == null ? null : num(d.timeLimit, 15, 600, 120, true),
    lines: {
      intro: str(lines.intro, 160, `Help ${heroName} find every ${firstThing}!`),
      win: str(lines.win, 120, `Hooray! ${heroName} did it!`),
      lose: str(lines.lose, 120, 'Oh no! Want to try again?'),
    },
  };
  // Defaults are chosen to satisfy the schema; parsing proves it and normalises whitespace.
  return GameSpecSchema.parse(spec);
}
