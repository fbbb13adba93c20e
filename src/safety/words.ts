import { lexicon, STOP, SURNAME_WORDS } from './lexicon.js';
import type { Token } from './tokens.js';

/** Small helpers over tokens and word lists, shared by the detectors. */

const LETTERS = /^\p{L}[\p{L}\p{M}'’-]*$/u;

/** The token is a word (letters), not a number, a placeholder or a function word. */
export function isWord(t: Token | undefined): t is Token {
  return !!t && !t.placeholder && LETTERS.test(t.stem) && !STOP.has(t.key);
}

/** "sooo", "hmmm": drawn-out speech, never a name. */
const DRAWN_OUT = /(\p{L})\1\1/u;

/**
 * Could this word be a person's name where a name is only likely ("I'm …", "this is …")? In a
 * lowercase transcript: a first name that is not an ordinary word, or a word no word list knows
 * ("aarav"). With capitals to go by: a capitalised word that is a first name or not common.
 */
export function weakNameLike(t: Token | undefined): t is Token {
  if (!isWord(t) || DRAWN_OUT.test(t.key) || t.key.length < 2) return false;
  const { top, common, known, firstNames } = lexicon();
  const first = firstNames.has(t.key);
  if (t.cap) return (first && !top.has(t.key)) || !common.has(t.key);
  return (first && !common.has(t.key)) || (!first && !known.has(t.key));
}

/**
 * Where a name is expected ("my mum is …", "nana …"): a first name unless it is one of the most
 * common words ("my grandma is rose" but not "my mom is happy"), a capitalised word that is not
 * common, or an unknown word that is not a child's past tense ("readed").
 */
export function likelyNameLike(t: Token | undefined): t is Token {
  if (!isWord(t) || DRAWN_OUT.test(t.key) || t.key.length < 2) return false;
  const { top, common, known, firstNames } = lexicon();
  if (firstNames.has(t.key)) return !top.has(t.key);
  if (t.cap && !common.has(t.key)) return true;
  return !known.has(t.key) && !t.key.endsWith('ed');
}

/** After a first name or a title: a surname, or a second given name followed by one. */
export function surnameLike(t: Token | undefined): t is Token {
  if (!isWord(t) || t.key.length < 2) return false;
  const { top, known } = lexicon();
  return !known.has(t.key) || SURNAME_WORDS.has(t.key) || (t.cap && !top.has(t.key));
}

export function isFirstName(t: Token | undefined): boolean {
  return !!t && lexicon().firstNames.has(t.key);
}

/** Tokens from `i` on read `words` (lowercase), with no sentence end between them. */
export function saysAt(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const t = tokens[i + k];
    if (!t || t.low !== words[k] || (k > 0 && t.stop)) return false;
  }
  return true;
}

/** Fixed phrases ("my name is", "i live"), indexed by first word so most words cost one look-up. */
export interface Phrases {
  list: readonly (readonly string[])[];
  byFirst: ReadonlyMap<string, readonly (readonly string[])[]>;
}

export function phrases(text: string): Phrases {
  const list = text
    .split(',')
    .map((p) => p.trim().split(/\s+/))
    .filter((p) => p[0]);
  const byFirst = new Map<string, string[][]>();
  for (const p of list) byFirst.set(p[0] as string, [...(byFirst.get(p[0] as string) ?? []), p]);
  return { list, byFirst };
}

/** The longest of `phrases` said at `i`: its length in tokens, or 0. */
export function phraseAt(tokens: readonly Token[], i: number, phrases: Phrases): number {
  const candidates = phrases.byFirst.get(tokens[i]?.low ?? '');
  let best = 0;
  if (candidates) for (const p of candidates) if (p.length > best && saysAt(tokens, i, p)) best = p.length;
  return best;
}

/** A word list written as one space-separated string (easy to read and extend): its set. */
export function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}
