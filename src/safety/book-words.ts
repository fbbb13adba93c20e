import { BOOKS } from '../books/catalog.js';
import { lexicon, STOP } from './lexicon.js';
import { phraseWords, SHORT_TITLES, type Token } from './tokens.js';

/**
 * What the book knowledge base says is not personal data: titles, authors and character names. A
 * child who says "I'm Max" is playing the hero, and "by Dr Seuss" names an author. Built once, on
 * first use, from `BOOKS` (only title, author and character names are read).
 */
interface BookWords {
  /** Whole names and titles, their words run together: "drseuss", "msmcgregor", "samiam". */
  phrases: Set<string>;
  /** Every word-edge prefix of a phrase ("dr", "drseuss"), so a look-up stops at the first miss. */
  prefixes: Set<string>;
  /** The longest phrase, in words. */
  longest: number;
  /** Single name-like words of character names and titles ("max", "gruffalo"), not authors'. */
  names: Set<string>;
}

let cache: BookWords | undefined;

function build(): BookWords {
  const phrases = new Set<string>();
  const prefixes = new Set<string>();
  const names = new Set<string>();
  let longest = 1;
  const { known, top, firstNames } = lexicon();
  const add = (text: string, asNames: boolean) => {
    const words = text.split(/\s+/).flatMap(phraseWords);
    if (!words.length) return;
    longest = Math.max(longest, words.length);
    // Run together, so "Doctor De Soto" matches "doctor desoto" and "Sam-I-Am" matches "sam i am".
    for (const ws of words[0] === 'the' && words.length > 1 ? [words, words.slice(1)] : [words]) {
      phrases.add(ws.join(''));
      for (let n = 1; n <= ws.length; n++) prefixes.add(ws.slice(0, n).join(''));
    }
    // Only words that can be a name: "max", "jack", "gruffalo", not "little" or "blue".
    if (asNames)
      for (const w of words)
        if (!STOP.has(w) && (!known.has(w) || (firstNames.has(w) && !top.has(w)))) names.add(w);
  };
  for (const book of BOOKS) {
    add(book.title, true);
    // "H. A. Rey and Margret Rey": each author whole, never a lone first name ("Julia" is a child too).
    for (const author of book.author.split(/\s+and\s+|\s*,\s*/)) add(author, false);
    for (const c of book.characters) add(c.name, true);
  }
  return { phrases, prefixes, longest, names };
}

export function bookWords(): BookWords {
  cache ??= build();
  return cache;
}

/** A single word of a book's title or character ("max", "harold", "gruffalo"). */
export function isBookName(key: string): boolean {
  return bookWords().names.has(SHORT_TITLES[key] ?? key);
}

/**
 * How many tokens from `i` on spell a known title, author or character ("dr seuss", "miss honey",
 * "sam-i-am", "mr poppers penguins"), longest first; 0 when none does. A last word may carry a
 * possessive s with no apostrophe, as transcripts write it ("mr mcgregors garden").
 */
export function bookPhraseAt(tokens: readonly Token[], i: number): number {
  const { phrases, prefixes, longest } = bookWords();
  let text = '';
  let found = 0;
  for (let j = i; j < tokens.length && j - i < longest; j++) {
    const t = tokens[j] as Token;
    if ((j > i && t.stop) || !t.phrase) break;
    text += t.phrase;
    if (phrases.has(text) || (text.endsWith('s') && phrases.has(text.slice(0, -1)))) found = j - i + 1;
    if (!prefixes.has(text)) break;
  }
  return found;
}
