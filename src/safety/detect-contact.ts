import { own } from '../text/own.js';
import { STOP } from './lexicon.js';
import { phoneDigits } from './numbers.js';
import type { PersonalDataSpan } from './placeholders.js';
import type { Token } from './tokens.js';
import { words } from './words.js';

/** Emails and phone numbers, typed ("mia@example.com", "555-123-4567") or spoken. */

// Starts only where a run of address characters starts, so a long run is scanned once, not from
// every position in it (no quadratic backtracking on 2,000 characters of "a.a.a.a").
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const TLDS = words('com net org edu gov uk co io us ca au nz ie de fr es it nl in me info biz tv app ac sch');
const MAIL_HOSTS = words(
  'gmail googlemail hotmail yahoo outlook icloud aol live msn btinternet protonmail proton',
);
/** Said inside an address: "lily underscore rose", "emma dot jones". */
const JOINERS = new Set(['dot', 'underscore', 'dash', 'hyphen']);

const alnum = (t: Token | undefined): t is Token => !!t && !t.placeholder && /^[\p{L}\p{N}]+$/u.test(t.low);

export function findEmails(text: string, tokens: readonly Token[], out: PersonalDataSpan[]): void {
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL))
      out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  }
  // Spoken: "emma at example dot com", "superkid 2015 at hotmail dot co dot uk", "bob at gmail".
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]?.low !== 'at') continue;
    const host = tokens[i + 1];
    if (!alnum(host) || host.brk || STOP.has(host.key)) continue;
    let last = host;
    let dots = 0;
    for (let j = i + 2; dots < 5; j += 2) {
      const dot = tokens[j];
      const part = tokens[j + 1];
      if (dot?.low !== 'dot' || dot.brk || part?.brk || !alnum(part) || STOP.has(part.key)) break;
      last = part;
      dots++;
    }
    if (!((dots > 0 && TLDS.has(last.key)) || MAIL_HOSTS.has(host.key))) continue;
    let first: Token | undefined;
    for (let s = i - 1, words = 0; s >= 0 && words < 4; s--) {
      const t = tokens[s] as Token;
      if ((tokens[s + 1] as Token).brk) break;
      if (JOINERS.has(t.low)) continue;
      if (!alnum(t) || STOP.has(t.key)) break;
      first = t;
      words++;
    }
    if (first) out.push({ kind: 'email', start: first.start, end: last.end });
  }
}

/** Words near a number that make it a phone number even when it is short or looks like counting. */
const PHONE_WORDS = words(
  'phone phones telephone number numbers mobile cell call ring text dial whatsapp contact',
);
/** A number followed by one of these is an amount, not a phone number ("1000000 points"). */
const UNITS = words(
  'points point coins coin stars lives pages times dollars pounds euros pence cents years days',
);
// Between the parts of one number: spaces, commas, dashes, brackets, a dot with no space ("555.1234").
const NUMBER_GAP = /^(?:[\s,\-–/()+]{0,4}|\.)$/;

function isYear(d: string): boolean {
  const n = Number(d);
  return d.length === 4 && n >= 1000 && n <= 2099;
}

const REPEAT: Record<string, number> = { double: 2, triple: 3 };

/** The token is part of a phone number: a digit, a digit word, or "double"/"triple" before one. */
function isPhonePart(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (phoneDigits(t) !== undefined) return true;
  return (
    !!t && own(REPEAT, t.low) !== undefined && phoneDigits(tokens[k + 1]) !== undefined && !tokens[k + 1]?.brk
  );
}

export function findPhones(text: string, tokens: readonly Token[], out: PersonalDataSpan[]): void {
  let i = 0;
  while (i < tokens.length) {
    if (!isPhonePart(tokens, i)) {
      i++;
      continue;
    }
    // The longest run of digits and digit words with only number gaps between them: each token is
    // looked at once, so a long run costs no more than its length.
    let j = i;
    while (
      j + 1 < tokens.length &&
      NUMBER_GAP.test((tokens[j + 1] as Token).gap) &&
      isPhonePart(tokens, j + 1)
    )
      j++;
    judgeRun(text, tokens, i, j, out);
    i = j + 1;
  }
}

function judgeRun(
  text: string,
  tokens: readonly Token[],
  first: number,
  last: number,
  out: PersonalDataSpan[],
) {
  const values: string[] = [];
  for (let k = first; k <= last; k++) {
    const t = tokens[k] as Token;
    const times = own(REPEAT, t.low);
    const d = phoneDigits(times ? tokens[++k] : t) as string;
    values.push(d.repeat(times ?? 1));
  }
  const digits = values.join('');
  const context = hasPhoneWord(tokens, first);
  if (digits.length < (context ? 5 : 7) || digits.length > 15) return;
  if (!context) {
    if (values.every(isYear)) return;
    if (/^[1-9]0+$/.test(digits)) return;
    if (isCounting(values)) return;
    const after = tokens[last + 1];
    if (after && !after.brk && UNITS.has(after.low)) return;
  }
  let start = (tokens[first] as Token).start;
  while (start > 0 && (text[start - 1] === '+' || text[start - 1] === '(')) start--;
  out.push({ kind: 'phone', start, end: (tokens[last] as Token).end });
}

function hasPhoneWord(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 5; k--) {
    if ((tokens[k + 1] as Token).stop) break;
    const t = tokens[k] as Token;
    if (PHONE_WORDS.has(t.stem) || PHONE_WORDS.has(t.key)) return true;
  }
  return false;
}

/** "one two three four five six seven", "9 8 7 6 5 4 3 2 1": counting, not a number to call. */
function isCounting(values: readonly string[]): boolean {
  if (values.length < 3 || values.some((v) => v.length !== 1)) return false;
  const n = values.map(Number);
  const step = (n[1] as number) - (n[0] as number);
  return (step === 1 || step === -1) && n.every((v, k) => k === 0 || v - (n[k - 1] as number) === step);
}
