import type { BookTraits } from '../../books/book-documents.js';
import { bookById, type CatalogBook, heroOf, troublesOf } from '../../books/catalog.js';
import { localKnowledge } from '../../books/local-knowledge.js';
import { emojiFor, kindOfWord } from '../../games/emoji.js';
import type { GameType } from '../../games/spec.js';
import { cutGraphemes } from '../../text/graphemes.js';
import { normaliseText } from '../../text/normalise.js';
import type { GameDesign, SessionState } from '../state.js';
import type { DesignRequest } from './intent.js';
import { asNounPhrase, hasCharacterPronoun, nounRuns } from './lexicon.js';
import { type DesignWish, readAnalyst } from './notes.js';
import { capitalise } from './phrasing.js';
import { extractNames, extractThings } from './understand.js';

/**
 * What the Game Designer knows and does to a design: the book's suggestions (hero, things,
 * baddies), where a name the child says belongs, and a design with a change applied. Pure; the
 * conversation itself is in game-designer.ts, its words in design-words.ts.
 */

export interface Named {
  name: string;
  emoji?: string;
}

/** What the book suggests for each design question. */
export interface Context {
  catalog: CatalogBook | undefined;
  known: Named[];
  villains: Named[];
  characters: Named[];
  objects: Named[];
  offered: GameType[];
  hero: Named;
  collect: Named;
  avoid: (hero: string | undefined, not?: readonly Named[]) => Named;
  setting: string | undefined;
  /** The picture for a hero whose name we do not know ("Ollie" in a story about an octopus). */
  heroPicture: string;
}

export function sameName(a: string, b: string): boolean {
  const fa = normaliseText(a).replace(/^the /, '').replace(/s$/, '');
  const fb = normaliseText(b).replace(/^the /, '').replace(/s$/, '');
  return fa !== '' && fa === fb;
}

/**
 * The two or three game types that fit the story best (rankTypes in books/hybrid.ts): the
 * knowledge's ranking for a catalogue book, or for what the child told us about a story we do not
 * know. With nothing to go on, a story with a baddie plays well as dodging, a gentle one as finding.
 */
export function offeredTypes(state: SessionState, catalog: CatalogBook | undefined): GameType[] {
  const ranked = localKnowledge().rankGameTypesSync(catalog ?? storyTraits(state), 3);
  if (ranked.some((r) => r.score > 0)) return ranked.map((r) => r.type);
  return state.analysis?.antagonist
    ? ['collector', 'avoider', 'platformer']
    : ['collector', 'catcher', 'platformer'];
}

/** What we know of a story that is not in the catalogue, as text to compare with the templates. */
function storyTraits(state: SessionState): BookTraits {
  const a = state.analysis;
  const about = readAnalyst(state.notes).about;
  const names = [
    ...(a?.characters ?? []),
    ...(a?.storyObjects ?? []),
    ...(a?.antagonist ? [a.antagonist] : []),
  ];
  return {
    summary: [about, ...names.map((n) => n.name)].filter(Boolean).join('. '),
    ...(a?.setting ? { setting: a.setting } : {}),
    ...(a?.themes.length ? { themes: a.themes } : {}),
  };
}

