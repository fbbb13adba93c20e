/**
 * Text folded the way someone hiding a word would have bent it: full-width and styled letters
 * (NFKC), invisible joiners and soft hyphens, accents, look-alike letters from other scripts,
 * leetspeak ("sh1t", "k!ll") and letters spaced apart ("f u c k", "k.i.l.l"). Moderation compares
 * the folded words with its lists; the folded text is never shown to anyone.
 */

// Zero-width spaces and joiners, direction marks, soft hyphen, variation selectors, Hangul fillers,
// word joiner and invisible operators, BOM, tag characters: nothing a child sees, all a way to split a word.
// Built from a string: as a literal, the linter reads the variation selectors as combining marks.
const INVISIBLE_CHARS =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0';
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]|[\\u{e0000}-\\u{e007f}]`, 'gu');

/** Letters from Cyrillic, Greek and IPA that look like Latin ones (the ones NFKC leaves alone). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ɑ: 'a',
  ı: 'i',
  ո: 'n',
  ս: 'u',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ℓ: 'l',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};

/** Digits and symbols read as letters, but only inside a word that has a letter ("7 ducks" stays). */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
  '€': 'e',
  '£': 'l',
  '*': 'u',
};

const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');
// A run of letters, digits and leet symbols; a trailing "!" or "?" is punctuation, not a letter.
const LEET_WORD = /[\p{L}\p{N}@$!|+€£*]*\p{L}[\p{L}\p{N}@$!|+€£*]*/gu;

/**
 * Lowercase words of `text`, every disguise above undone, separated by single spaces. `leet: false`
 * keeps digits as digits, for words that hold them for real ("ak47"); `star` is what "*" stands
 * for ("u" unless said: "f*ck").
 */
export function foldHostile(text: string, opts: { leet?: boolean; star?: string } = {}): string {
  const plain = text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`´]/g, "'");
  const unleet =
    opts.leet === false
      ? plain
      : plain.replace(LEET_WORD, (w) =>
          w
            .replace(/[!?]+$/, (end) => ` ${end}`)
            .replace(/[0-9@$!|+€£*]/g, (c) => (c === '*' && opts.star) || LEET[c] || c),
        );
  return unleet
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Runs of three or more single letters joined into one word: "f u c k" → "fuck", "k i l l" →
 * "kill". Separate from `foldHostile` so that "i am a b c" is still read as words too.
 */
export function joinSpacedLetters(folded: string): string {
  return folded.replace(/\b\p{L}(?: \p{L}\b){2,}/gu, (run) => run.replace(/ /g, ''));
}

/** Each run of one repeated letter as one letter: "fuuuuck" → "fuck", "blooood" → "blod". */
export function squeeze(word: string): string {
  // Most words have no letter twice in a row: a plain loop finds that without a regex.
  let doubled = false;
  for (let i = 1; i < word.length && !doubled; i++) doubled = word[i] === word[i - 1];
  return doubled ? word.replace(/(\p{L})\1+/gu, '$1') : word;
}
