import { foldHostile } from '../text/fold-hostile.js';
import { own } from '../text/own.js';
import { ALLOWED_PHRASES, EMOJI } from './child-words.js';
import { baseForms, listedWord } from './moderation.js';

/**
 * Violent or gory wishes turned gently into a kid-friendly version, the way a patient grown-up
 * would: "a zombie with a knife" → "a zombie with a magic wand", "collect blood" → "collect
 * rubies", "kill the monsters" → "tickle the monsters". Only weapons, gore, killing and drugs have
 * a kinder version; rude words do not (they are refused, moderation.ts).
 */

/** A noun's kinder version: [one, many]. */
type Noun = readonly [string, string];
/** A verb's kinder version: its base form ("tickle"); inflections follow the word replaced. */
type Verb = { verb: string };

const WAND: Noun = ['magic wand', 'magic wands'];
const BLASTER: Noun = ['bubble blaster', 'bubble blasters'];
const BALLOON: Noun = ['water balloon', 'water balloons'];
const LEMONADE: Noun = ['lemonade', 'lemonade'];
const SWEETS: Noun = ['sweets', 'sweets'];
const LOLLIPOP: Noun = ['lollipop', 'lollipops'];
const TICKLE: Verb = { verb: 'tickle' };

const KINDER: Readonly<Record<string, Noun | Verb>> = {
  knife: WAND,
  knives: WAND,
  dagger: WAND,
  machete: WAND,
  switchblade: WAND,
  gun: BLASTER,
  pistol: BLASTER,
  rifle: BLASTER,
  shotgun: BLASTER,
  handgun: BLASTER,
  machinegun: BLASTER,
  uzi: BLASTER,
  ak47: BLASTER,
  revolver: BLASTER,
  bazooka: BLASTER,
  bullet: ['bubble', 'bubbles'],
  ammo: ['bubbles', 'bubbles'],
  bomb: BALLOON,
  grenade: BALLOON,
  landmine: BALLOON,
  explosive: BALLOON,
  chainsaw: ['leaf blower', 'leaf blowers'],
  gunfight: ['water fight', 'water fights'],
  shootout: ['water fight', 'water fights'],
  gunshot: ['splash', 'splashes'],
  gunfire: ['splashes', 'splashes'],
  gunman: ['bubble blower', 'bubble blowers'],
  gunmen: ['bubble blowers', 'bubble blowers'],
  sniper: ['bubble blower', 'bubble blowers'],
  blood: ['rubies', 'rubies'],
  bloody: ['sparkly', 'sparkly'],
  bloodbath: ['bubble bath', 'bubble baths'],
  gore: ['glitter', 'glitter'],
  gory: ['glittery', 'glittery'],
  corpse: ['sleepy ghost', 'sleepy ghosts'],
  corpses: ['sleepy ghosts', 'sleepy ghosts'],
  intestines: ['jelly', 'jelly'],
  entrails: ['jelly', 'jelly'],
  severed: ['wobbly', 'wobbly'],
  decapitated: ['wobbly', 'wobbly'],
  dismembered: ['wobbly', 'wobbly'],
  mutilated: ['wobbly', 'wobbly'],
  bleeding: ['sparkling', 'sparkling'],
  bleed: { verb: 'sparkle' },
  kill: TICKLE,
  killer: ['tickler', 'ticklers'],
  killers: ['ticklers', 'ticklers'],
  murder: TICKLE,
  murderer: ['tickler', 'ticklers'],
  murderers: ['ticklers', 'ticklers'],
  slaughter: TICKLE,
  massacre: TICKLE,
  torture: TICKLE,
  stab: { verb: 'poke' },
  stabbed: ['poked', 'poked'],
  stabbing: ['poking', 'poking'],
  strangle: { verb: 'hug' },
  strangled: ['hugged', 'hugged'],
  behead: { verb: 'boop' },
  beheaded: ['booped', 'booped'],
  tortured: ['tickled', 'tickled'],
  assassin: ['ninja', 'ninjas'],
  drug: SWEETS,
  drugs: SWEETS,
  cocaine: SWEETS,
  heroin: SWEETS,
  meth: SWEETS,
  marijuana: SWEETS,
  cannabis: SWEETS,
  beer: LEMONADE,
  beers: LEMONADE,
  wine: LEMONADE,
  vodka: LEMONADE,
  whisky: LEMONADE,
  whiskey: LEMONADE,
  alcohol: LEMONADE,
  booze: LEMONADE,
  drunk: ['dizzy', 'dizzy'],
  cigarette: LOLLIPOP,
  cigarettes: LOLLIPOP,
  cigar: LOLLIPOP,
  cigars: LOLLIPOP,
  vape: ['bubble wand', 'bubble wands'],
  vaping: ['blowing bubbles', 'blowing bubbles'],
  tobacco: SWEETS,
};

