import { DESCRIBERS, INVENTED_ENDINGS, INVENTED_PARTS, UNCOMMON } from './emoji-invented.js';
import {
  ANIMALS,
  FOOD,
  IRREGULAR_PLURALS,
  MISSPELLINGS,
  NATURE,
  OTHER_LANGUAGE_CREATURES,
  OTHER_LANGUAGES,
  PEOPLE,
  THINGS,
  TROUBLES,
} from './emoji-words.js';

/**
 * Child words → emoji sprites, so "spicy salsa", "my grandma's cookies" or "lolypops" get a picture
 * without a model. The words live in emoji-words.ts; this file finds a phrase's head noun ("the Cat
 * in the Hat" is a cat, "a bowl of milk" is milk), folds plurals and misspellings, and keeps the
 * pictures in one game apart (a hero never looks like the thing it collects).
 */

// Later maps win on a shared key: a creature's picture beats a thing's.
const EMOJI: Readonly<Record<string, string>> = {
  ...INVENTED_PARTS,
  ...UNCOMMON,
  ...OTHER_LANGUAGES,
  ...TROUBLES,
  ...THINGS,
  ...NATURE,
  ...FOOD,
  ...PEOPLE,
  ...ANIMALS,
};
const CREATURES = new Set([...Object.keys(ANIMALS), ...Object.keys(PEOPLE), ...OTHER_LANGUAGE_CREATURES]);
const MULTI_WORD = Object.keys(EMOJI)
  .filter((k) => k.includes(' '))
  .sort((a, b) => b.split(' ').length - a.split(' ').length || b.length - a.length);

/** Emoji → the word we say for it, from the English maps (first key wins: 🐉 → "dragon"). */
const WORD_FOR_EMOJI = new Map<string, string>();
// Plain things first, so ⭐ reads as "star" (not "starfish") and 🐻 as "bear".
for (const map of [NATURE, FOOD, THINGS, ANIMALS, PEOPLE, TROUBLES]) {
  for (const [word, emoji] of Object.entries(map)) {
    if (!WORD_FOR_EMOJI.has(emoji) && !word.includes(' ')) WORD_FOR_EMOJI.set(emoji, word);
  }
}

// Common words close to a dictionary word that must not be read as it ("could" is not "cloud").
const NOT_FUZZY = new Set(
  'about above after again along always around because before being below could doing every first going great happy having little might never other really right should since still their there these thing things think those three today under until where which while would write wrote maybe often sorry please thank thanks hello funny scary silly angry sleepy stuck stuff fairly water later whole house horse mouse moose plays place plate'.split(
    ' ',
  ),
);

/** Folded for lookup: lowercase, no accents, straight apostrophes. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
}

function words(text: string): string[] {
  return fold(text)
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/-/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/** Plural and possessive forms a word may be of a dictionary key: "tacos", "berries", "dragon's". */
function forms(word: string): string[] {
  const w = word.replace(/'s$|s'$/, (m) => (m === "s'" ? 's' : ''));
  const out = [w];
  const irregular = IRREGULAR_PLURALS[w];
  if (irregular) out.push(irregular);
  // code-unit-safe: drops an ASCII ending the same line just matched
  if (w.endsWith('men')) out.push(`${w.slice(0, -3)}man`);
  // code-unit-safe: drops an ASCII ending the same line just matched
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  // code-unit-safe: drops an ASCII ending the same line just matched
  if (w.endsWith('ves')) out.push(`${w.slice(0, -3)}f`, `${w.slice(0, -3)}fe`);
  // code-unit-safe: drops an ASCII ending the same line just matched
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  // code-unit-safe: drops an ASCII ending the same line just matched
  if (w.endsWith('s')) out.push(w.slice(0, -1));
  return out;
}

/** Edit distance of at most one, transpositions included ("spidr", "snial"). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // code-unit-safe: compares ASCII words
    // code-unit-safe: compares ASCII words
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // code-unit-safe: compares ASCII words
}

const SINGLE_KEYS = Object.keys(EMOJI).filter((k) => !k.includes(' ') && k.length >= 5);
const swapped = (a: string, b: string) =>
  a.length === b.length && [...a].sort().join('') === [...b].sort().join('');

/**
 * The dictionary key a single word stands for, or undefined. `fuzzy` also accepts a slip of one
 * letter in a longer word ("elephnat", "spidder"): a letter added, dropped or swapped from six
 * letters, a wrong letter only from eight (shorter words are too often other words: "trick" is not
 * "truck").
 */
