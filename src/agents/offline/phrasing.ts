import { kindOfWord } from '../../games/emoji.js';
import type { GameType } from '../../games/spec.js';
import { isAdjective } from './lexicon.js';

/** How the brain says things: short, warm, plain text (no Markdown: replies are read aloud). */

const TITLES =
  /^(?:mr|mrs|ms|miss|dr|sir|madam|lady|lord|princess|prince|king|queen|captain|officer|little miss|mister|doctor|saint|st|aunt|uncle|grandma|grandpa|farmer)\.?$/i;

/**
 * "Dragon" → "the Dragon", "spicy salsa" → "the spicy salsa", "Cat in the Hat" → "the Cat in the
 * Hat", but "Max", "Peter Rabbit" and "Princess Pearl" are names and stay bare.
 */
export function withThe(name: string): string {
  const trimmed = name.trim();
  if (/^(?:the|a|an|my|your|his|her)\s/i.test(trimmed)) return trimmed;
  const words = trimmed.split(/\s+/);
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  if (!/^\p{Lu}/u.test(trimmed)) return `the ${trimmed}`;
  if (words.length === 1) return kindOfWord(last) ? `the ${trimmed}` : trimmed;
  if (TITLES.test(first)) return trimmed;
  const describing = kindOfWord(first) !== undefined || isAdjective(first.toLowerCase());
  return describing ? `the ${trimmed}` : trimmed;
}

export function andList(items: readonly string[], joiner = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

/** Game types in a child's words. */
export const KID_TYPE: Record<GameType, string> = {
  platformer: 'a jumping game',
  collector: 'a treasure hunt',
  avoider: 'a dodging game',
  runner: 'a running game',
  catcher: 'a catching game',
  maze: 'a maze game',
};

/** What each type is, in one breath, for the designer's offer. */
export const KID_TYPE_HINT: Record<GameType, string> = {
  platformer: 'where you hop on platforms',
  collector: 'where you find things',
  avoider: 'where you get out of the way',
  runner: 'where you run and jump',
  catcher: 'where things fall from the sky',
  maze: 'where you find the way out',
};

/** The collect verb that fits the type ("catch" in a catching game). */
export function collectVerb(type: GameType | undefined): string {
  return type === 'catcher' ? 'catch' : 'collect';
}

/** A deterministic pick, so the same conversation always gets the same words. */
export function pick<T>(options: readonly T[], seed: number): T {
  const value = options[Math.abs(seed) % options.length];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** Plain text only: strip Markdown emphasis a title or child's word might carry, and any placeholder. */
export function plain(text: string): string {
  return text
    .replace(/\[\s*[\p{L}_-]{1,20}\s*\]/gu, '')
    .replace(/[*_`#]+/g, '')
    .replace(/\s+([,.!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function capitalise(s: string): string {
  return s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

/** "by Julia Donaldson", or "a traditional tale" for fairy tales: never "by Traditional". */
export function byline(author: string | undefined): string | null {
  const a = author?.trim();
  if (!a) return null;
  return /^(?:traditional|folk ?tale|fairy ?tale|fable|anonymous|unknown)/i.test(a)
    ? 'a traditional tale'
    : `by ${a}`;
}

/** "Is that The Gruffalo by Julia Donaldson?" / "Is that The Three Little Pigs, the traditional tale?" */
export function askBook(title: string, author: string | undefined): string {
  const by = byline(author);
  if (!by) return `Is that ${title}?`;
  return by.startsWith('by ') ? `Is that ${title} ${by}?` : `Is that ${title}, the traditional tale?`;
}