export function contextOf(state: SessionState, offered: GameType[]): Context {
  const catalog = bookById(state.book?.catalogId);
  const analysis = state.analysis;
  const catalogTroubles = catalog ? troublesOf(catalog) : [];
  const villains: Named[] = [
    ...(analysis?.antagonist ? [analysis.antagonist] : []),
    ...(catalog?.characters.filter((c) => c.role === 'villain') ?? []),
    ...catalogTroubles,
  ];
  const characters: Named[] = [
    ...(catalog?.characters.filter((c) => c.role !== 'villain') ?? []),
    ...(analysis?.characters ?? []).filter((c) => !villains.some((v) => sameName(v.name, c.name))),
  ];
  const objects: Named[] = [...(analysis?.storyObjects ?? []), ...(catalog?.storyObjects ?? [])];
  const known: Named[] = [...characters, ...objects, ...villains];
  const favourite = analysis?.favouriteCharacter;
  const hero: Named = (favourite ? known.find((k) => sameName(k.name, favourite)) : undefined) ??
    (favourite ? { name: favourite } : undefined) ??
    (catalog ? heroOf(catalog) : undefined) ??
    analysis?.characters[0] ?? { name: 'Hero', emoji: '🦸' };
  const troubles: Named[] = [...villains, { name: 'Storm Clouds', emoji: '⛈️' }];
  const collect: Named = objects.find((o) => !troubles.some((t) => sameName(t.name, o.name))) ?? {
    name: 'Stars',
    emoji: '⭐',
  };
  return {
    catalog,
    known,
    villains,
    characters,
    objects,
    offered,
    hero,
    collect,
    // Never suggest dodging yourself: a child playing as the Gruffalo dodges something else.
    avoid: (heroName, not = []) =>
      troubles.find(
        (t) => (!heroName || !sameName(t.name, heroName)) && !not.some((n) => sameName(n.name, t.name)),
      ) ?? { name: 'Storm Clouds', emoji: '⛈️' },
    setting: analysis?.setting ? cutGraphemes(analysis.setting, 60) : undefined,
    heroPicture:
      (!catalog &&
        analysis?.characters.find((c) => c.emoji && c.emoji !== '🙂' && c.name !== 'Hero')?.emoji) ||
      '🙂',
  };
}

/** The catalog's or the discussion's entry for a name (for its emoji), else the child's words. */
export function toNamed(words: string, ctx: Context, fallback: string): Named {
  const name = cutGraphemes(words.trim(), 40).trim();
  // A slip in a book's name ("mr mcgregr") still gets the book's picture; the child's spelling stays.
  const knownNames = ctx.known.map((k) => k.name);
  const close = extractNames(name, knownNames)[0];
  const closeMatch =
    close &&
    knownNames.includes(close) &&
    normaliseText(name).split(' ').length === normaliseText(close).split(' ').length
      ? ctx.known.find((k) => k.name === close)
      : undefined;
  const match = ctx.known.find((k) => sameName(k.name, name)) ?? closeMatch;
  // The catalog's spelling only when it is the very same word ("gruffalo" → "Gruffalo"); "cakes"
  // stays "cakes" even though the catalog says "Cake".
  const same = match && normaliseText(match.name) === normaliseText(name.replace(/^the\s+/i, ''));
  return { name: same ? match.name : name, emoji: match?.emoji ?? emojiFor(name, fallback) };
}

/** "little red dragon" adds the child's own words to "Dragon"; "the dragon" does not. */
export function hasOwnWords(phrase: string, name: string): boolean {
  const own = new Set(normaliseText(name).split(' '));
  return normaliseText(phrase)
    .split(' ')
    .some((w) => w.length > 2 && !own.has(w) && !own.has(w.replace(/s$/, '')) && !/^(the|and|with)$/.test(w));
}

/** The hero a child names ("the clever mouse", "Max", "him"), or null when they named no one. */
export function heroFrom(text: string, ctx: Context): Named | null {
  const names = ctx.known.map((k) => k.name);
  const named = extractNames(text, names)[0];
  const match = named ? ctx.known.find((k) => sameName(k.name, named)) : undefined;
  const phrase = extractThings(text, 1)[0] ?? nounRuns(text, 3)[0];
  // Just the character's name: the book's spelling. More words ("a little red dragon"): theirs.
  const saidWholeName = match && ` ${normaliseText(text)} `.includes(` ${normaliseText(match.name)} `);
  // "the cat" for the Cat in the Hat: a shortening of the name is the character itself.
  if (
    match &&
    (!phrase ||
      sameName(phrase, match.name) ||
      !hasOwnWords(phrase, match.name) ||
      (saidWholeName && !hasOwnWords(phrase, match.name)))
  ) {
    return { name: match.name, emoji: match.emoji ?? emojiFor(match.name, '🙂') };
  }
  const words = phrase ?? (named ? (asNounPhrase(named) ?? undefined) : undefined);
  if (words) {
    const name = cutGraphemes(words.trim(), 40).trim();
    return { name: capitalise(name), emoji: match?.emoji ?? emojiFor(name, ctx.heroPicture) };
  }
  // "him", "that one": the character the child has been talking about.
  if (hasCharacterPronoun(text)) return ctx.hero;
  return null;
}