function keyOf(word: string, fuzzy = true): string | undefined {
  if (!word) return undefined;
  for (const f of forms(word)) {
    if (EMOJI[f]) return f;
    const fixed = MISSPELLINGS[f];
    if (fixed && EMOJI[fixed]) return fixed;
  }
  if (!fuzzy || word.length < 6 || NOT_FUZZY.has(word)) return undefined;
  for (const f of forms(word)) {
    if (f.length < 6) continue;
    const hit = SINGLE_KEYS.find(
      (k) =>
        k[0] === f[0] && (k.length !== f.length || f.length >= 8 || swapped(k, f)) && withinOneEdit(k, f),
    );
    if (hit) return hit;
  }
  return undefined;
}

/** A whole phrase as a multi-word key ("ice cream", "hot dogs", "polar bears"). */
function phraseKey(ws: readonly string[]): string | undefined {
  const joined = ws.join(' ');
  if (EMOJI[joined]) return joined;
  const fixed = MISSPELLINGS[joined];
  if (fixed && EMOJI[fixed]) return fixed;
  const last = ws[ws.length - 1];
  if (ws.length > 1 && last) {
    for (const f of forms(last)) {
      const k = [...ws.slice(0, -1), f].join(' ');
      if (EMOJI[k]) return k;
    }
  }
  if (ws.length === 1 && last) return keyOf(last);
  return undefined;
}

// Words after which the head noun has been said ("cat in the hat", "man with the yellow hat").
const HEAD_ENDS = new Set([
  'in',
  'on',
  'with',
  'without',
  'from',
  'at',
  'who',
  'that',
  'which',
  'under',
  'for',
  'by',
  'near',
  'and',
  'or',
]);
// "a bowl of milk" is milk; "the king of the jungle" is a king.
const CONTAINERS = new Set([
  'bowl',
  'bowls',
  'cup',
  'cups',
  'glass',
  'glasses',
  'bag',
  'bags',
  'box',
  'boxes',
  'jar',
  'jars',
  'pile',
  'piles',
  'bunch',
  'bunches',
  'lot',
  'lots',
  'piece',
  'pieces',
  'slice',
  'slices',
  'basket',
  'baskets',
  'bucket',
  'buckets',
  'pot',
  'pots',
  'plate',
  'plates',
  'bottle',
  'bottles',
  'handful',
  'loads',
  'load',
  'sack',
  'sacks',
  'pail',
  'pails',
  'specks',
  'speck',
]);

/** The words that name the thing itself: "cat in the hat" → ["cat"], "bowl of milk" → ["milk"]. */
function headWords(ws: readonly string[]): string[] {
  const cut = ws.findIndex((w, i) => i > 0 && HEAD_ENDS.has(w));
  const head = cut > 0 ? ws.slice(0, cut) : [...ws];
  const of = head.indexOf('of');
  if (of > 0) {
    const before = head[of - 1] ?? '';
    const after = head.slice(of + 1).filter((w) => w !== 'the' && w !== 'a');
    return CONTAINERS.has(before) && after.length ? after : head.slice(0, of);
  }
  return head;
}

function lookupWords(ws: readonly string[]): string | undefined {
  if (!ws.length) return undefined;
  const whole = phraseKey(ws);
  if (whole) return EMOJI[whole];
  const singular = ws.map((w) => forms(w).at(-1) ?? w);
  const inside = MULTI_WORD.find(
    (k) => ` ${ws.join(' ')} `.includes(` ${k} `) || ` ${singular.join(' ')} `.includes(` ${k} `),
  );
  if (inside) return EMOJI[inside];
  for (const w of [...ws].reverse()) {
    const key = keyOf(w);
    if (key) return EMOJI[key];
  }
  return undefined;
}

// Emoji are found grapheme by grapheme (a flag, a ZWJ family or a skin tone is one grapheme): the
// `v`-flag \p{RGI_Emoji} regex says the same but costs a third of a second to compile on first use.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PICTOGRAPHIC = /\p{Extended_Pictographic}|^\p{Regional_Indicator}{2}$|\u20E3/u;

/** Plain ASCII holds no emoji: the common case skips segmenting. */
const isAscii = (text: string) => !/[^\u0020-\u007e\s]/.test(text);

function isEmojiGrapheme(g: string): boolean {
  return PICTOGRAPHIC.test(g);
}

/** The emoji a child typed in a name, if any ("my 🦄" → 🦄). */
function typedEmoji(name: string): string | undefined {
  if (isAscii(name)) return undefined;
  for (const { segment } of segmenter.segment(name)) if (isEmojiGrapheme(segment)) return segment;
  return undefined;
}

/**
 * The emoji for a name: an emoji the child typed, then the whole phrase, then its head noun (the
 * words before "in", "with", "who"...; the last of those is the thing itself: "spicy salsa", "golden
 * eggs"), then any word the dictionary knows.
 */
