import { bookPhraseAt, isBookName } from './book-words.js';
import { lexicon, STOP } from './lexicon.js';
import { numberValue } from './numbers.js';
import type { PersonalDataSpan } from './placeholders.js';
import type { Token } from './tokens.js';
import { isFirstName, isWord, likelyNameLike, phraseAt, phrases, surnameLike, words } from './words.js';

/**
 * The other ways children say who they are (issue 32.3), beside detect-names.ts: "Lily here!",
 * "hi it's Lily", "Lily is me", "by me, Lily Parker", "name: Lily Parker", "the story is about me,
 * Lily", a made-up book "called Lily Parker and the Dragon", "Olivia, age 6". A book's character
 * is never taken ("Fox here!", "it's Gloria", "Sam-I-Am is me"): the child is playing it.
 */

const GREETINGS = words('hi hello hey hiya heya hii yo howdy morning');
/** After the name in "it's Lily …": what a child says next when introducing themselves. */
const AFTER_INTRO = words('here again speaking from and i im typing writing make');
const TITLE_WORDS = words('book story comic tale books stories');
const NAMING = words('called named titled');
const BY_ME = phrases('by me, from me, written by me, made by me, about me, love from, this is me');

/** At the start of what the child said, or of a sentence, or just after "hi" (or "hello hi"). */
function opensSentence(tokens: readonly Token[], i: number): boolean {
  let k = i;
  while (
    k > 0 &&
    !(tokens[k] as Token).stop &&
    !(tokens[k] as Token).brk &&
    GREETINGS.has((tokens[k - 1] as Token).key)
  )
    k--;
  return k === 0 || (tokens[k] as Token).stop || (tokens[k] as Token).brk;
}

/**
 * A book's character rather than a person: a whole title or character ("the Gruffalo", "Peter
 * Rabbit"), or a character's one-word name that is no ordinary first name ("Zog", "Max"); a
 * common first name that a book also uses ("Emily", "Amelia") is a person's.
 */
function bookCharacterAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k] as Token;
  if (bookPhraseAt(tokens, k) >= 2) return true;
  return isBookName(t.key) && !(isFirstName(t) && !lexicon().known.has(t.key));
}

/** Family words a child says as names ("it's Papa"), never a child's own. */
const FAMILY = words(
  'papa mama mum mom dad daddy mummy mommy nana nan granny grandma grandpa grandad baby sis bro',
);

/**
 * Stricter than "likely" (words.ts), as nothing but the sentence's shape says a name comes: a first
 * name that is not among the most common words ("Lily", "Mason"), or a word no word list knows
 * ("Aarav"); never an ordinary word with a capital ("Giraffe here!").
 */
function introNameLike(t: Token): boolean {
  if (!likelyNameLike(t) || FAMILY.has(t.key)) return false;
  const { top, known } = lexicon();
  return isFirstName(t) ? !top.has(t.key) : !known.has(t.key);
}

/** A person's name (not a book's) starting at `k`: the index of its last token, or -1. */
function personAt(tokens: readonly Token[], k: number, any = false): number {
  const t = tokens[k];
  if (!t || !isWord(t)) return -1;
  if (!any && (!introNameLike(t) || bookCharacterAt(tokens, k))) return -1;
  let end = k;
  for (let n = 0; n < 2; n++) {
    const next = tokens[end + 1];
    if (!next || next.brk || !surnameLike(next)) break;
    // In lowercase speech a known word after a name is a word ("lily here again"), not a surname.
    if (!next.cap && lexicon().known.has(next.key) && !isFirstName(next)) break;
    end++;
  }
  return end;
}

function push(out: PersonalDataSpan[], tokens: readonly Token[], first: number, last: number) {
  out.push({ kind: 'name', start: (tokens[first] as Token).start, end: (tokens[last] as Token).stemEnd });
}

export function findIntros(tokens: readonly Token[], out: PersonalDataSpan[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const end = introAt(tokens, i, out);
    if (end > i) i = end;
  }
}

