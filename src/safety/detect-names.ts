import { bookPhraseAt, isBookName } from './book-words.js';
import { lexicon, SURNAME_WORDS } from './lexicon.js';
import type { PersonalDataSpan } from './placeholders.js';
import type { Token } from './tokens.js';
import {
  isFirstName,
  isWord,
  likelyNameLike,
  phraseAt,
  phrases,
  surnameLike,
  weakNameLike,
  words,
} from './words.js';

/**
 * People's names: the child's ("my name is…", "I'm…"), family's, friends' and teachers' ("my mum
 * is…", "Mrs Jones"). How sure the words before a name make us decides how name-like the word must
 * be: after "my name is" any word is a name; after "I'm" only a word that cannot be anything else,
 * and not a book character (the child is playing the hero).
 */

const STRONG = phrases(
  "my name is called, my name is, my names, my name's, my full name is, my real name is, my first name is, my last name is, my surname is, my nickname is, call me, calls me, i'm called, im called, i am called, i'm named, im named, i am named, they call me, " +
    // Other languages: children of many homes say it the way they say it at home.
    "me llamo, mi nombre es, je m'appelle, je mappelle, mon nom est, ich heiße, ich heisse, mein name ist, mi chiamo, il mio nome è, eu me chamo, meu nome é, ik heet, mijn naam is, jag heter, jeg heter, nazywam się, mam na imię, benim adım, mera naam, mera naam hai, ismim",
);
const WEAK = phrases("i'm, im, i am, i'am, iam, this is");
/** Wishing to be someone: the hero is a story's character or a thing, never a child's own name. */
const BE = phrases(
  "i want to be, i wanna be, i'd like to be, i would like to be, i will be, i'll be, let me be, can i be, i want to play as, play as",
);
const RELATIONS = words(
  'mom mum mommy mummy momma mama mam mother dad daddy papa father sister sis brother bro grandma granny gran nana nanna nan grandmother grandpa grandad granddad grandfather gramps grampa auntie aunty aunt uncle cousin cousins teacher teachers friend friends bff buddy pal neighbour neighbor babysitter nanny stepmom stepmum stepdad stepmother stepfather son daughter wife husband godmother godfather',
);
/** Family words that stand before a name on their own: "nana Sue", "uncle Dave". */
const FAMILY_TITLES = words(
  'nana nanna nan gran granny grandma grandpa grandad granddad grampa auntie aunty aunt uncle cousin',
);
const RELATION_ADJECTIVES = words(
  'big little baby older younger oldest youngest best twin step great new old favourite favorite class school piano reading swimming dance other second',
);
const TITLES = words('mr mrs ms miss mister missus mx dr doctor sir madam coach');

/** The word is "name" or a typo of it that is no English word ("nam", "naem"), not "game". */
function isNameWord(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.stem === 'name' || t.low === 'names') return true;
  return t.key.length <= 5 && nearName(t.key) && !lexicon().known.has(t.key);
}

/** One typo from "name": a letter changed, dropped, added, or two swapped. */
function nearName(w: string): boolean {
  const n = 'name';
  let i = 0;
  while (i < w.length && w[i] === n[i]) i++;
  if (i === w.length && i === n.length) return true;
  return (
    w.slice(i + 1) === n.slice(i + 1) ||
    w.slice(i) === n.slice(i + 1) ||
    w.slice(i + 1) === n.slice(i) ||
    (w[i] === n[i + 1] && w[i + 1] === n[i] && w.slice(i + 2) === n.slice(i + 2))
  );
}

type Level = 'any' | 'likely' | 'weak';

const accepts = (t: Token | undefined, level: Level): t is Token =>
  level === 'any' ? isWord(t) : level === 'likely' ? likelyNameLike(t) : weakNameLike(t);

/**
 * The name that starts at token `k`, if the word there is name-like enough for `level`: the first
 * name and up to two more (a middle name and a surname). Returns the index of its last token, or -1.
 */
function nameAt(tokens: readonly Token[], k: number, level: Level): number {
  const t = tokens[k];
  if (!t || t.stop || !accepts(t, level)) return -1;
  return surnameEnd(tokens, k);
}

/** The last token of a name whose first token is `k`: "Olivia Grace Thompson", "Emma Smith". */
function surnameEnd(tokens: readonly Token[], k: number): number {
  let end = k;
  for (let n = 0; n < 2; n++) {
    const cur = tokens[end] as Token;
    const next = tokens[end + 1];
    if (cur.stem !== cur.low || !next || next.brk) break;
    if (surnameLike(next)) end++;
    else if (isFirstName(next) && isWord(next) && surnameLike(tokens[end + 2]) && !tokens[end + 2]?.brk)
      end += 2;
    else break;
  }
  return end;
}

function push(out: PersonalDataSpan[], tokens: readonly Token[], first: number, last: number) {
  out.push({ kind: 'name', start: (tokens[first] as Token).start, end: (tokens[last] as Token).stemEnd });
}

