import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { foldHostile, joinSpacedLetters, squeeze } from '../text/fold-hostile.js';
import {
  ALLOWED_PHRASES,
  DRUGS,
  EMOJI,
  GLUED,
  GORE,
  KILLING,
  RUDE,
  RUDE_PHRASES,
  VIOLENT_PHRASES,
  WEAPONS,
} from './child-words.js';
import { lexicon } from './lexicon.js';

/**
 * One moderation for every text a child or a grown-up can put into a game or a reply: a name the
 * child gives the hero, a title, the agents' own replies, a spec posted to `POST /api/games`.
 * Words are compared folded (fold-hostile.ts undoes full-width letters, invisible joiners,
 * look-alikes, leetspeak, spacing and drawn-out letters) and in any inflection ("knives",
 * "killing"), against the `obscenity` package's English dataset and our own lists for children.
 * Pure and word-list based: fast enough to run on every turn (bench/moderation.ts).
 */

export type Concern = 'rude' | 'weapon' | 'gore' | 'killing' | 'drugs' | 'contact' | 'link';

export interface Finding {
  concern: Concern;
  /** The listed word or phrase found (folded): for tests and the bench, never for logs. */
  word: string;
}

/** Concerns a kid-friendly version exists for (kinder.ts); the others are refused. */
export const SOFTENED: ReadonlySet<Concern> = new Set(['weapon', 'gore', 'killing', 'drugs']);

const LISTS: ReadonlyArray<[Concern, ReadonlySet<string>]> = [
  ['rude', RUDE],
  ['weapon', WEAPONS],
  ['gore', GORE],
  ['killing', KILLING],
  ['drugs', DRUGS],
];

let profanity: RegExpMatcher | undefined;
let squeezed: Map<string, [Concern, string]> | undefined;

function matcher(): RegExpMatcher {
  profanity ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return profanity;
}

/**
 * Listed words by their squeezed form ("blod" for "blood"), so "bloooood" and "kiiiill" are found;
 * not where the squeezed form is itself an English word.
 */
function bySqueezed(): Map<string, [Concern, string]> {
  if (squeezed) return squeezed;
  const { known } = lexicon();
  squeezed = new Map();
  for (const [concern, words] of LISTS)
    for (const w of words) {
      const s = squeeze(w);
      if (s !== w && s.length >= 3 && !known.has(s)) squeezed.set(s, [concern, w]);
    }
  return squeezed;
}

/** The forms a listed word might hide behind: plural, past, -ing, -er, -y, a doubled last letter. */
export function baseForms(word: string): string[] {
  const out = [word];
  const cut = (suffix: string, add = '') => {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      // code-unit-safe: strips the ASCII suffix endsWith has just matched
      const stem = word.slice(0, -suffix.length);
      out.push(stem + add);
      // "stabbing" → "stabb" → "stab"
      if (!add && /(\p{L})\1$/u.test(stem)) out.push(stem.slice(0, -1));
    }
  };
  cut('s');
  cut('es');
  cut('ies', 'y');
  cut('ed');
  cut('d');
  cut('ing');
  cut('ing', 'e');
  cut('er');
  cut('ers');
  cut('y');
  return out;
}

/** What a single folded word is, if it is on a list: [concern, the listed word]. */
export function listedWord(word: string): [Concern, string] | null {
  const forms = [...baseForms(word), ...baseForms(squeeze(word))];
  for (const [concern, words] of LISTS) for (const f of forms) if (words.has(f)) return [concern, f];
  const sq = bySqueezed();
  for (const f of forms) {
    // Only a word with a drawn-out letter: "kil" is a typo, not a disguise.
    const hit = squeeze(f) !== f ? sq.get(squeeze(f)) : undefined;
    if (hit) return hit;
  }
  return gluedWord(word);
}

/** "knifeboy", "killzone": a hostile word inside a longer word that is not ordinary English. */
function gluedWord(word: string): [Concern, string] | null {
  if (word.length < 6) return null;
  const { known, firstNames } = lexicon();
  if (known.has(word) || firstNames.has(word)) return null;
  const glued = GLUED.find((g) => word.includes(g));
  if (!glued) return null;
  const concern: Concern =
    glued === 'knife'
      ? 'weapon'
      : glued === 'blood'
        ? 'gore'
        : glued === 'kill' || glued === 'murder'
          ? 'killing'
          : 'rude';
  return [concern, glued];
}

/** Folded text with the allowed phrases ("Moby Dick", "killer whale") blanked out. */
function withoutAllowed(folded: string): string {
  let out = ` ${folded} `;
  for (const p of ALLOWED_PHRASES) if (out.includes(` ${p} `)) out = out.split(` ${p} `).join('   ');
  return out.trim().replace(/\s+/g, ' ');
}

const COLOURS = /#[0-9a-f]{6}\b/gi;

