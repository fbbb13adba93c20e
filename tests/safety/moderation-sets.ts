import { readFileSync } from 'node:fs';
import { kinder } from '../../src/safety/kinder.js';
import { findConcerns, SOFTENED } from '../../src/safety/moderation.js';

/**
 * The two labelled sets moderation is measured on (tests/safety/data): hostile names and specs,
 * each of which must be refused or replaced by a kind version, and real children's book words,
 * which must pass. Shared by tests/safety/moderation-sets.test.ts and bench/moderation.ts.
 */
export interface HostileCase {
  text: string;
  kind: string;
  form: string;
}

const data = (name: string) => new URL(`./data/${name}`, import.meta.url);

export function loadHostile(): HostileCase[] {
  return JSON.parse(readFileSync(data('hostile.json'), 'utf8')).cases;
}

export function loadBookWords(): string[] {
  return JSON.parse(readFileSync(data('book-words.json'), 'utf8')).words;
}

export type Outcome = 'refused' | 'replaced' | 'missed';

/**
 * What moderation does with a hostile text: refused (a concern with no kind version), replaced (a
 * violent or drug word swapped, and nothing left to find), or missed (it would be said or shown).
 */
export function outcome(text: string): Outcome {
  const found = findConcerns(text);
  if (!found.length) return 'missed';
  if (found.some((f) => !SOFTENED.has(f.concern))) return 'refused';
  return findConcerns(kinder(text)).length ? 'refused' : 'replaced';
}

export interface SetScores {
  hostile: number;
  handled: number;
  refused: number;
  replaced: number;
  missed: string[];
  books: number;
  blocked: string[];
}

export function scoreSets(): SetScores {
  const hostile = loadHostile();
  const books = loadBookWords();
  const outcomes = hostile.map((c) => outcome(c.text));
  return {
    hostile: hostile.length,
    handled: outcomes.filter((o) => o !== 'missed').length,
    refused: outcomes.filter((o) => o === 'refused').length,
    replaced: outcomes.filter((o) => o === 'replaced').length,
    missed: hostile
      .filter((_, i) => outcomes[i] === 'missed')
      .map((c) => `${c.kind}/${c.form}: ${JSON.stringify(c.text)}`),
    books: books.length,
    blocked: books.filter((w) => findConcerns(w).length > 0),
  };
}
