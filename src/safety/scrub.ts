import { graphemes } from '../text/graphemes.js';
import { bookWords } from './book-words.js';
import { findAges } from './detect-age.js';
import { findEmails, findPhones } from './detect-contact.js';
import { findHandles, findPostcodes } from './detect-handles.js';
import { findIntros } from './detect-intros.js';
import { findNames } from './detect-names.js';
import { findAddresses, findSchools } from './detect-places.js';
import { lexicon, STOP } from './lexicon.js';
import { type PersonalDataKind, type PersonalDataSpan, PLACEHOLDERS } from './placeholders.js';
import { type Token, tokenize } from './tokens.js';
import { isWord } from './words.js';

/**
 * Removes personal data from a child's words before they are stored, logged or given to an agent.
 * The agents never ask for it, but children volunteer it ("I'm Emma Smith, I'm 7 and I go to
 * Oakwood Primary"), in speech transcripts with no capitals or punctuation to go by. Made for that
 * speech: names after "my name is", "I'm", "my mum is", "Mrs"; ages; schools; addresses and towns;
 * phone numbers and emails, typed or spoken. It keeps book talk: authors, years, page counts and
 * characters from the book knowledge base ("I'm Max" is a child playing the hero).
 *
 * Pure, deterministic and fast (word lists, no model, no network); linear in the text's length.
 * Replacements are the fixed `PLACEHOLDERS`, cut on word edges, so no emoji or accent is split.
 * Measured on a labelled corpus by `npx tsx bench/scrub.ts`.
 */

export type { PersonalDataKind, PersonalDataSpan } from './placeholders.js';
export { containsPlaceholder, isPlaceholder, PERSONAL_DATA_KINDS, PLACEHOLDERS } from './placeholders.js';

// When two finds overlap, the more specific wins: "jane smith at gmail dot com" is an email.
const PRIORITY: Record<PersonalDataKind, number> = {
  email: 0,
  phone: 1,
  address: 2,
  school: 3,
  age: 4,
  name: 5,
};

/** Where the personal data in `text` is, in order, none overlapping. */
export function findPersonalData(text: string): PersonalDataSpan[] {
  let spans = findOnce(text);
  // What one finder ruled out can hinge on words a later one took ("Paddington lives at 32 …" is a
  // story's address, but not once "Paddington" is a surname): look again at the scrubbed text
  // until nothing new turns up, so that scrubbing a scrubbed text changes nothing. Each round
  // takes at least one more word; rarely is there a second.
  for (let round = 0; round < 4 && spans.length; round++) {
    const { scrubbed, toText } = replace(text, spans);
    const more = findOnce(scrubbed);
    if (!more.length) break;
    for (const m of more) {
      const start = toText(m.start, 'start');
      const end = toText(m.end, 'end');
      const covered = spans.filter((s) => s.start < end && start < s.end);
      spans = spans.filter((s) => !covered.includes(s));
      spans.push({
        kind: m.kind,
        start: Math.min(start, ...covered.map((s) => s.start)),
        end: Math.max(end, ...covered.map((s) => s.end)),
      });
    }
    spans.sort((a, b) => a.start - b.start);
  }
  return spans;
}

/**
 * `text` with `spans` replaced by placeholders, and a map from an offset in that text back to one
 * in `text` (an offset inside a placeholder goes to the start or end of what it replaced).
 */
function replace(text: string, spans: readonly PersonalDataSpan[]) {
  let scrubbed = '';
  let at = 0;
  const placed: Array<{ from: number; to: number; span: PersonalDataSpan }> = [];
  for (const s of spans) {
    scrubbed += text.slice(at, s.start);
    const from = scrubbed.length;
    scrubbed += PLACEHOLDERS[s.kind];
    placed.push({ from, to: scrubbed.length, span: s });
    at = s.end;
  }
  scrubbed += text.slice(at);
  const toText = (offset: number, edge: 'start' | 'end'): number => {
    let shift = 0;
    for (const p of placed) {
      if (offset <= p.from) break;
      if (offset < p.to) return edge === 'start' ? p.span.start : p.span.end;
      shift = p.span.end - p.to;
    }
    return offset + shift;
  };
  return { scrubbed, toText };
}

function findOnce(text: string): PersonalDataSpan[] {
  const tokens = tokenize(text);
  // Each word as it was, before finders turn the words they take into placeholders.
  const keys = tokens.map((t) => t.key);
  const found: PersonalDataSpan[] = [];
  // Most specific first. Words a finder took are placeholders to the finders after it, as they
  // will be once scrubbed, so a second scrub finds nothing new.
  const finders = [
    () => findEmails(text, tokens, found),
    () => findHandles(text, found),
    () => findPhones(text, tokens, found),
    () => findPostcodes(text, found),
    () => findAddresses(tokens, found),
    () => findSchools(tokens, found),
    () => findAges(tokens, found),
    () => findNames(tokens, found),
    () => findIntros(tokens, found),
    () => findRepeats(tokens, keys, found),
  ];
  for (const find of finders) {
    const before = found.length;
    find();
    for (let f = before; f < found.length; f++) {
      const { kind, start, end } = found[f] as PersonalDataSpan;
      for (const t of tokens) if (t.start < end && start < t.end) takeAs(t, PLACEHOLDERS[kind]);
    }
  }
  found.sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PersonalDataSpan[] = [];
  for (const f of onGraphemeEdges(text, found)) {
    if (f.end > f.start && !kept.some((k) => k.start < f.end && f.start < k.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * A name found once in the message is a name wherever it comes back alone: "my name is Lily Parker
 * …, can I be Lily in the game?" (issue 31.7).
 */
function findRepeats(tokens: readonly Token[], keys: readonly string[], out: PersonalDataSpan[]) {
  const names = new Set<string>();
  for (const o of out) {
    if (o.kind !== 'name') continue;
    const first = tokens.findIndex((t) => t.start >= o.start && t.start < o.end);
    const key = keys[first];
    if (key && !STOP.has(key)) names.add(key);
  }
  if (!names.size) return;
  for (const t of tokens)
    if (!t.placeholder && names.has(t.key) && isWord(t))
      out.push({ kind: 'name', start: t.start, end: t.stemEnd });
}

function takeAs(t: Token, placeholder: string) {
  t.placeholder = true;
  t.low = t.stem = t.key = t.phrase = placeholder;
  t.cap = false;
}

/**
 * Finds start and end on word edges, which are grapheme edges in all but rare scripts (a prepended
 * mark before a letter): there a find is widened to whole graphemes, so no character is ever split.
 */
function onGraphemeEdges(text: string, found: PersonalDataSpan[]): PersonalDataSpan[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII has no multi-code-unit grapheme but CR LF
  if (!found.length || /^[\u0000-\u007f]*$/.test(text)) return found;
  const edges = [0];
  for (const g of graphemes(text)) edges.push((edges[edges.length - 1] as number) + g.length);
  const edgeSet = new Set(edges);
  return found.map((f) => {
    if (edgeSet.has(f.start) && edgeSet.has(f.end)) return f;
    let start = f.start;
    let end = f.end;
    while (!edgeSet.has(start)) start--;
    while (!edgeSet.has(end)) end++;
    return { ...f, start, end };
  });
}

/** `text` with each piece of personal data replaced by its placeholder ("my name is [name]"). */
export function scrubPersonalData(text: string): string {
  const spans = findPersonalData(text);
  return spans.length ? replace(text, spans).scrubbed : text;
}

/**
 * Loads the word lists and the book words now (about 50 ms) rather than on the first child's
 * message: for a server's start-up.
 */
export function prepareScrubber(): void {
  lexicon();
  bookWords();
}
