import type { CatalogBook, CatalogPalette, CatalogThing } from '../books/catalog.js';
import { creatureEmojiFor, distinctEmoji, emojiFor, isCreatureEmoji } from '../games/emoji.js';
import { repairSpec } from '../games/repair.js';
import type { GameSpec, GameType, HazardBehaviour, PowerUpEffect } from '../games/spec.js';
import { cutGraphemes, graphemeCount } from '../text/graphemes.js';
import { normaliseText } from '../text/normalise.js';
import type { BookAnalysis, BookInfo, GameDesign } from './state.js';

/**
 * GameDesign → GameSpec, without a model. The child's words become the hero, collectibles and
 * hazards verbatim; the catalog (when the book is known) supplies emoji and colours; everything
 * else is a default tuned per game type. Every sprite in one game is different (the hero never looks
 * like what it collects), text is cut on grapheme edges only, and a scrubber placeholder ("[name]")
 * never reaches a name, title or line. The result always goes through repairSpec, so it is valid.
 */

export interface CompileInput {
  book: BookInfo;
  analysis: BookAnalysis | null;
  design: GameDesign;
  catalogBook?: CatalogBook;
}

interface Named {
  name: string;
  emoji?: string;
}

/** How hazards move in each game type: what the scene can actually play well. */
const HAZARD_MOVES: Record<GameType, readonly HazardBehaviour[]> = {
  platformer: ['patrol', 'bounce', 'patrol'],
  collector: ['chase', 'patrol', 'bounce'],
  avoider: ['fall', 'bounce', 'chase'],
  runner: ['static', 'patrol', 'bounce'],
  catcher: ['fall', 'fall', 'fall'],
  maze: ['patrol', 'chase', 'patrol'],
};

const HAZARD_COUNT: Record<GameType, number> = {
  platformer: 3,
  collector: 3,
  avoider: 4,
  runner: 3,
  catcher: 3,
  maze: 2,
};

const COLLECTIBLE_COUNT: Record<GameType, number> = {
  platformer: 8,
  collector: 10,
  avoider: 6,
  runner: 10,
  catcher: 12,
  maze: 5,
};

const POWER_UP: Record<GameType, PowerUpEffect> = {
  platformer: 'shield',
  collector: 'speed',
  avoider: 'shield',
  runner: 'shield',
  catcher: 'magnet',
  maze: 'speed',
};

const TITLE_WORD: Record<GameType, string> = {
  platformer: 'Adventure',
  collector: 'Hunt',
  avoider: 'Dodge',
  runner: 'Run',
  catcher: 'Catch',
  maze: 'Maze',
};

const VERB: Record<GameType, string> = {
  platformer: 'jump and collect',
  collector: 'find',
  avoider: 'grab',
  runner: 'run and collect',
  catcher: 'catch',
  maze: 'find',
};

const DEFAULT_PALETTE: CatalogPalette = { sky: '#87ceeb', ground: '#5b8c3a', accent: '#ffcc33' };

// Colours for a setting the child described, when the book is not in the catalog.
const SETTING_PALETTES: Array<[RegExp, CatalogPalette]> = [
  [/\b(?:space|planet|moon|star|rocket)/, { sky: '#0d1b3d', ground: '#37474f', accent: '#ffd600' }],
  [
    /\b(?:sea|ocean|underwater|water|river|lake|pond|beach)/,
    { sky: '#4fc3f7', ground: '#0277bd', accent: '#fff59d' },
  ],
  [/\b(?:snow|ice|winter|arctic|north pole|cold)/, { sky: '#dcefff', ground: '#ffffff', accent: '#1e88e5' }],
  [/\b(?:forest|wood|jungle|tree|garden|park)/, { sky: '#a9d18e', ground: '#4e6b2f', accent: '#ffb300' }],
  [/\b(?:city|town|street|shop|store)/, { sky: '#bde0fe', ground: '#8d8d8d', accent: '#ff6f61' }],
  [/\b(?:farm|barn|field|meadow)/, { sky: '#fff6d5', ground: '#9ccc65', accent: '#c62828' }],
  [/\b(?:castle|palace|kingdom)/, { sky: '#e1bee7', ground: '#8d6e63', accent: '#ffd54f' }],
  [/\b(?:desert|sand)/, { sky: '#ffe0b2', ground: '#e0a96d', accent: '#ff7043' }],
  [/\b(?:night|dark|bedtime|bed)/, { sky: '#1b2a49', ground: '#2e4b3f', accent: '#ffd93b' }],
];

const NIGHT = /\b(?:night|nighttime|bedtime|moonlit|midnight|moon|stars)\b/;