export function emojiFor(name: string, fallback = '⭐'): string {
  const typed = typedEmoji(name);
  if (typed) return typed;
  const ws = words(name).filter((w) => !/^(?:the|a|an|my|your|his|her|their|our|some)$/.test(w));
  if (!ws.length) return fallback;
  const whole = phraseKey(ws);
  if (whole) return EMOJI[whole] ?? fallback;
  const head = headWords(ws);
  return (
    lookupWords(head) ??
    inventedEmoji(head) ??
    lookupWords(ws.filter((w) => w !== 'of')) ??
    describedEmoji(ws) ??
    fallback
  );
}

/** The shortest part of a made-up word that the dictionary knows ("snorkle|puff", "glimmer|fish"). */
function partEmoji(word: string): string | undefined {
  for (const [ending, emoji] of INVENTED_ENDINGS) if (ending.test(word)) return emoji;
  // The end names the thing ("moon|berry"), else the start does ("dragon|ling" is caught above).
  for (let i = 1; i <= word.length - 3; i++) {
    // code-unit-safe: the part is only looked up in the dictionary, never kept or shown
    const key = keyOf(word.slice(i), false);
    if (key) return EMOJI[key];
  }
  for (let i = word.length - 1; i >= 4; i--) {
    // code-unit-safe: the part is only looked up in the dictionary, never kept or shown
    const key = keyOf(word.slice(0, i), false);
    if (key) return EMOJI[key];
  }
  // A "…ling" is a little one of something nobody knows: a chick.
  return /lings?$/.test(word) ? '🐣' : undefined;
}

/** A made-up head noun, read by its parts, the last word first ("grumbleguts monster"). */
function inventedEmoji(head: readonly string[]): string | undefined {
  for (const w of [...head].reverse()) {
    const e = partEmoji(w);
    if (e) return e;
  }
  return undefined;
}

/** The picture of how it is described, the word nearest the noun first ("fluffy purple …" → 🟣). */
function describedEmoji(ws: readonly string[]): string | undefined {
  for (const w of [...ws].reverse()) {
    const e = DESCRIBERS[w];
    if (e) return e;
  }
  return undefined;
}

/** The creature a name is, when the dictionary knows one in its head ("Cat in the Hat" → 🐱). */
export function creatureEmojiFor(name: string): string | undefined {
  const ws = headWords(words(name));
  for (const w of [...ws].reverse()) {
    const key = keyOf(w);
    if (key && CREATURES.has(key)) return EMOJI[key];
  }
  return undefined;
}

/**
 * Whether a single word names a creature (a possible character) or a thing, if the dictionary knows
 * it; `exact` leaves out one-letter slips (a word list that knows "tricks" is a verb asks exactly).
 */
export function kindOfWord(word: string, exact = false): 'creature' | 'thing' | undefined {
  const ws = words(word);
  const w = ws[0];
  if (!w || ws.length !== 1) return undefined;
  const key = keyOf(w, !exact);
  if (!key) return undefined;
  return CREATURES.has(key) ? 'creature' : 'thing';
}

/**
 * The kind of a two- or three-word name the dictionary knows as one ("ice cream", "hot dogs",
 * "polar bear"), or undefined.
 */
export function kindOfPhrase(phrase: string): 'creature' | 'thing' | undefined {
  const ws = words(phrase);
  if (ws.length < 2) return undefined;
  const key = phraseKey(ws);
  if (!key?.includes(' ')) return undefined;
  return CREATURES.has(key) ? 'creature' : 'thing';
}

const TROUBLE_WORDS = new Set(Object.keys(TROUBLES));

/** A trouble ("mess", "germs", "trap"): something to dodge, never a prize to collect. */
export function isTroubleWord(word: string): boolean {
  const ws = words(word);
  const key = ws.length ? keyOf(ws[ws.length - 1] ?? '', false) : undefined;
  return key !== undefined && TROUBLE_WORDS.has(key) && !EMOJI_NOT_TROUBLE.has(key);
}
const EMOJI_NOT_TROUBLE = new Set(Object.keys({ ...THINGS, ...FOOD, ...NATURE }));

/** The dictionary's own spelling of a word the child may have misspelt ("caterpiller" → "caterpillar"). */
export function dictionaryWord(word: string): string | undefined {
  const w = words(word);
  return w.length === 1 && w[0] ? keyOf(w[0]) : undefined;
}

/** The word for an emoji a child typed ("🐉" → "dragon"), if we have one. */
export function wordForEmoji(emoji: string): string | undefined {
  return WORD_FOR_EMOJI.get(emoji) ?? WORD_FOR_EMOJI.get(emoji.replace(/\uFE0F/g, ''));
}

/** Whether an emoji pictures a creature (🐉, 👸), as opposed to a thing (🎩, 👑) or an unknown one. */
export function isCreatureEmoji(emoji: string): boolean {
  const word = wordForEmoji(emoji);
  return word !== undefined && CREATURES.has(word);
}

/** Every emoji in a text, whole ("👨‍👩‍👧" is one). */
export function emojiIn(text: string): string[] {
  if (isAscii(text)) return [];
  return Array.from(segmenter.segment(text), (s) => s.segment).filter(isEmojiGrapheme);
}

