import { GAME_TYPES, type GameType } from '../games/spec.js';
import { cutGraphemes, graphemes, shortenGraphemes } from '../text/graphemes.js';

/**
 * The words and pictures of tap-to-answer chips (see choices.ts): what a chip is, the fixed chips
 * (yes, no, "you pick"...), and the game types as picture cards. Every `say` here is a phrase both
 * brains understand; tests/agents/choices.test.ts sends each through the offline brain.
 */

import type { ChipKind } from '../contract/vocabulary.js';

export { CHIP_KINDS, MAX_CHIPS } from '../contract/vocabulary.js';
export type { ChipKind };

export interface Chip {
  kind: ChipKind;
  /** A few words on the chip, read aloud when it is shown. */
  label: string;
  /** One picture, so a child who cannot read can still choose. */
  emoji: string;
  /** The child's message when the chip is tapped: the same words a child could have said. */
  say: string;
}

/** A chip's label fits a big button on a phone: a short title, a name, two or three words. */
export const CHIP_LABEL_MAX = 28;
export const CHIP_SAY_MAX = 120;
/**
 * Code units, besides graphemes: one grapheme can hold any number of combining marks, and the API
 * contract bounds its strings (src/contract/schemas.ts allows twice these).
 */
export const CHIP_LABEL_UNITS = 200;
export const CHIP_SAY_UNITS = 500;

// A label starts like a word on a button ("The deep dark wood"); the rest keeps its case.
// code-unit-safe: the two halves are joined again at once (a leading emoji comes back whole)
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Whole graphemes, as many as fit in `units` code units. */
function withinUnits(text: string, units: number): string {
  if (text.length <= units) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length > units) break;
    out += g;
  }
  return out;
}

export function chip(kind: ChipKind, emoji: string, label: string, say: string): Chip {
  return {
    kind,
    // One grapheme: a flag or a family emoji stays whole, a pasted string does not come along.
    emoji: graphemes(emoji.trim())[0] ?? '⭐',
    label: withinUnits(
      capitalise(shortenGraphemes(label.replace(/\s+/g, ' ').trim(), CHIP_LABEL_MAX)),
      CHIP_LABEL_UNITS,
    ),
    say: withinUnits(cutGraphemes(say.replace(/\s+/g, ' ').trim(), CHIP_SAY_MAX), CHIP_SAY_UNITS),
  };
}

export const YES = chip('yes', '👍', 'Yes!', 'yes');
export const NO = chip('no', '👎', 'No', 'no');
export const BUILD_IT = chip('yes', '👍', 'Yes, build it!', 'yes');
export const CHANGE_IT = chip('no', '✏️', 'Change something', 'no');
export const YOU_PICK = chip('way-on', '🎲', 'You pick', 'you pick');
export const DONT_KNOW = chip('way-on', '🤷', "I don't know", "I don't know");
export const PLAY_NOW = chip('way-on', '🎮', 'Make the game now', 'make the game now');

/** At a read-back, after "change something": which part (words that the designers both read so). */
export const CHANGE_CHIPS: readonly Chip[] = [
  chip('change', '🎮', 'The game', 'change the kind of game'),
  chip('change', '🦸', 'Who I am', 'change who I am'),
  chip('change', '⭐', 'What I collect', 'change what I collect'),
  chip('change', '💥', 'What I dodge', 'change what I dodge'),
];

/** Each game type as a picture card: its picture, its name on the card, and how a child asks for it. */
export const TYPE_CARDS: Record<GameType, { emoji: string; label: string; say: string }> = {
  platformer: { emoji: '🦘', label: 'Jumping game', say: 'a jumping game' },
  collector: { emoji: '💎', label: 'Treasure hunt', say: 'a treasure hunt' },
  avoider: { emoji: '💨', label: 'Dodging game', say: 'a dodging game' },
  runner: { emoji: '🏃', label: 'Running game', say: 'a running game' },
  catcher: { emoji: '🧺', label: 'Catching game', say: 'a catching game' },
  maze: { emoji: '🌀', label: 'Maze game', say: 'a maze game' },
};

export const typeChip = (t: GameType): Chip => {
  const c = TYPE_CARDS[t];
  return chip('type', c.emoji, c.label, c.say);
};

/** The order the offline designer offers "other" types in after a no (see game-designer.ts). */
export const OTHER_TYPES: readonly GameType[] = [
  'platformer',
  'runner',
  'maze',
  'catcher',
  'collector',
  'avoider',
];

/** Some book ideas for a child with no book in mind, or when the book has too few: kind and familiar. */
export const FALLBACK_HEROES = [
  { name: 'a robot', emoji: '🤖' },
  { name: 'a unicorn', emoji: '🦄' },
  { name: 'a dragon', emoji: '🐉' },
] as const;
export const FALLBACK_THINGS = [
  { name: 'stars', emoji: '⭐' },
  { name: 'apples', emoji: '🍎' },
  { name: 'coins', emoji: '🪙' },
] as const;
export const FALLBACK_TROUBLES = [
  { name: 'storm clouds', emoji: '⛈️' },
  { name: 'grumpy bees', emoji: '🐝' },
] as const;

/** Well-known books offered as cards when the child is asked for a book (those in the catalog). */
export const STARTER_BOOKS = [
  'very-hungry-caterpillar',
  'the-gruffalo',
  'where-the-wild-things-are',
  'the-three-little-pigs',
] as const;

export const ALL_TYPES: readonly GameType[] = GAME_TYPES;
