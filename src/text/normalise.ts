import { own } from './own.js';

/** Text folded for matching: what the child said and what we know, compared on equal terms. */

const NUMBER_WORDS: Record<string, string> = {
  '1': 'one',
  '2': 'two',
  '3': 'three',
  '4': 'four',
  '5': 'five',
  '10': 'ten',
};

// Speech-to-text and child spellings that map onto one canonical token.
const TOKEN_FIXES: Record<string, string> = {
  r: 'are',
  u: 'you',
  n: 'and',
  doctor: 'dr',
  mister: 'mr',
  missus: 'mrs',
  ...NUMBER_WORDS,
};

// The fixes in one pass: once folded, tokens are runs of [a-z0-9] between single spaces, so a word
// boundary on each side matches a whole token (cheaper than splitting and joining every text).
const TOKEN_FIX = new RegExp(`\\b(?:${Object.keys(TOKEN_FIXES).join('|')})\\b`, 'g');

/** Printable ASCII only (anything else takes the full folding path). */
const PLAIN = /^[ -~]*$/;

/**
 * Lowercase, fold accents and curly quotes, drop apostrophes inside words ("charlotte’s" →
 * "charlottes"), turn all other punctuation into spaces.
 */
export function normaliseText(text: string): string {
  // Most text is plain ASCII (names, the agents' own lines): nothing to fold, and folding is the
  // dearer half of this function, called many times a turn.
  const folded = PLAIN.test(text)
    ? text.toLowerCase().replace(/`/g, "'")
    : text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[\u2018\u2019\u201b\u02bc`´]/g, "'")
        .replace(/[\u201c\u201d\u201e]/g, '"');
  return folded
    .replace(/(\w)'(\w)/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(TOKEN_FIX, (t) => own(TOKEN_FIXES, t) ?? t);
}

export function tokens(text: string): string[] {
  const n = normaliseText(text);
  return n ? n.split(' ') : [];
}

/** Classic Levenshtein with two rows; strings here are short (titles, words). */
