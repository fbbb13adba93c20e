import { STOP } from './lexicon.js';
import type { PersonalDataSpan } from './placeholders.js';

/**
 * Usernames and handles ("my roblox name is xXdragonXx", "add me on roblox superkid_99",
 * "@lily_rose"), scrubbed as contact details (the email placeholder: they reach the child as an
 * address does); and postcodes and zip codes ("BS8 1TH", "my zip code is 90210"), scrubbed as
 * addresses. Read from the text itself: a handle's underscores and dots are not word edges.
 */

const PLATFORMS =
  'user ?name|gamer ?tag|handle|screen ?name|account|insta(?:gram)?|snap(?:chat)?|tik ?tok|discord|roblox|minecraft|fortnite|xbox|psn|playstation|steam|youtube|twitch|kik|whatsapp';
const HANDLE = String.raw`@?[\p{L}\p{N}_][\p{L}\p{N}_.]*[\p{L}\p{N}_]`;
const AFTER_PLATFORM = new RegExp(
  String.raw`\b(?:${PLATFORMS})(?:\s+(?:name|username|user name|id|tag|account|handle|channel))?(\s+is|\s*[:=-]|\s+(?:it's|its))?[\s,]+(${HANDLE})`,
  'giu',
);
/** A bare "@name" that is not part of an email. */
const AT_HANDLE = /(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_][\p{L}\p{N}_.]*[\p{L}\p{N}_](?![\p{L}\p{N}_]*@)/gu;

/** Looks like a handle rather than a word: digits, an underscore, a dot, an "@", or inner capitals. */
const HANDLE_LIKE = /[\d_.@]|\p{Ll}\p{Lu}/u;

export function findHandles(text: string, out: PersonalDataSpan[]): void {
  for (const m of text.matchAll(AFTER_PLATFORM)) {
    const handle = m[2] as string;
    const said = !!m[1];
    const word = handle.toLowerCase();
    if (STOP.has(word) || (!said && !HANDLE_LIKE.test(handle))) continue;
    const start = m.index + m[0].length - handle.length;
    out.push({ kind: 'email', start, end: start + handle.replace(/\.+$/, '').length });
  }
  for (const m of text.matchAll(AT_HANDLE)) {
    const end = m.index + m[0].replace(/\.+$/, '').length;
    if (!out.some((o) => o.start < end && m.index < o.end)) out.push({ kind: 'email', start: m.index, end });
  }
}

// UK postcodes ("BS8 1TH", "sw1a 1aa") and, after words that say so, US zip codes ("90210-1234").
const POSTCODE = /\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b/giu;
const ZIP = /\b(?:zip|zip ?code|post ?code|postal ?code)(?:\s+is|\s*[:=-])?\s+(\d{5}(?:-\d{4})?)\b/giu;

export function findPostcodes(text: string, out: PersonalDataSpan[]): void {
  for (const m of text.matchAll(POSTCODE)) {
    // "2 days", "a1 2bc" typed as words: a postcode has a letter before its first digit and no word after it glued.
    // code-unit-safe: only tested for a digit, nothing cut is kept
    if (!/\d/.test(m[0].slice(0, 4))) continue;
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(ZIP)) {
    const code = m[1] as string;
    const start = m.index + m[0].length - code.length;
    out.push({ kind: 'address', start, end: start + code.length });
  }
}