/** The emoji for a name: the catalog's own picture when a catalog name matches, else the dictionary. */
function pictureFor(
  name: string,
  given: string | undefined,
  known: readonly Named[],
  fallback: string,
): string {
  if (given) return given;
  const n = normaliseText(name);
  const exact = known.find((k) => normaliseText(k.name) === n && k.emoji);
  if (exact?.emoji) return exact.emoji;
  // "the dragon" or "Dragons" for the catalog's "Dragon"; "salsa" for "Spicy Salsa".
  const partial = known.find((k) => {
    const kn = normaliseText(k.name);
    return k.emoji && (kn.replace(/s$/, '') === n.replace(/s$/, '') || ` ${kn} `.includes(` ${n} `));
  });
  return partial?.emoji ?? emojiFor(name, fallback);
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

function capitalise(s: string): string {
  return s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

const SMALL = new Set(['a', 'an', 'the', 'and', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'or']);

/** "hungry caterpillar" → "Hungry Caterpillar"; "cat in the hat" → "Cat in the Hat". */
function titleWords(s: string): string {
  return s
    .split(' ')
    .map((w, i) => (i > 0 && SMALL.has(w.toLowerCase()) ? w : w.replace(/^\p{Ll}/u, (c) => c.toUpperCase())))
    .join(' ');
}

// What the scrubber leaves where personal data was: never part of a name in a game.
const PLACEHOLDER = /\[\s*[\p{L}_-]{1,20}\s*\]/gu;

/** A name without placeholders, bounded on a grapheme edge; `fallback` when nothing is left. */
function cleanName(name: string | undefined, fallback: string, max = 40): string {
  const cleaned = (name ?? '').replace(PLACEHOLDER, ' ').replace(/\s+/g, ' ').trim();
  return cutGraphemes(cleaned, max).trim() || fallback;
}

function cleanNamed<T extends Named>(items: readonly T[]): T[] {
  return items.map((x) => ({ ...x, name: cleanName(x.name, '') })).filter((x) => x.name !== '');
}

// Words that add nothing to a game's title ("lots of food cake" is a Cake Hunt).
const TITLE_FILLER = /^(?:lots of|lot of|some|many|more|all the|food|yummy|the|a|an)\s+/i;

/** The collectible as it reads in a title: one or two words ("Golden Eggs"), else its head noun. */
function titleThing(name: string): string {
  let words = name.replace(TITLE_FILLER, '').replace(TITLE_FILLER, '').split(/\s+/).filter(Boolean);
  // "cup of tea", "bowl of milk": the words after "of" are the thing.
  const of = words.indexOf('of');
  if (of > 0 && of < words.length - 1) words = words.slice(of + 1);
  if (words.length > 2) words = words.slice(-1);
  return words.join(' ');
}

function shortList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function paletteFor(settingName: string, catalogBook?: CatalogBook): CatalogPalette {
  if (catalogBook) return catalogBook.palette;
  const n = normaliseText(settingName);
  return SETTING_PALETTES.find(([re]) => re.test(n))?.[1] ?? DEFAULT_PALETTE;
}

export function compileSpec(input: CompileInput): GameSpec {
  const { book, analysis, design, catalogBook } = input;
  const type: GameType = design.gameType ?? catalogBook?.suggestedTypes[0] ?? 'collector';
  const { hero, collectibles, hazards } = castOf(input, type);

  const settingName = cleanName(
    design.setting ?? analysis?.setting ?? catalogBook?.setting,
    catalogBook?.setting ?? 'a storybook world',
    60,
  );
  const night = NIGHT.test(normaliseText(settingName));
  const mainThing = collectibles[0]?.name ?? 'stars';
  const mainHazard = hazards[0]?.name;
  const verb = VERB[type];
  const thingList = shortList(collectibles.map((c) => c.name));
  const intro = mainHazard
    ? `Help ${hero.name} ${verb} the ${thingList} and stay away from the ${mainHazard}!`
    : `Help ${hero.name} ${verb} all the ${thingList}!`;

  const spec = {
    version: 1,
    type,
    title: titleOf(type, hero.name, mainThing),
    book: {
      title: cleanName(book.title, 'My Story', 120),
      ...(book.author && cleanName(book.author, '', 80) ? { author: cleanName(book.author, '', 80) } : {}),
    },
    setting: { name: settingName, night, palette: paletteFor(settingName, catalogBook) },
    hero,
    collectibles,
    hazards,
    powerUps: [{ name: 'Magic Star', emoji: '🌟', effect: POWER_UP[type] }],
    // Young players: three tries, never a clock (the avoider's goal already is surviving).
    lives: 3,
    difficulty: 'easy',
    timeLimit: null,
    lines: {
      intro:
        graphemeCount(intro) <= 160
          ? intro
          : cutGraphemes(`Help ${hero.name} ${verb} the ${mainThing}!`, 160),
      win: `Hooray! ${hero.name} did it! What a story!`,
      lose: mainHazard ? `Oh no, the ${mainHazard} got you! Try again?` : 'Oh no! Want to try again?',
    },
  };
  return repairSpec(spec);
}

/** Everything the book and the analysis name, for finding pictures. */
function knownOf({ analysis, catalogBook }: CompileInput): Named[] {
  return [
    ...(catalogBook?.characters ?? []),
    ...(catalogBook?.storyObjects ?? []),
    ...(catalogBook?.antagonist ? [catalogBook.antagonist] : []),
    ...(catalogBook?.obstacles ?? []),
    ...(analysis?.characters ?? []),
    ...(analysis?.storyObjects ?? []),
    ...(analysis?.antagonist ? [analysis.antagonist] : []),
  ];
}

/** The hero's name and picture: the design's, else the favourite, the book's hero, the first character. */
function heroOf({ analysis, design, catalogBook }: CompileInput, known: Named[]) {
  const catalogHero = catalogBook?.characters.find((c) => c.role === 'hero');
  const heroSource: Named = design.hero ??
    (analysis?.favouriteCharacter ? { name: analysis.favouriteCharacter } : undefined) ??
    catalogHero ??
    analysis?.characters[0] ?? { name: 'Hero' };
  const name = capitalise(cleanName(heroSource.name, catalogHero?.name ?? 'Hero'));
  let emoji = pictureFor(name, heroSource.emoji, known, '🙂');
  // A hero is a creature: "the Cat in the Hat" is a cat, not a hat.
  if (!isCreatureEmoji(emoji)) emoji = creatureEmojiFor(name) ?? emoji;
  return { name, emoji };
}

/** What to collect and what to dodge, as named: the design's, else from the analysis or the book. */
function thingsAndTroubles({ analysis, design, catalogBook }: CompileInput) {
  const things: Named[] = cleanNamed(
    design.collectibles?.length
      ? design.collectibles
      : (analysis?.storyObjects.slice(0, 2) ?? catalogBook?.storyObjects.slice(0, 2) ?? []),
  );
  if (!things.length) things.push({ name: 'Stars', emoji: '⭐' });
  const troubles: Named[] = cleanNamed<Named>(
    design.hazards
      ? design.hazards
      : analysis?.antagonist
        ? [analysis.antagonist]
        : catalogBook?.antagonist
          ? [catalogBook.antagonist]
          : ((catalogBook?.obstacles?.slice(0, 1) ?? []) as CatalogThing[]),
  );
  return { things, troubles };
}

/** The hero, the collectibles and the hazards, each with its own picture. */
function castOf(input: CompileInput, type: GameType) {
  const known = knownOf(input);
  const heroFound = heroOf(input, known);
  let heroEmoji = heroFound.emoji;
  const { things, troubles } = thingsAndTroubles(input);
  const thingPictures = things.slice(0, 3).map((c) => pictureFor(c.name, c.emoji, known, '⭐'));
  const troublePictures = troubles.slice(0, 3).map((h) => pictureFor(h.name, h.emoji, known, '🌩️'));

  // Every sprite different. When the hero would look like something in the game, a hero drawn as
  // a thing (Max's crown) becomes a child; a creature hero keeps its picture and the thing changes.
  const others = new Set([...thingPictures, ...troublePictures]);
  if (others.has(heroEmoji) && !isCreatureEmoji(heroEmoji)) heroEmoji = distinctEmoji('🧒', others, true);
  const taken = new Set([heroEmoji]);
  const unique = (emoji: string) => {
    const e = distinctEmoji(emoji, taken);
    taken.add(e);
    return e;
  };
  const hero = { name: heroFound.name, emoji: heroEmoji, speed: 1, jump: 1 };

  const count = COLLECTIBLE_COUNT[type];
  const collectibles = things.slice(0, 3).map((c, i) => ({
    name: c.name,
    emoji: unique(thingPictures[i] ?? '⭐'),
    // The first thing named is the main one; extras are rarer and worth more.
    points: i === 0 ? 10 : 20,
    count: i === 0 ? count : Math.max(2, Math.round(count / 3)),
  }));

  const moves = HAZARD_MOVES[type];
  const hazards = troubles.slice(0, 3).map((h, i) => ({
    name: h.name,
    emoji: unique(troublePictures[i] ?? '🌩️'),
    behaviour: moves[i % moves.length] ?? 'patrol',
    speed: 1,
    count: i === 0 ? HAZARD_COUNT[type] : Math.max(1, HAZARD_COUNT[type] - 1),
  }));
  return { hero, collectibles, hazards };
}

/** "Max's Crown Hunt": the hero's and the main thing's names, at most 60 graphemes. */
function titleOf(type: GameType, heroName: string, mainThing: string): string {
  const titleName = titleThing(mainThing);
  const sameAsHero = normaliseText(titleName) === normaliseText(heroName);
  const titleHero = titleWords(heroName);
  const fullTitle = sameAsHero
    ? `${possessive(titleHero)} ${TITLE_WORD[type]}`
    : `${possessive(titleHero)} ${titleWords(titleName)} ${TITLE_WORD[type]}`;
  return graphemeCount(fullTitle) <= 60
    ? fullTitle
    : cutGraphemes(`${possessive(cutGraphemes(titleHero, 40))} ${TITLE_WORD[type]}`, 60);
}
