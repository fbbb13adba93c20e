import { kindOfWord } from '../../games/emoji.js';
import type { GameType } from '../../games/spec.js';

/** How the brain says things: short, warm, plain text (no Markdown: replies are read aloud). */

/** "Dragon" → "the Dragon", "spicy salsa" → "the spicy salsa", "Max" → "Max". */
export function withThe(name: string): string {
  const trimmed = name.trim();
  if (/^(?:the|a|an|my|your|his|her)\s/i.test(trimmed)) return trimmed;
  const words = trimmed.split(/\s+/);
  const last = words[words.length - 1] ?? '';
  const proper = /^[A-Z]/.test(trimmed) && (words.length > 1 || !kindOfWord(last));
  return proper ? trimmed : `the ${trimmed}`;
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

/** Plain text only: strip Markdown emphasis a title or child's word might carry. */
export function plain(text: string): string {
  return text
    .replace(/[*_`#]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