/** A first name that is no ordinary word and no book character: "jacob", not "max" or "will". */
function firstNameOnly(t: Token | undefined): t is Token {
  return isWord(t) && isFirstName(t) && !lexicon().known.has(t.key) && !isBookName(t.key);
}

/** After one name: "… and Mason", "… and Oscar". */
function andMore(tokens: readonly Token[], last: number, out: PersonalDataSpan[]) {
  while (tokens[last + 1]?.low === 'and' && !(tokens[last + 1] as Token).stop) {
    const end = nameAt(tokens, last + 2, 'likely');
    if (end < 0 || (tokens[last + 2] as Token).brk) return;
    push(out, tokens, last + 2, end);
    last = end;
  }
}

export function findNames(tokens: readonly Token[], out: PersonalDataSpan[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;

    // "my name is Emma Smith", "call me Jayden", "my nam is Ben"
    const strong = strongAt(tokens, i);
    if (strong) {
      let k = i + strong;
      if (tokens[k]?.low === 'is' || tokens[k]?.low === 'called') k++;
      const end = nameAt(tokens, k, 'any');
      if (end >= 0) {
        push(out, tokens, k, end);
        i = end;
      }
      continue;
    }

    // "my mum is Jane Smith", "my best friend is Mia", "my teacher's name is…", "my dad Tom"
    if ((t.low === 'my' || t.low === 'our') && !t.placeholder) {
      let r = i + 1;
      // "my best friend", "my dad's friend"
      while (r - i < 4 && (RELATION_ADJECTIVES.has(tokens[r]?.key ?? '') || possessiveRelation(tokens, r)))
        r++;
      const rel = tokens[r];
      if (rel && !rel.stop && RELATIONS.has(rel.key)) {
        const end = relationName(tokens, r);
        if (end) {
          push(out, tokens, end[0], end[1]);
          andMore(tokens, end[1], out);
          i = end[1];
        } else {
          i = r;
        }
        continue;
      }
    }

    // "nana Sue", "uncle Dave"; not "Grandpa Joe" or "cousin Peter" from a story
    if (FAMILY_TITLES.has(t.key) && tokens[i - 1]?.low !== 'my') {
      const next = tokens[i + 1];
      if (next && !next.brk && bookPhraseAt(tokens, i) < 2 && !isBookName(next.key)) {
        const end = nameAt(tokens, i + 1, 'likely');
        if (end >= 0) {
          push(out, tokens, i + 1, end);
          i = end;
          continue;
        }
      }
    }

    // "Mrs Jones", "Mr. Singh", "Dr Patel"; not "Mr Tickle", "Miss Honey", "Dr. Seuss"
    if (TITLES.has(t.key)) {
      const end = titledName(tokens, i);
      if (end >= 0) {
        push(out, tokens, i, end);
        i = end;
      }
      continue;
    }

    // "I'm Emma", "this is Logan"; not "I'm happy", "I'm Max", "I am the Gruffalo"
    const weak = phraseAt(tokens, i, WEAK);
    if (weak) {
      const k = i + weak;
      const end = weakName(
        tokens,
        k,
        out.some((o) => o.kind === 'age'),
      );
      if (end >= 0) {
        push(out, tokens, k, end);
        i = end;
      }
      continue;
    }

    // "I want to be Emma": a first name and nothing else (not "a robot", not "Max" from a book)
    const be = phraseAt(tokens, i, BE);
    if (be && firstNameOnly(tokens[i + be])) {
      const end = surnameEnd(tokens, i + be);
      push(out, tokens, i + be, end);
      i = end;
      continue;
    }

    // "me and Jacob", "Jacob and me": only a word that is a first name and nothing else
    if (t.low === 'and' && !t.brk) {
      if (tokens[i - 1]?.low === 'me' && firstNameOnly(tokens[i + 1]) && !(tokens[i + 1] as Token).brk) {
        const end = surnameEnd(tokens, i + 1);
        push(out, tokens, i + 1, end);
        i = end;
        continue;
      }
      if (
        /^(me|i)$/.test(tokens[i + 1]?.low ?? '') &&
        firstNameOnly(tokens[i - 1]) &&
        !out.some((o) => o.end > (tokens[i - 1] as Token).start)
      ) {
        push(out, tokens, i - 1, i - 1);
        continue;
      }
    }

    // "Grace is my best friend", "Mia and Zoe are my friends"
    if ((t.low === 'is' || t.low === 'are') && tokens[i + 1]?.low === 'my' && i > 0) {
      let r = i + 2;
      while (RELATION_ADJECTIVES.has(tokens[r]?.key ?? '') && r - i < 4) r++;
      if (RELATIONS.has(tokens[r]?.key ?? '') && !t.brk) {
        let s = i - 1;
        if (surnameLike(tokens[s]) && likelyNameLike(tokens[s - 1]) && !(tokens[s] as Token).brk) s--;
        const first = tokens[s] as Token;
        if (
          likelyNameLike(first) &&
          !isBookName(first.key) &&
          !bookPhraseAt(tokens, s) &&
          !out.some((o) => o.end > first.start && o.start < t.start)
        ) {
          push(out, tokens, s, i - 1);
          const other = tokens[s - 2];
          if (
            t.low === 'are' &&
            tokens[s - 1]?.low === 'and' &&
            likelyNameLike(other) &&
            !isBookName(other.key)
          )
            push(out, tokens, s - 2, s - 2);
        }
      }
    }
  }
}

