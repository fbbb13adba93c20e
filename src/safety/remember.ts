import { createHmac, randomBytes } from 'node:crypto';
import { STOP } from './lexicon.js';
import { type PersonalDataSpan, PLACEHOLDERS } from './placeholders.js';
import { findPersonalData } from './scrub.js';
import { tokenize } from './tokens.js';

/**
 * What is scrubbed once is scrubbed for the whole conversation (issue 27.6, 32.3): "my name is
 * Lily Parker" in the first message, then "can Lily be the hero?" ten messages later. The session
 * keeps only a keyed hash (HMAC-SHA256 with a server secret, cut to 16 hex characters) of each
 * word of a scrubbed name or handle, never the word: without the secret a hash cannot be checked
 * against a list of names.
 */

/** At most this many hashes a session: bounded whatever a child types. */
export const MAX_REMEMBERED = 64;

/** What a session keeps: keyed hashes of scrubbed words, oldest first. */
export type Remembered = readonly string[];

export interface ScrubMemory {
  /**
   * `text` scrubbed, with the words a previous message had scrubbed scrubbed again, and the
   * session's hashes with this message's added.
   */
  scrub(text: string, remembered: Remembered | undefined): { text: string; remembered: string[] };
}

/** Kinds whose words come back on their own ("Lily", "superkid99"); a street's "Road" does not. */
const REMEMBERED_KINDS = new Set<PersonalDataSpan['kind']>(['name', 'email']);

/**
 * A scrubber with memory, keyed by `secret` (config SCRUB_SECRET). Without one, a random key for
 * this process: the memory then lasts as long as the process does.
 */
export function createScrubMemory(secret: string | undefined): ScrubMemory {
  const key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  // code-unit-safe: a hex digest is ASCII
  const hash = (word: string) => createHmac('sha256', key).update(word).digest('hex').slice(0, 16);
  return {
    scrub(text, remembered = []) {
      const known = new Set(remembered);
      const spans = findPersonalData(text);
      const added: string[] = [];
      for (const s of spans) {
        if (!REMEMBERED_KINDS.has(s.kind)) continue;
        // code-unit-safe: findPersonalData's spans are on grapheme edges
        for (const t of tokenize(text.slice(s.start, s.end))) {
          if (t.key.length < 2 || STOP.has(t.key) || !/\p{L}/u.test(t.key)) continue;
          const h = hash(t.key);
          if (!known.has(h) && !added.includes(h)) added.push(h);
        }
      }
      const again = known.size ? rememberedSpans(text, spans, known, hash) : [];
      const all = [...spans, ...again].sort((a, b) => a.start - b.start);
      return { text: replaceSpans(text, all), remembered: [...remembered, ...added].slice(-MAX_REMEMBERED) };
    },
  };
}

/** Words outside this message's finds whose hash the session remembers. */
function rememberedSpans(
  text: string,
  spans: readonly PersonalDataSpan[],
  known: ReadonlySet<string>,
  hash: (word: string) => string,
): PersonalDataSpan[] {
  const out: PersonalDataSpan[] = [];
  for (const t of tokenize(text)) {
    if (t.placeholder || STOP.has(t.key) || spans.some((s) => s.start < t.end && t.start < s.end)) continue;
    if (known.has(hash(t.key))) out.push({ kind: 'name', start: t.start, end: t.stemEnd });
  }
  return out;
}

function replaceSpans(text: string, spans: readonly PersonalDataSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    // code-unit-safe: spans on grapheme edges (findPersonalData) or word edges (tokens)
    out += text.slice(at, s.start) + PLACEHOLDERS[s.kind];
    at = s.end;
  }
  // code-unit-safe: at is the end of a span on a grapheme or word edge
  return out + text.slice(at);
}
