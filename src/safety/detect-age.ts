import { lexicon } from './lexicon.js';
import { numberValue } from './numbers.js';
import type { PersonalDataSpan } from './placeholders.js';
import type { Token } from './tokens.js';
import { words } from './words.js';

/**
 * The child's own age: "I am 7", "I'm seven years old", "I'm 6 and a half", "I just turned 8",
 * and a parent's "my daughter is 4". Not anyone else's ("my sister is 4"), and not "I'm 5 pages
 * in" or "I'm one of the wild things".
 */

/** Between "I'm" and the number: "I'm nearly six", "I'm only 4". */
const HEDGES = words(
  'just only nearly almost about already now still actually really like exactly basically turning',
);
const I_AM = new Set(["i'm", 'im', "i'am", 'iam']);
const CHILD = words('daughter son child kid boy girl');
const YEARS = words('years year yrs yr yo');
/** After the number, these make it a count of something: "I'm 5 pages in", "I'm one of them". */
const NOT_AGE_NEXT = words(
  'of out more pages page chapters chapter times minutes mins hours days weeks months books book points coins levels level stars feet foot inches metres meters miles percent to x',
);
/** Words ending in s that may follow an age ("I'm 7 years", "I'm 7 is that ok"). */
const S_WORDS_OK = words('years yrs is was as this has yes plus its thats whats');
const HALVES = [
  ['and', 'a', 'half'],
  ['and', 'half'],
  ['and', 'a', 'quarter'],
  ['and', 'three', 'quarters'],
  ['and', 'a', 'bit'],
];

const low = (tokens: readonly Token[], i: number) => tokens[i]?.low ?? '';

/** Speech by a parent about their child: "this is Emma's mum", "my daughter Chloe…". */
function parentSpeaking(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.low === 'my' && CHILD.has(low(tokens, i + 1))) return true;
    if (t.low !== t.stem && /^(mum|mom|mummy|mommy|mother|dad|daddy|father)$/.test(low(tokens, i + 1)))
      return true;
  }
  return false;
}

/**
 * Does the speech before token `k` (after any hedge words) say "I am", "I'll be", "I turned", "my
 * age is", or a parent's "my son is", "she is"? 'a' for "I'm a …", which needs "year old" after.
 */
function triggerBefore(tokens: readonly Token[], k: number, parent: boolean): 'self' | 'a' | null {
  let i = k - 1;
  while (i >= 0 && HEDGES.has(low(tokens, i)) && !(tokens[i + 1] as Token).brk) i--;
  if (i < 0 || (tokens[i + 1] as Token).stop) return null;
  const w = low(tokens, i);
  const w1 = low(tokens, i - 1);
  const w2 = low(tokens, i - 2);
  if (I_AM.has(w) || (w === 'am' && w1 === 'i')) return 'self';
  if (w === 'a' && (I_AM.has(w1) || (w1 === 'am' && w2 === 'i'))) return 'a';
  if (
    w === 'be' &&
    (w1 === "i'll" || w1 === 'ill' || w1 === 'gonna' || w1 === 'to' || (w1 === 'will' && w2 === 'i'))
  )
    return 'self';
  if ((w === 'turned' || w === 'turn') && (w1 === 'i' || (w1 === 'just' && w2 === 'i'))) return 'self';
  if (w === 'is' && w1 === 'age' && w2 === 'my') return 'self';
  // A parent: "my daughter is 4", "my daughter Chloe is 4", "she is 5" (not a child's "he's 3")
  if (w === 'is' || w === 'turned') {
    if (CHILD.has(w1) && w2 === 'my') return 'self';
    if (CHILD.has(w2) && low(tokens, i - 3) === 'my') return 'self';
    if (parent && (w1 === 'he' || w1 === 'she')) return 'self';
  }
  if (parent && /^(he's|she's|hes|shes)$/.test(w)) return 'self';
  return null;
}

/** "I was born in 2017": a birth year tells the age. */
function bornIn(tokens: readonly Token[], k: number): boolean {
  if (!/^(19|20)\d\d$/.test(low(tokens, k))) return false;
  let i = k - 1;
  if (low(tokens, i) === 'in') i--;
  if (low(tokens, i) !== 'born' || !/^(was|were)$/.test(low(tokens, i - 1)) || low(tokens, i - 2) !== 'i')
    return false;
  for (let j = i - 1; j <= k; j++) if ((tokens[j] as Token).stop) return false;
  return true;
}

export function findAges(tokens: readonly Token[], out: PersonalDataSpan[]): void {
  let parent: boolean | undefined;
  for (let k = 0; k < tokens.length; k++) {
    if (bornIn(tokens, k)) {
      out.push({ kind: 'age', start: (tokens[k] as Token).start, end: (tokens[k] as Token).end });
      continue;
    }
    const value = numberValue(tokens[k]);
    if (value === undefined || value < 2 || value > 15) continue;
    parent ??= parentSpeaking(tokens);
    const trigger = triggerBefore(tokens, k, parent);
    if (!trigger) continue;
    // "6 and a half"
    let end = k;
    for (const h of HALVES) {
      if (h.every((w, n) => low(tokens, k + 1 + n) === w && !(tokens[k + 1 + n] as Token).stop)) {
        end = k + h.length;
        break;
      }
    }
    const next = tokens[end + 1];
    const nextWord = next && !next.brk ? next.low : '';
    const years = YEARS.has(nextWord);
    if (trigger === 'a' && !years) continue;
    if (NOT_AGE_NEXT.has(nextWord)) continue;
    // "I'm 5 dragons": a plural the word lists know is a count of things ("yers" is still an age).
    if (!years && nextWord.endsWith('s') && !S_WORDS_OK.has(nextWord) && lexicon().known.has(nextWord))
      continue;
    out.push({ kind: 'age', start: (tokens[k] as Token).start, end: (tokens[end] as Token).end });
    k = end;
  }
}