export function thingsFrom(text: string, ctx: Context, emoji: string): Named[] {
  return extractThings(text, 3).map((t) => toNamed(t, ctx, emoji));
}

export function needsHazard(type: GameType | undefined): boolean {
  return type === 'avoider' || type === 'runner';
}

/** Fills whatever the child has not chosen yet with the book's suggestions. */
export function completed(input: GameDesign, ctx: Context): GameDesign {
  const design = exclusive(input, ctx);
  const hero = design.hero ?? ctx.hero;
  const gameType = design.gameType ?? ctx.offered[0] ?? 'collector';
  const collectibles = design.collectibles?.length ? design.collectibles : [ctx.collect];
  let hazards = design.hazards ?? [ctx.avoid(hero.name, collectibles)];
  // Never dodge yourself; a dodging game always has something to dodge.
  hazards = hazards.filter((h) => !sameName(h.name, hero.name));
  if (!hazards.length && needsHazard(gameType)) hazards = [ctx.avoid(hero.name, collectibles)];
  return {
    gameType,
    hero,
    collectibles,
    hazards,
    ...(ctx.setting ? { setting: ctx.setting } : {}),
  };
}

/** A design with the child's wishes and requests applied; null when nothing changed. */
export function applyRequest(
  design: GameDesign,
  r: DesignRequest | DesignWish,
  ctx: Context,
): GameDesign | null {
  const before = JSON.stringify(design);
  const d: GameDesign = { ...design };
  const add = 'add' in r && r.add === true;
  if (r.type) d.gameType = r.type;
  if (r.hero) d.hero = toNamed(r.hero, ctx, ctx.heroPicture);
  if (r.collect?.length) {
    const things = r.collect.map((t) => toNamed(t, ctx, '⭐'));
    d.collectibles = add ? unique([...(d.collectibles ?? []), ...things]) : unique(things);
  }
  if (r.avoid?.length) {
    const things = r.avoid.map((t) => toNamed(t, ctx, '🌩️'));
    d.hazards = add ? unique([...(d.hazards ?? []), ...things]) : unique(things);
  }
  if ('remove' in r && r.remove) {
    const added = [...(r.avoid ?? []), ...(r.collect ?? []), ...(r.hero ? [r.hero] : [])];
    const removed = r.remove === 'all' ? 'all' : r.remove.filter((n) => !added.some((a) => sameName(a, n)));
    if (removed === 'all') d.hazards = r.avoid?.length ? d.hazards : [];
    else {
      const gone = (x: Named) => removed.some((n) => sameName(n, x.name));
      // "Not the owl" when you are the owl: you will be someone else.
      const hero = d.hero ?? ctx.hero;
      if (gone(hero)) {
        d.hero = ctx.characters.find((c) => !gone(c) && !sameName(c.name, hero.name)) ?? {
          name: 'Hero',
          emoji: '🦸',
        };
      }
      if (d.hazards) d.hazards = d.hazards.filter((h) => !gone(h));
      if (d.collectibles) {
        const kept = d.collectibles.filter((c) => !gone(c));
        d.collectibles = kept.length
          ? kept
          : [ctx.objects.find((o) => !gone(o)) ?? { name: 'Stars', emoji: '⭐' }];
      }
    }
  }
  const out = exclusive(d, ctx, Boolean(r.avoid?.length));
  return JSON.stringify(out) === before ? null : out;
}

/**
 * One name, one part: the hero is never also collected or dodged, and nothing is both collected and
 * dodged (`hazardsWin` when the child just named what to dodge, else what to collect wins).
 */