/**
 * The text without emoji that sit inside a word ("dra🐉gon" → "dragon"): decoration, not a word of
 * its own. Emoji between words are kept.
 */
export function withoutInWordEmoji(text: string): string {
  if (isAscii(text)) return text;
  const parts = Array.from(segmenter.segment(text), (s) => s.segment);
  const letter = (g: string | undefined) => g !== undefined && /^\p{L}/u.test(g);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const g = parts[i] ?? '';
    if (!isEmojiGrapheme(g)) {
      out.push(g);
      continue;
    }
    // A run of emoji between two letters goes.
    let j = i;
    while (j < parts.length && isEmojiGrapheme(parts[j] ?? '')) j++;
    if (letter(out.at(-1)) && letter(parts[j])) {
      i = j - 1;
      continue;
    }
    out.push(g);
  }
  return out.join('');
}

// Close relatives, for when two things in one game would otherwise look the same.
const ALTERNATES: Readonly<Record<string, readonly string[]>> = {
  '🐉': ['🐲'],
  '🐱': ['🐈'],
  '🐶': ['🐕', '🐩'],
  '🐭': ['🐁'],
  '🐰': ['🐇'],
  '🐻': ['🧸'],
  '🐷': ['🐖', '🐽'],
  '🐄': ['🐮'],
  '🐴': ['🐎'],
  '🐦': ['🐤', '🕊️'],
  '🐟': ['🐠', '🐡'],
  '🐠': ['🐟', '🐡'],
  '👑': ['💍', '💎'],
  '🎩': ['👒', '🧢'],
  '⭐': ['🌟', '💫', '✨'],
  '❤️': ['💖', '💛', '💜'],
  '🍎': ['🍏'],
  '🐛': ['🐞'],
  '👹': ['👺', '👾'],
  '🦖': ['🦕'],
  '🐺': ['🦊'],
  '🐸': ['🐢'],
  '🍪': ['🥠'],
  '🍰': ['🎂', '🧁'],
  '🌙': ['🌛', '🌕'],
  '🐍': ['🦎'],
  '🦉': ['🦅'],
  '🐯': ['🐅'],
  '🐵': ['🐒'],
  '🐘': ['🦣'],
  '🦆': ['🐥'],
  '🐔': ['🐓', '🐤'],
  '🐝': ['🐞'],
  '🎈': ['🪁'],
  '🪙': ['💰'],
  '💎': ['💍'],
  '🌳': ['🌲', '🌴'],
  '🌸': ['🌼', '🌷', '🌻'],
  '🍃': ['🍂', '🍁'],
  '🚗': ['🚙', '🏎️'],
  '👦': ['🧒'],
  '👧': ['👩'],
  '🧙': ['🧝'],
  '🤖': ['👾'],
  '👻': ['💀'],
  '🌧️': ['☁️', '⛈️'],
  '☁️': ['🌧️'],
  '🔥': ['🌋'],
  '🍓': ['🍒'],
  '🌰': ['🥜'],
  '🍄': ['🌰'],
  '🪨': ['⛰️'],
  '🦋': ['🐛'],
  '🐐': ['🐑'],
  '🥚': ['🍳'],
  '🍖': ['🍗'],
  '🎵': ['🎶'],
  '🌮': ['🌯'],
  '🌶️': ['🔥'],
  '🧸': ['🐻'],
  '🍬': ['🍭'],
  '🍭': ['🍬'],
  '🥕': ['🥬'],
  '🐌': ['🐚'],
  '🐚': ['🐌'],
  '🦄': ['🐴'],
  '👸': ['🤴'],
  '🤴': ['👸'],
};

const THING_FALLBACKS = ['✨', '💎', '🔷', '🟣', '🟡', '🔶', '🟢', '🔴'];
const HERO_FALLBACKS = ['🧒', '🦸', '🙂', '😀', '🧑'];

/**
 * A picture not yet used in the game: the preferred one, a close relative of it, else a plain
 * shape. `hero` picks person-like fallbacks, so a hero is never a diamond.
 */
export function distinctEmoji(preferred: string, taken: ReadonlySet<string>, hero = false): string {
  if (!taken.has(preferred)) return preferred;
  for (const alt of ALTERNATES[preferred] ?? []) if (!taken.has(alt)) return alt;
  for (const alt of hero ? HERO_FALLBACKS : THING_FALLBACKS) if (!taken.has(alt)) return alt;
  return preferred;
}

/** How many words the dictionary knows (for tests and docs). */
export const EMOJI_WORD_COUNT = Object.keys(EMOJI).length;

/** Every word and its emoji (for tests). */
export function dictionaryEntries(): ReadonlyArray<readonly [string, string]> {
  return Object.entries(EMOJI);
}
