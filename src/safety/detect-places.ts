import { bookPhraseAt, isBookName } from './book-words.js';
import { lexicon, REGIONS, STOP } from './lexicon.js';
import { isNumberWord } from './numbers.js';
import type { PersonalDataSpan } from './placeholders.js';
import type { Token } from './tokens.js';
import { isWord, phraseAt, phrases, words } from './words.js';

/** Schools ("Oakwood Primary", "I go to Lincoln school") and where the child lives. */

/** Words that follow a school's own name: after the first few, any words before them are its name. */
const SCHOOL_NOUNS = words(
  'primary elementary academy infants infant junior juniors montessori kindergarten preschool pre-school nursery',
);
/** School words that are also something else ("the baby's nursery", "she starts kindergarten"). */
const LOOSE_SCHOOL_NOUNS = words('infants infant junior juniors kindergarten preschool pre-school nursery');
/** Words before "school" that describe a school rather than name it: "big school", "forest school". */
const SCHOOL_KINDS = words(
  'big new old local nearest nice good great best favourite favorite public private other first next last same different whole high middle primary secondary elementary nursery pre summer forest swim swimming dance ballet drama art music football after before boarding magic church sunday',
);
/** After "primary" these make it an adjective: "primary colours". */
const NOT_SCHOOL_AFTER = words('colours colors colour color');
const GOES_TO = phrases("i go to, i went to, i goes to, i attend, we go to, i'm at, im at, i am at");
const MY_SCHOOL = phrases(
  "my school is called, my school's called, my schools called, my school is named, my school's name is, my schools name is, my school is, my school's, my schools",
);

function schoolNameToken(t: Token | undefined, strict: boolean): t is Token {
  if (!t || !(/^(st|saint)$/.test(t.low) || isWord(t))) return false;
  if (SCHOOL_KINDS.has(t.key) || STOP.has(t.key) || SCHOOL_NOUNS.has(t.key) || t.key === 'school')
    return false;
  if (t.key.length < 2) return false;
  if (!strict) return true;
  // Before plain "school" only a proper name counts: "Lincoln school" but not "big school".
  return !lexicon().common.has(t.key) || t.cap;
}

export function findSchools(tokens: readonly Token[], out: PersonalDataSpan[]): void {
  // A school's name never reaches back into the one found before it.
  let floor = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const strong = SCHOOL_NOUNS.has(t.key);
    if (strong || t.key === 'school') {
      if (strong && NOT_SCHOOL_AFTER.has(tokens[k + 1]?.key ?? '')) continue;
      // Back over the school's own name: "sunny hill elementary", "st. john's primary".
      const trigger = (s: number) => GOES_TO.list.some((p) => endsAt(tokens, s - 1, p));
      let s = k;
      while (s > floor && k - s < 4 && !(tokens[s] as Token).stop) {
        const w = tokens[s - 1];
        // A story's school: "Arthur's school" is no school of the child's.
        const saint = /^(st|saint)$/.test(tokens[s - 2]?.low ?? '');
        if (!schoolNameToken(w, false) || (w.low !== w.stem && isBookName(w.key) && !saint)) break;
        s--;
      }
      if (s === k || bookPhraseAt(tokens, s) >= k - s) continue;
      if ((!strong || LOOSE_SCHOOL_NOUNS.has(t.key)) && !trigger(s)) {
        // "school" or "nursery" with no "I go to" before: only proper names ("Lincoln", not "big").
        let p = k;
        while (p > s && schoolNameToken(tokens[p - 1], true)) p--;
        if (p === k) continue;
        s = p;
      }
      let end = k;
      if (strong && tokens[k + 1]?.key === 'school' && !(tokens[k + 1] as Token).brk) end = k + 1;
      out.push({ kind: 'school', start: (tokens[s] as Token).start, end: (tokens[end] as Token).end });
      k = end;
      floor = end + 1;
      continue;
    }
    // "my school is St Marys", "I go to Oakwood": a name with no school word after it.
    const said = phraseAt(tokens, k, MY_SCHOOL) || phraseAt(tokens, k, GOES_TO);
    if (said) {
      const called = tokens[k + said - 1]?.key === 'called' || tokens[k + said - 1]?.key === 'named';
      let e = k + said;
      const from = e;
      while (
        e < tokens.length &&
        e - from < 4 &&
        !(tokens[e] as Token).brk &&
        schoolNameToken(tokens[e], !called)
      )
        e++;
      // A school word right after is handled above, from that word.
      if (e === from || SCHOOL_NOUNS.has(tokens[e]?.key ?? '') || tokens[e]?.key === 'school') continue;
      if (tokens.slice(from, e).some((w) => isBookName(w.key) || REGIONS.has(w.key))) continue;
      out.push({ kind: 'school', start: (tokens[from] as Token).start, end: (tokens[e - 1] as Token).end });
      k = e - 1;
      floor = e;
    }
  }
}