/** "dad's" in "my dad's friend": a relation word owning the next one. */
function possessiveRelation(tokens: readonly Token[], r: number): boolean {
  const t = tokens[r];
  const next = tokens[r + 1];
  if (!t || !next || t.low === t.stem || next.brk || !RELATIONS.has(t.key)) return false;
  return RELATIONS.has(next.key) || RELATION_ADJECTIVES.has(next.key);
}

function strongAt(tokens: readonly Token[], i: number): number {
  const said = phraseAt(tokens, i, STRONG);
  if (said) return said;
  // Typos of "name": "my nam is", "my naem is"
  if (tokens[i]?.low === 'my' && isNameWord(tokens[i + 1]) && tokens[i + 2]?.low === 'is') return 3;
  return 0;
}

/** The name after a relation word at `r`, as [first, last] token indices, or null. */
function relationName(tokens: readonly Token[], r: number): [number, number] | null {
  const rel = tokens[r] as Token;
  let k = r + 1;
  let level: Level = 'likely';
  // "my teacher's name is", "my mum's called"
  if (isNameWord(tokens[k]) && tokens[k + 1]?.low === 'is') {
    k += 2;
    level = 'any';
  } else if (rel.low !== rel.stem && /^(called|named)$/.test(tokens[k]?.low ?? '')) {
    k += 1;
    level = 'any';
  } else if (/^(is|are|was)$/.test(tokens[k]?.low ?? '')) {
    k++;
    if (/^(called|named)$/.test(tokens[k]?.low ?? '')) {
      k++;
      level = 'any';
    }
  } else if (/^(called|named)$/.test(tokens[k]?.low ?? '')) {
    k++;
    level = 'any';
  }
  const next = tokens[k];
  if (!next || next.stop) return null;
  // "my teacher is Mrs Jones", "my teacher Mrs Patel": the title and the name together.
  if (TITLES.has(next.key)) {
    const end = titledName(tokens, k);
    return end >= 0 ? [k, end] : null;
  }
  const end = nameAt(tokens, k, level);
  return end >= 0 ? [k, end] : null;
}

/** A title at `i` and the name after it: the index of the name's last token, or -1. */
function titledName(tokens: readonly Token[], i: number): number {
  // Story characters: "Mr McGregor", "Miss Honey", "Dr Seuss", "Little Miss Sunshine".
  if (bookPhraseAt(tokens, i) >= 2 || (i > 0 && bookPhraseAt(tokens, i - 1) >= 3)) return -1;
  if (tokens[i - 1]?.low === 'little') return -1;
  const k = i + 1;
  const t = tokens[k];
  if (!t || t.stop || !isWord(t) || TITLES.has(t.key)) return -1;
  // A surname no word list knows ("Patel"), one that is also a word ("Brown"), or a first name
  // ("Miss Jane"); not an ordinary word, which makes a story character ("Mr Tickle", "Mr. Fox").
  const { known } = lexicon();
  const first = isFirstName(t) && !known.has(t.key);
  if (known.has(t.key) && !SURNAME_WORDS.has(t.key)) return -1;
  // "Mrs Jane Smith"
  if (first && surnameLike(tokens[k + 1]) && !tokens[k + 1]?.brk) return k + 1;
  return k;
}

/**
 * After "I'm" or "this is": a name, unless it is a book character the child is playing ("I'm Max",
 * "I'm Sam-I-Am"). A child who also gives an age ("I'm Kai, I'm 8") is introducing themselves, so
 * then a character's name is taken as theirs.
 */
function weakName(tokens: readonly Token[], k: number, introducing: boolean): number {
  const t = tokens[k];
  if (!t || t.stop) return -1;
  const phrase = bookPhraseAt(tokens, k);
  if (!phrase && !isBookName(t.key)) return nameAt(tokens, k, 'weak');
  // A whole title or character ("the gruffalo", "Sam-I-Am"), not just a name's first word.
  if (phrase >= 2 || (phrase === 1 && !isBookName(t.key))) return -1;
  if (introducing && weakNameLike(t)) return surnameEnd(tokens, k);
  // "I'm Max Turner" is a child with a hero's first name; "I'm Peter Rabbit" is the hero.
  const next = tokens[k + 1];
  if (!isWord(t) || !next || next.brk || !surnameLike(next) || isBookName(next.key)) return -1;
  return !lexicon().common.has(next.key) || SURNAME_WORDS.has(next.key) ? k + 1 : -1;
}