/** Every concern in `text`, in no particular order (empty when the text is fine). */
export function findConcerns(text: string): Finding[] {
  const found: Finding[] = [];
  const requests = contactOrLink(text);
  if (requests) found.push(requests);
  for (const [emoji, [concern]] of Object.entries(EMOJI))
    if (text.includes(emoji)) found.push({ concern, word: emoji });
  // Colours ("#f4a460") are not words, though leet would read one.
  const folded = withoutAllowed(foldHostile(text.replace(COLOURS, ' ')));
  if (!folded) return found;
  // "sh*t" and "f*ck": a star stands for any vowel; and "ak47" is read with its digits as well.
  const variants = new Set([folded, joinSpacedLetters(folded)]);
  if (text.includes('*'))
    variants.add(withoutAllowed(foldHostile(text.replace(COLOURS, ' '), { star: 'i' })));
  if (/\d/.test(text)) variants.add(withoutAllowed(foldHostile(text, { leet: false })));
  for (const variant of variants) {
    for (const m of matcher().getAllMatches(variant)) {
      const word = englishDataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ?? 'profanity';
      found.push({ concern: 'rude', word });
    }
    for (const w of variant.split(' ')) {
      const hit = listedWord(w);
      if (hit) found.push({ concern: hit[0], word: hit[1] });
    }
    for (const re of RUDE_PHRASES) {
      const m = re.exec(variant);
      if (m) found.push({ concern: 'rude', word: m[0] });
    }
    for (const re of VIOLENT_PHRASES) {
      const m = re.exec(variant);
      if (m) found.push({ concern: 'killing', word: m[0] });
    }
  }
  return found;
}

/** The first concern in `text` (refused ones before softened ones), or null when it is fine. */
export function firstConcern(text: string): Finding | null {
  const all = findConcerns(text);
  return all.find((f) => !SOFTENED.has(f.concern)) ?? all[0] ?? null;
}

// Asking a child for a way to reach them, or for a picture: never in a game or a reply.
const CONTACT_REQUESTS = [
  /\bwhere (?:do|d) (?:you|u|ya) live\b/,
  /\bwhat(?:s| is) (?:your|ur|yer) (?:home |real |full )?(?:address|addy|phone|number|phone number|mobile|email|e mail|snap|snapchat|insta|instagram|tiktok|discord|whatsapp|kik|username|user name|location|postcode|zip code)\b/,
  /\b(?:send|show|give|post) (?:me |us )?(?:a |an |some |your |ur )?(?:photo|photos|picture|pictures|pic|pics|selfie|selfies|video|vid|nudes)\b/,
  /\b(?:give|tell) (?:me|us) (?:your|ur) (?:address|number|phone|email|snap|insta|location)\b/,
  /\b(?:message|dm|text|msg|snap|snapchat|insta|whatsapp|email|ring|pm|facetime|skype) (?:me|us)\b/,
  /\b(?:see|want|wanna|got) (?:a |some )?(?:photo|photos|picture|pictures|pic|pics|selfie|selfies) of (?:me|you|u|ya)\b/,
  /\b(?:add|follow|find|friend) (?:me|us) (?:on|at)\b/,
  /\bcall (?:me|us) (?:at|on|back)\b/,
  /\bmeet (?:me|us) (?:at|in|after|tomorrow|tonight|outside)\b|\bmeet up\b/,
  /\bcome (?:to|round to|over to) my (?:house|home|place)\b/,
  /\b(?:my|our) (?:snap|snapchat|insta|instagram|tiktok|discord|kik|whatsapp) is\b/,
  /\b(?:on|at|via) (?:snapchat|snap|instagram|insta|tiktok|discord|kik|whatsapp|telegram)\b/,
  /\bwhat (?:school|town|city|street) (?:do|are) (?:you|u)\b/,
  /\bare (?:you|u) (?:home )?alone\b/,
  /\bdon'?t tell (?:your|ur) (?:mum|mom|parents|dad|teacher)\b/,
  /\bour (?:little )?secret\b/,
];

const URL =
  /\bhttps?:\/\/|\bwww\.|\b[\p{L}\p{N}-]+\.(?:com|net|org|io|co|uk|xyz|ly|gg|me|tv|app|info|biz|ru|de|fr|link|site|online|club)\b/u;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+\.[\p{L}\p{N}.-]+/u;
const SPOKEN_LINK =
  /\b(?:dot com|dot co dot uk|dot net|dot org|at gmail|at hotmail|at yahoo|at outlook|at icloud)\b/;

/** A request for contact or a picture, a link or an email, in `text`; or null. */
function contactOrLink(text: string): Finding | null {
  const plain = text
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
    .toLowerCase();
  if (EMAIL.test(plain)) return { concern: 'link', word: 'email' };
  if (URL.test(plain)) return { concern: 'link', word: 'url' };
  const folded = foldHostile(text);
  if (SPOKEN_LINK.test(folded)) return { concern: 'link', word: 'spoken link' };
  const asked = CONTACT_REQUESTS.find((re) => re.test(folded) || re.test(plain));
  return asked ? { concern: 'contact', word: 'contact request' } : null;
}
