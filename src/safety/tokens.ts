/**
 * Words of a child's message with their places in it. Personal data is found word by word and cut
 * out only on word edges, so an emoji or accent beside a name is never split (a word starts on a
 * letter or digit, so a combining mark, ZWJ or skin tone stays with what precedes it).
 */
export interface Token {
  /** UTF-16 offsets of the word in the text. */
  start: number;
  end: number;
  /** Lowercase, curly apostrophes straightened. */
  low: string;
  /** `low` without a possessive "'s" ("emma's" → "emma"); `stemEnd` is where that stem ends. */
  stem: string;
  stemEnd: number;
  /** Lowercase, possessive dropped, accents folded ("zoë" → "zoe"): the key for word lists. */
  key: string;
  /**
   * The word as book phrases hold it (book-words.ts): `key` without apostrophes or hyphens, titles
   * shortened ("mrs" → "ms"), so "Sam-I-Am" is "samiam".
   */
  phrase: string;
  /** Starts with a capital, in a text that is not all one case. */
  cap: boolean;
  /**
   * A placeholder a scrub already left ("[name]"), or a word a finder has already taken (it will be
   * one): never personal data again.
   */
  placeholder: boolean;
  /** The text between the previous word and this one. */
  gap: string;
  /** Sentence or clause punctuation (or a symbol such as an emoji) between the previous word and this. */
  brk: boolean;
  /** A sentence end (. ! ? ; : or a new line) between the previous word and this one. */
  stop: boolean;
}

// Joiners (ZWJ, ZWNJ) stay inside a word: Persian and Indic words hold them.
const WORD =
  /\[(?:name|age|school|address|phone|email|place)\]|[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}\u200c\u200d]|['’-](?=[\p{L}\p{N}]))*/gu;

// A full stop after these is part of the word ("Mrs. Jones", "St. John's"), not a sentence end.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'st', 'mt', 'jr', 'sr']);

// Most words are plain ASCII: they skip the Unicode work.
const PLAIN = /^[a-z0-9]*$/;
const foldAccents = (s: string) => (PLAIN.test(s) ? s : s.normalize('NFD').replace(/\p{M}+/gu, ''));

// Children mix up Miss, Ms and Mrs ("Miss Frizzle" is Ms. Frizzle), so they match as one.
export const SHORT_TITLES: Readonly<Record<string, string>> = {
  mister: 'mr',
  missus: 'ms',
  mrs: 'ms',
  miss: 'ms',
  doctor: 'dr',
};

/** One word as book phrases hold it: lowercase, accents folded, no apostrophes, hyphen parts run together. */
export function phraseWords(word: string): string[] {
  return foldAccents(word.toLowerCase())
    .replace(/['’]s$/u, '')
    .replace(/['’]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => SHORT_TITLES[w] ?? w);
}

export function tokenize(text: string): Token[] {
  const mixedCase = /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text);
  const out: Token[] = [];
  let prevEnd = 0;
  let prevLow = '';
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const low = raw.toLowerCase().replace(/’/g, "'");
    const possessive = low.length > 2 && low.endsWith("'s");
    const stem = possessive ? low.slice(0, -2) : low;
    const key = foldAccents(stem);
    const gap = text.slice(prevEnd, start);
    let marks = gap.replace(/[\s'’"“”-]/g, '');
    if (marks.startsWith('.') && ABBREVIATIONS.has(prevLow)) marks = marks.slice(1);
    out.push({
      start,
      end,
      low,
      stem,
      stemEnd: possessive ? end - 2 : end,
      key,
      phrase: PLAIN.test(key) ? (SHORT_TITLES[key] ?? key) : phraseWords(key).join(''),
      cap: mixedCase && /^\p{Lu}/u.test(raw),
      placeholder: raw.startsWith('['),
      gap,
      brk: out.length > 0 && (marks.length > 0 || gap.includes('\n')),
      stop: out.length > 0 && (/[.!?;:]/.test(marks) || gap.includes('\n')),
    });
    prevEnd = end;
    prevLow = low;
  }
  return out;
}