/** One introduction found at `i` (pushed to `out`): the index of its last token, or -1. */
function introAt(tokens: readonly Token[], i: number, out: PersonalDataSpan[]): number {
  const t = tokens[i] as Token;
  // "Lily here!", "Lily is me", "Lily speaking"
  if (opensSentence(tokens, i)) {
    const end = personAt(tokens, i);
    const next = tokens[end + 1];
    const after = tokens[end + 2];
    if (
      end >= 0 &&
      next &&
      !next.brk &&
      (next.low === 'here' ||
        next.low === 'speaking' ||
        (next.low === 'is' && after?.low === 'me' && !after.brk))
    ) {
      push(out, tokens, i, end);
      return end + 1;
    }
  }
  // "hi it's Lily", "its lily again"
  if ((t.low === "it's" || t.low === 'its') && opensSentence(tokens, i)) {
    const end = personAt(tokens, i + 1);
    const next = tokens[end + 1];
    // "it's Lily", "its lily again"; not "it's Lily's turn" or "it's Rose Hill"
    if (
      end >= 0 &&
      (!next || next.brk || AFTER_INTRO.has(next.key) || !lexicon().known.has(next.key) || STOP.has(next.key))
    ) {
      push(out, tokens, i + 1, end);
      return end;
    }
  }
  // "by me, Lily Parker", "the story is about me, Lily"
  const byMe = phraseAt(tokens, i, BY_ME);
  if (byMe) {
    const end = personAt(tokens, i + byMe, true);
    if (end >= 0 && !tokens[i + byMe]?.stop) {
      push(out, tokens, i + byMe, end);
      return end;
    }
  }
  // "name: Lily Parker", "my name? its lily"
  if (t.stem === 'name' && (opensSentence(tokens, i) || tokens[i - 1]?.low === 'my') && tokens[i + 1]?.brk) {
    let k = i + 1;
    if (/^(?:its|it's|is)$/.test(tokens[k]?.low ?? '')) k++;
    const end = personAt(tokens, k, true);
    if (end >= 0) {
      push(out, tokens, k, end);
      return end;
    }
  }
  // "Olivia Walsh, age 6": the age, and the name before it
  if ((t.low === 'age' || t.low === 'aged') && t.brk && i > 0) {
    const n = numberValue(tokens[i + 1]);
    if (n !== undefined && n > 0 && n < 18) {
      const age = tokens[i + 1] as Token;
      out.push({ kind: 'age', start: age.start, end: age.end });
      let first = i - 1;
      while (first > 0 && first > i - 3 && !(tokens[first] as Token).stop && !(tokens[first] as Token).brk)
        first--;
      if (opensSentence(tokens, first) && personAt(tokens, first) === i - 1) push(out, tokens, first, i - 1);
      return i + 1;
    }
  }
  if (NAMING.has(t.low)) return namesInTitle(tokens, i, out);
  const street = phraseAt(tokens, i, STREET_IS);
  return street ? streetAt(tokens, i + street, out) : -1;
}

const STREET_IS = phrases(
  "my street is called, my street is, my street's called, our street is called, our street is, my road is called, my road is, our road is, i live on a street called, we live on a street called",
);
const STREET_WORDS = words(
  'road rd street st avenue ave lane close drive court way place crescent grove terrace gardens hill row walk square view rise mews',
);

/** "my street is called Cedar Court": the street's name, up to its street word. */
function streetAt(tokens: readonly Token[], k: number, out: PersonalDataSpan[]): number {
  let e = k;
  while (e < tokens.length && e - k < 4 && isWord(tokens[e]) && !(e > k && (tokens[e] as Token).brk)) {
    if (STREET_WORDS.has((tokens[e] as Token).key) && e > k) break;
    e++;
  }
  const last = STREET_WORDS.has(tokens[e]?.key ?? '') ? e : e - 1;
  if (last < k) return -1;
  out.push({ kind: 'address', start: (tokens[k] as Token).start, end: (tokens[last] as Token).end });
  return last;
}

/**
 * A made-up book "called Lily Parker and the Dragon" or "Emily's Big Day": the people's names in its
 * title (a first name that is no ordinary word, or a first name with a surname). Only after a book
 * word ("my book is called …"), never a hero's name ("the hero is called Sparkle").
 */
function namesInTitle(tokens: readonly Token[], i: number, out: PersonalDataSpan[]): number {
  let bookBefore = false;
  for (let b = i - 1; b >= 0 && b >= i - 4; b--)
    if (TITLE_WORDS.has((tokens[b] as Token).key)) bookBefore = true;
  if (!bookBefore || bookPhraseAt(tokens, i + 1) >= 2) return -1;
  let last = -1;
  for (let k = i + 1; k < tokens.length && k <= i + 8; k++) {
    const t = tokens[k] as Token;
    if (k > i + 1 && t.stop) break;
    const named = isFirstName(t) || (t.cap && !lexicon().known.has(t.key));
    if (!isWord(t) || !named || bookCharacterAt(tokens, k)) continue;
    const next = tokens[k + 1];
    const withSurname = next && !next.brk && surnameLike(next) && !STOP.has(next.key);
    if (!withSurname && lexicon().known.has(t.key)) continue;
    const end = withSurname ? k + 1 : k;
    push(out, tokens, k, end);
    last = end;
    k = end;
  }
  return last;
}