/** Phrases first: their words alone would read differently ("shoot you" is not "shooting star"). */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bmachine[\s-]?guns?\b/gi, 'bubble machine'],
  [/\bdead bod(?:y|ies)\b/gi, 'sleepy ghosts'],
  [
    /\bshoot(s|ing)? (?=(?:you|him|her|them|people|everyone|everybody|the (?:police|teacher|kids?|people|children))\b)/gi,
    'splash$1 ',
  ],
  [/\bto death\b/gi, 'to giggles'],
  [/\b(?:beat|punch|hurt) (you|him|her|them|people) (?:up|to death)\b/gi, 'tickle $1'],
];

function inflect(verb: string, word: string, listed: string): string {
  // code-unit-safe: cuts right after the listed ASCII word the line has just matched
  const suffix = word.startsWith(listed) ? word.slice(listed.length) : '';
  const stem = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  if (/^(?:ing)$/.test(suffix) || /^\w?ing$/.test(suffix)) return `${stem}ing`;
  if (/^\w?e?d$/.test(suffix)) return `${stem}ed`;
  if (/^\w?ers$/.test(suffix)) return `${stem}ers`;
  if (/^\w?er$/.test(suffix)) return `${stem}er`;
  if (/^e?s$/.test(suffix)) return `${verb}s`;
  return verb;
}

/** Keeps a capital where the child wrote one ("Knife" → "Magic wand"). */
function likeCase(original: string, replacement: string): string {
  // code-unit-safe: the replacement is our own ASCII wording, never the child's text
  return /^\p{Lu}/u.test(original) ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement;
}

/** The kinder version of one word of the text, or null when it has none. */
function kinderWord(raw: string): string | null {
  const folded = foldHostile(raw).replace(/ /g, '');
  if (!folded) return null;
  const hit = listedWord(folded);
  if (!hit) return null;
  const key = [folded, hit[1], ...baseForms(folded)].find((k) => own(KINDER, k));
  const sub = key ? own(KINDER, key) : undefined;
  if (!key || !sub) return null;
  if ('verb' in sub) return likeCase(raw, inflect(sub.verb, folded, key));
  const many = folded.endsWith('s');
  return likeCase(raw, many ? sub[1] : sub[0]);
}

/**
 * `text` with each violent, gory or drug word swapped for its kid-friendly version; words with no
 * such version (and everything else) as they were. A text that still has a concern after this is
 * refused by the caller.
 */
export function kinder(text: string): string {
  // Book phrases ("killer whale", "Moby Dick") are kept as they are; only the text between changes.
  return text
    .split(ALLOWED)
    .map((part, i) => (i % 2 ? part : kinderPart(part)))
    .join('');
}

const ALLOWED = new RegExp(
  `(\\b(?:${ALLOWED_PHRASES.map((p) => p.replace(/ /g, '\\s+')).join('|')})\\b)`,
  'i',
);

function kinderPart(text: string): string {
  let out = text;
  for (const [re, by] of PHRASES) out = out.replace(re, by);
  for (const [emoji, [, kind]] of Object.entries(EMOJI)) if (kind) out = out.split(emoji).join(kind);
  // Words with leet symbols inside ("kn1fe", "k!ll") are one word here, as they were to the child.
  return out.replace(
    /[\p{L}\p{N}@$!|+€£*]*\p{L}[\p{L}\p{M}\p{N}@$|+€£*\u200b-\u200d\u2060\u00ad]*/gu,
    (w) => {
      return kinderWord(w) ?? w;
    },
  );
}
