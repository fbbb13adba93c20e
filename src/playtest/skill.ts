import type { GameType } from '../games/spec.js';

/**
 * How well a bot plays. The perfect bot sees everything as it is and plans exactly; the child-like
 * bot sees the world late, moves less precisely and now and then slips. The child's numbers are
 * rough figures for a 5–8-year-old on a tablet: about 400 ms from seeing to acting (partly made up
 * by expecting things to keep moving), a new decision four times a second, a finger that lands
 * some 18 px (world) off what it aims at, a wrong move every twelve seconds or so, a short look
 * round after each catch, a wary distance from hazards that the late eyes still misjudge, and a
 * habit of taking wrong turns in mazes.
 */
export interface Skill {
  name: 'perfect' | 'child';
  /** Seconds between decisions (what to steer at, whether to jump); held in between. */
  decideEvery: number;
  /** Seconds between seeing something and acting on it. */
  reaction: number;
  /** How much of that delay the player makes up by expecting things to keep moving (0–1), per decision. */
  anticipate: readonly [number, number];
  /** Spread of where a finger lands around what it aims at (world px, one standard deviation). */
  aim: number;
  /** Slips (a wrong or missing move) per second of play, and how long one lasts (s). */
  slipRate: number;
  slipSeconds: readonly [number, number];
  /** Distance kept from hazards when planning (world px); the child cuts it close. */
  margin: number;
  /** Seconds of look-ahead when planning a move. */
  horizon: number;
  /** Chance, per decision, of not noticing a given hazard. */
  overlook: number;
  /** Maze: chance of taking a wrong turn at a fork. */
  wrongTurn: number;
  /** Timing of a jump (s, one standard deviation) around the right moment. */
  jitter: number;
  /** Seconds of looking around after getting something or starting a level, before going on. */
  pause: readonly [number, number];
  /** Which thing to go for next: the nearest (1), or any of the nearest few. */
  choose: number;
}

/** Never a slip, a wrong turn, a pause or a wobble: what a perfect player leaves out. */
const FLAWLESS = {
  aim: 0,
  slipRate: 0,
  slipSeconds: [0, 0],
  overlook: 0,
  wrongTurn: 0,
  jitter: 0,
  pause: [0, 0],
} as const satisfies Partial<Skill>;

export const PERFECT: Skill = {
  ...FLAWLESS,
  name: 'perfect',
  decideEvery: 0.15,
  reaction: 0,
  anticipate: [1, 1],
  margin: 6,
  horizon: 0.8,
  choose: 1,
};

export const CHILD: Skill = {
  name: 'child',
  decideEvery: 0.25,
  reaction: 0.4,
  anticipate: [0.3, 0.8],
  aim: 18,
  slipRate: 0.08,
  slipSeconds: [0.3, 0.7],
  margin: 22,
  horizon: 0.5,
  overlook: 0.1,
  wrongTurn: 0.3,
  jitter: 0.06,
  pause: [0.3, 1.2],
  choose: 3,
};

/**
 * A runner's road moves at one steady pace, so even a young child soon plays it by rhythm: the
 * late eyes matter little, what is left is how precisely the tap lands.
 */
export function skillFor(skill: Skill, type: GameType): Skill {
  if (type === 'runner' && skill.name === 'child') return { ...skill, anticipate: [0.85, 1], jitter: 0.07 };
  return skill;
}