/** The tokens ending at `i` (inclusive) read `words`. */
function endsAt(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  const s = i - words.length + 1;
  if (s < 0) return false;
  for (let n = 0; n < words.length; n++) {
    const t = tokens[s + n] as Token;
    if (t.low !== words[n] || (n > 0 && t.stop)) return false;
  }
  return true;
}

const STREETS = words(
  'street road avenue lane drive court close crescent way place boulevard terrace grove gardens square parkway highway circle row mews walk rd ave ln dr ct blvd st cres pl sq hwy',
);
/** Street words that are also other things ("Dr Seuss", "St Marys"): taken only after a house number. */
const SHORT_STREETS = new Set(['dr', 'st', 'ct', 'pl']);
const LIVES = phrases(
  'i live, we live, i lived, my house is, our house is, my home is, our home is, my address is, my street is, our street is, my flat is, my apartment is, i stay, we stay',
);
const FROM = phrases("i'm from, im from, i am from, we're from, we are from, i come from, we come from");
/** Words that start a town's name and are ordinary words on their own: "New York", "St Ives". */
const TOWN_STARTS = words(
  'new north south east west saint st port fort mount lake san los las el la great little upper lower',
);

const houseNumber = (t: Token | undefined) => !!t && (/^\d{1,5}[a-z]?$/.test(t.low) || isNumberWord(t));

/** A street name from `i`: up to three words and a street word; the index of the street word, or -1. */
function streetAt(tokens: readonly Token[], i: number, numbered: boolean): number {
  for (let k = i; k < i + 4 && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (k > i && t.brk) return -1;
    if (k > i && STREETS.has(t.key) && (numbered || !SHORT_STREETS.has(t.key))) return k;
    if (!isWord(t) && !/^\d+(st|nd|rd|th)$/.test((t as Token).low)) return -1;
  }
  return -1;
}

export function findAddresses(tokens: readonly Token[], out: PersonalDataSpan[]): void {
  for (let i = 0; i < tokens.length; i++) {
    // "12 Oak Street", "fifteen church lane", "twenty two acacia avenue"
    // Not the end of a longer number ("six 2004 …", or its placeholder once scrubbed: "[age] 2004 …").
    const before = tokens[i - 1];
    const midNumber = !!before && !before.brk && (isNumberWord(before) || before.placeholder);
    if (houseNumber(tokens[i]) && !midNumber && before?.low !== 'the' && !storyHome(tokens, i)) {
      let n = i;
      while (isNumberWord(tokens[n + 1]) && !(tokens[n + 1] as Token).brk) n++;
      const street = streetAt(tokens, n + 1, true);
      if (street > n + 1 && !(tokens[n + 1] as Token).brk) {
        out.push({ kind: 'address', start: (tokens[i] as Token).start, end: (tokens[street] as Token).end });
        i = street;
        continue;
      }
    }
    const lives = phraseAt(tokens, i, LIVES);
    const from = lives ? 0 : phraseAt(tokens, i, FROM);
    if (!lives && !from) continue;
    let k = i + (lives || from);
    const preposition = tokens[k]?.low ?? '';
    if (/^(at|on|in|near|by)$/.test(preposition) && !(tokens[k] as Token).stop) k++;
    if (houseNumber(tokens[k])) continue; // the numbered form above finds it
    const t = tokens[k];
    if (!t || t.stop) continue;
    // "my house is on Maple Avenue"
    const street = streetAt(tokens, k, false);
    if (street > k) {
      out.push({ kind: 'address', start: t.start, end: (tokens[street] as Token).end });
      i = street;
      continue;
    }
    // The town: "I live in Springfield", "I'm from Milton Keynes"; not "in a house", not "in England".
    if (!(preposition === 'in' || from)) continue;
    let e = k;
    while (e < tokens.length && e - k < 3 && (e === k || !(tokens[e] as Token).brk) && townWord(tokens, e, k))
      e++;
    if (e === k) continue;
    const words = tokens.slice(k, e);
    if (words.every((w) => TOWN_STARTS.has(w.key))) continue;
    if (words.some((w) => REGIONS.has(w.key) || isBookName(w.key))) continue;
    out.push({ kind: 'address', start: t.start, end: (tokens[e - 1] as Token).end });
    i = e - 1;
  }
}

/** "Paddington lives at 32 Windsor Gardens": a story character's home is a book fact. */
function storyHome(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  if (/^(at|on|in)$/.test(tokens[k]?.low ?? '')) k--;
  if (!/^(lives|lived|live)$/.test(tokens[k]?.low ?? '')) return false;
  for (let s = k - 1; s >= 0 && s >= k - 4; s--) if (bookPhraseAt(tokens, s) === k - s) return true;
  return false;
}

function townWord(tokens: readonly Token[], e: number, k: number): boolean {
  const t = tokens[e];
  if (!isWord(t)) return false;
  if (e === k && TOWN_STARTS.has(t.key) && isWord(tokens[e + 1])) return true;
  return !lexicon().common.has(t.key) || (t.cap && !lexicon().top.has(t.key));
}