export function exclusive(design: GameDesign, ctx: Context, hazardsWin = false): GameDesign {
  const d: GameDesign = { ...design };
  const heroNow = d.hero?.name ?? '';
  if (heroNow && d.hazards) d.hazards = d.hazards.filter((h) => !sameName(h.name, heroNow));
  if (heroNow && d.collectibles?.some((c) => sameName(c.name, heroNow))) {
    const kept = d.collectibles.filter((c) => !sameName(c.name, heroNow));
    d.collectibles = kept.length
      ? kept
      : [ctx.objects.find((o) => !sameName(o.name, heroNow)) ?? { name: 'Stars', emoji: '⭐' }];
  }
  if (d.hazards && d.collectibles) {
    if (hazardsWin)
      d.collectibles = d.collectibles.filter((c) => !d.hazards?.some((h) => sameName(h.name, c.name)));
    else d.hazards = d.hazards.filter((h) => !d.collectibles?.some((c) => sameName(c.name, h.name)));
    if (!d.collectibles.length)
      d.collectibles = [
        ctx.objects.find((o) => !d.hazards?.some((h) => sameName(h.name, o.name))) ?? {
          name: 'Stars',
          emoji: '⭐',
        },
      ];
  }
  return d;
}

export function unique(list: Named[]): Named[] {
  const out: Named[] = [];
  for (const x of list) if (!out.some((o) => sameName(o.name, x.name))) out.push(x);
  return out.slice(0, 3);
}

export type Slot = 'hero' | 'avoid' | 'collect' | 'ask' | 'same';

/** Where a name said at the read-back belongs: a villain is dodged, a character is played, a thing collected. */
export function slotFor(name: string, ctx: Context, d: GameDesign, add: boolean): Slot {
  if (d.hero && sameName(d.hero.name, name)) return 'same';
  if (d.hazards?.some((h) => sameName(h.name, name))) return 'same';
  if (d.collectibles?.some((c) => sameName(c.name, name))) return 'same';
  if (ctx.villains.some((v) => sameName(v.name, name))) return 'avoid';
  if (ctx.characters.some((c) => sameName(c.name, name))) return add ? 'ask' : 'hero';
  if (ctx.objects.some((o) => sameName(o.name, name))) return 'collect';
  const kind = kindOfWord(name.split(/\s+/).at(-1) ?? '');
  if (kind === 'thing') return 'collect';
  return 'ask';
}

/**
 * Where a book's own name belongs, when the child gives it to the wrong question ("the mouse" when
 * asked for a kind of game): its villains are dodged, its characters played, its things collected.
 */
export function naturalSlot(
  text: string,
  ctx: Context,
): { slot: 'hero' | 'avoid' | 'collect'; name: string } | null {
  const names = ctx.known.map((k) => k.name);
  const hit = extractNames(text, names)[0];
  if (!hit || !names.includes(hit)) return null;
  // The whole answer must be that name: "fish bowls" is not the Fish.
  const said = extractThings(text, 1)[0] ?? '';
  if (!sameName(said, hit) && hasOwnWords(said, hit)) return null;
  // The book's own facts first: its things are collected, whatever the discussion made of them.
  if (ctx.catalog?.storyObjects.some((o) => sameName(o.name, hit))) return { slot: 'collect', name: hit };
  if (ctx.villains.some((v) => sameName(v.name, hit))) return { slot: 'avoid', name: hit };
  if (ctx.characters.some((c) => sameName(c.name, hit))) return { slot: 'hero', name: hit };
  if (ctx.objects.some((o) => sameName(o.name, hit))) return { slot: 'collect', name: hit };
  return null;
}

/** A bare name in a correction ("the gruffalo too"): a catalog name, else the child's noun phrase. */
export function bareName(text: string, ctx: Context): string | null {
  const names = ctx.known.map((k) => k.name);
  const hit = extractNames(text, names)[0];
  if (hit && names.includes(hit)) return hit;
  return extractThings(text, 1)[0] ?? nounRuns(text, 3)[0] ?? null;
}

export function namesIn(d: GameDesign): string[] {
  return [
    d.hero?.name,
    ...(d.collectibles ?? []).map((c) => c.name),
    ...(d.hazards ?? []).map((h) => h.name),
  ].filter((x): x is string => Boolean(x));
}
