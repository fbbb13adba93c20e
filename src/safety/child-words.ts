import type { Concern } from './moderation.js';

/**
 * Our own word lists for a picture-book app, beside the `obscenity` package's English profanity:
 * what a game or a reply for a five-year-old never holds. Each list is one space-separated string,
 * easy to read and extend; words are base forms (moderation.ts finds "knives", "killing",
 * "bloooody"). A word a kid-friendly version exists for is in `KINDER` (kinder.ts) as well.
 *
 * Left out on purpose, because children's books are full of them: fart, poo, bum, underpants,
 * witch, monster, zombie, ghost, skeleton, dragon, fire, sword, knight, pirate, wolf, dead, die.
 */

const list = (words: string) => new Set(words.trim().split(/\s+/));

/** Insults and swearing the English dataset lacks (it holds the sexual and hateful words). */
export const RUDE = list(`
  stupid idiot idiots dumb moron biatch beyotch titty titties jizz retard retards phuk sloot kunt ballsack nutsack scrotum
  testicle testicles nipple nipples erection condom condoms vibrator hellhole damnit bollox minge bellend
  knobhead tosser slag skank hoe hoes thot incel kys kms crackhead stoner terrorist terrorists swastika
  heil sht shyt loser losers dumbass jackass dipshit bullshit crap crappy damn dammit
  goddamn hell bugger bollock sod phuck fuk fck fcuk fking fkn wtf stfu omfg lmfao milf nazi nazis
  hitler kkk naked nude nudes boobs boobies butthole butthead buttface arsehole asshole sucker
  porno horny sexual
`);

/** Weapons: a game for small children collects stars, not knives. */
export const WEAPONS = list(`
  knife knives dagger daggers machete machetes gun guns pistol pistols rifle rifles shotgun shotguns
  handgun handguns machinegun uzi ak47 revolver revolvers bullet bullets ammo bomb bombs grenade
  grenades chainsaw chainsaws switchblade gunman gunmen sniper snipers bazooka landmine explosive
  explosives gunfight gunfights shootout shootouts gunshot gunshots gunfire
`);

/** Blood and gore. */
export const GORE = list(`
  blood bloody bloodbath gore gory corpse corpses intestines entrails severed decapitated
  dismembered mutilated bleeding bleed
`);

/** Killing and hurting people. */
export const KILLING = list(`
  kill killer killers murder murderer murderers stab stabbed stabbing slaughter massacre strangle
  strangled torture tortured behead beheaded suicide genocide homicide assassinate
  assassin
`);

/** Drugs, alcohol and smoking. */
export const DRUGS = list(`
  drug drugs cocaine heroin meth marijuana cannabis crack-cocaine beer beers wine vodka whisky whiskey
  alcohol booze drunk cigarette cigarettes cigar cigars vape vaping tobacco
`);

/**
 * Words that are hostile however they are glued to others ("knifeboy", "killzone"): looked for
 * inside longer words that are not ordinary English ("skill", "bloodhound" are).
 */
export const GLUED = ['kill', 'murder', 'knife', 'blood', 'fuck', 'shit', 'bitch', 'nigg'];

/** Phrases our lists read as whole ("shoot you", not "shooting star"). Folded, single-spaced. */
export const VIOLENT_PHRASES = [
  /\bshoot(?:s|ing)? (?:you|him|her|them|people|everyone|everybody|the (?:police|teacher|kids?|people|children))\b/,
  /\bmachine guns?\b/,
  /\bdead bod(?:y|ies)\b/,
  /\bcut (?:off )?(?:his|her|their|your) (?:head|heads|throat|arm|arms|leg|legs)\b/,
  /\b(?:beat|punch|hurt) (?:you|him|her|them|people) (?:up|to death)\b/,
  /\bto death\b/,
  /\bself harm\b/,
  /\b(?:cut|hurt|kill|hang|stab) (?:my|him|her|your|them|our)sel(?:f|ves)\b/,
  /\b(?:hurt|kill|attack|stab|shoot) (?:people|everyone|everybody|kids|children|humans)\b/,
  /\b(?:chop|cut) (?:off )?(?:his|her|their|your|my|the) heads?\b/,
  /\b(?:smoke|smoking|high on|sell|selling|buy|buying) (?:weed|pot|crack|dope|joints?)\b/,
];

/**
 * Emoji that say what these lists say, with a kinder one where it exists (null: refused). Matched
 * on the text itself: folding drops every emoji. Not 🗡️, 🔪, 💊 or 🍷: the book catalogue uses them
 * (Puss in Boots' sword, George's medicine, Red Riding Hood's basket).
 */
export const EMOJI: Readonly<Record<string, readonly [Concern, string | null]>> = {
  '🖕': ['rude', null],
  '🔞': ['rude', null],
  '🔫': ['weapon', '🫧'],
  '🩸': ['gore', '💎'],
  '🚬': ['drugs', '🍭'],
  '💉': ['drugs', '🍬'],
};

/** Rude phrases made of ordinary words. Folded, single-spaced. */
export const RUDE_PHRASES = [
  /\b(?:i )?hate (?:you|u|ya)\b/,
  /\bshut up\b/,
  /\b(?:you|u) suck\b/,
  /\bsuck (?:my|it)\b/,
  /\bkiss my (?:butt|bum|arse)\b/,
  /\bgo (?:and )?die\b/,
  /\bwhite power\b/,
  /\b(?:sieg|heil) (?:heil|hitler)\b/,
  /\bkill (?:yourself|urself|yourselves)\b/,
];

/** Folded phrases that hold a listed word but are children's books or plain English. */
export const ALLOWED_PHRASES = [
  'moby dick',
  'dick whittington',
  'dick king smith',
  'spotted dick',
  'pussycat',
  'pussy cat',
  'puss in boots',
  'killer whale',
  'killer whales',
  'blood orange',
  'water pistol',
  'water pistols',
  'water gun',
  'water guns',
  'pop gun',
  'blood oranges',
  'kung fu',
  'cock a doodle doo',
  'cock a doodle',
  'blue tit',
  'blue tits',
  'great tit',
  'booby bird',
  'blue footed booby',
  'dick and jane',
  'kill time',
  'nerf gun',
  'nerf guns',
  'fairly stupid tales',
  'stupid smelly bus',
  'dick bruna',
  'dick and his cat',
  'prick her finger',
  'pricked her finger',
  'pricks her finger',
  'prick his finger',
  'pricked his finger',
  'what the ladybird heard',
];
