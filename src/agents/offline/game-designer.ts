import { bookById, type CatalogBook, heroOf, troublesOf } from '../../books/catalog.js';
import { emojiFor, kindOfWord } from '../../games/emoji.js';
import { GAME_TYPES, type GameType } from '../../games/spec.js';
import { normaliseText } from '../../text/normalise.js';
import type { GameDesignerResult } from '../brain.js';
import type { GameDesign, SessionState } from '../state.js';
import { type DesignerNotes, type DesignerStage, readDesigner, withNotes } from './notes.js';
import { andList, collectVerb, KID_TYPE, KID_TYPE_HINT, plain, withThe } from './phrasing.js';
import {
  extractNames,
  extractThings,
  isDontKnow,
  isNothing,
  parseGameType,
  splitYesNo,
} from './understand.js';

/**
 * The Game Designer without a model: offer the game types that fit the book, then ask who you
 * play as, what to collect and what to avoid (suggesting from the book, keeping the child's own
 * words), read the design back and build on a yes. "I don't know" always gets a sensible default.
 */

/** Design answers after which we build with what we have, whatever the child says. */
export const MAX_DESIGN_TURNS = 6;

interface Named {
  name: string;
  emoji?: string;
}

const isGameType = (v: string): v is GameType => (GAME_TYPES as readonly string[]).includes(v);

/** What the book suggests for each design question. */
interface Context {
  catalog: CatalogBook | undefined;
  known: Named[];
  offered: GameType[];
  hero: Named;
  collect: Named;
  avoid: (hero: string | undefined) => Named;
  setting: string | undefined;
}

function sameName(a: string, b: string): boolean {
  return normaliseText(a).replace(/s$/, '') === normaliseText(b).replace(/s$/, '');
}

function offeredTypes(state: SessionState, catalog: CatalogBook | undefined): GameType[] {
  if (catalog) return catalog.suggestedTypes.slice(0, 3);
  // A story with a baddie plays well as dodging; a gentle one as finding and catching.
  return state.analysis?.antagonist
    ? ['collector', 'avoider', 'platformer']
    : ['collector', 'catcher', 'platformer'];
}

function contextOf(state: SessionState, offered: GameType[]): Context {
  const catalog = bookById(state.book?.catalogId);
  const analysis = state.analysis;
  const known: Named[] = [
    ...(analysis?.characters ?? []),
    ...(analysis?.storyObjects ?? []),
    ...(analysis?.antagonist ? [analysis.antagonist] : []),
    ...(catalog?.characters ?? []),
    ...(catalog?.storyObjects ?? []),
    ...(catalog ? troublesOf(catalog) : []),
  ];
  const favourite = analysis?.favouriteCharacter;
  const hero: Named = (favourite ? known.find((k) => sameName(k.name, favourite)) : undefined) ??
    (favourite ? { name: favourite } : undefined) ??
    (catalog ? heroOf(catalog) : undefined) ??
    analysis?.characters[0] ?? { name: 'Hero', emoji: '🙂' };
  const troubles: Named[] = [
    ...(analysis?.antagonist ? [analysis.antagonist] : []),
    ...(catalog ? troublesOf(catalog) : []),
    { name: 'Storm Clouds', emoji: '⛈️' },
  ];
  const collect: Named = analysis?.storyObjects.find(
    (o) => !troubles.some((t) => sameName(t.name, o.name)),
  ) ??
    catalog?.storyObjects[0] ?? { name: 'Stars', emoji: '⭐' };
  return {
    catalog,
    known,
    offered,
    hero,
    collect,
    // Never suggest dodging yourself: a child playing as the Gruffalo dodges something else.
    avoid: (heroName) =>
      troubles.find((t) => !heroName || !sameName(t.name, heroName)) ?? { name: 'Storm Clouds' },
    setting: analysis?.setting?.slice(0, 60),
  };
}

/** The catalog's or the discussion's entry for a name (for its emoji), else the child's words. */
function toNamed(words: string, ctx: Context, fallback: string): Named {
  const name = Array.from(words.trim()).slice(0, 40).join('').trim();
  const match = ctx.known.find((k) => sameName(k.name, name));
  // The catalog's spelling only when it is the very same word ("gruffalo" → "Gruffalo"); "cakes"
  // stays "cakes" even though the catalog says "Cake".
  const same = match && normaliseText(match.name) === normaliseText(name);
  return { name: same ? match.name : name, emoji: match?.emoji ?? emojiFor(name, fallback) };
}

/**
 * Things are spoken in lowercase ("Spicy Salsa" → "spicy salsa") when they are ordinary words;
 * names such as "Mr. McGregor" keep their capitals.
 */
function speak(name: string): string {
  const last = name.trim().split(/\s+/).pop() ?? '';
  return kindOfWord(last) ? name.toLowerCase() : name;
}

/** "tacos" stays bare, "owl" becomes "the owl": how a child would say it. */
function thing(name: string): string {
  const spoken = speak(name);
  return /s$/i.test(spoken) ? spoken : withThe(spoken);
}

/** "little red dragon" adds the child's own words to "Dragon"; "the dragon" does not. */
function hasOwnWords(phrase: string, name: string): boolean {
  const own = new Set(normaliseText(name).split(' '));
  return normaliseText(phrase)
    .split(' ')
    .some((w) => w.length > 2 && !own.has(w) && !own.has(w.replace(/s$/, '')) && !/^(the|and|with)$/.test(w));
}

function heroFrom(message: string, ctx: Context): Named {
  const { answer, rest } = splitYesNo(message);
  if (isDontKnow(message) || (answer && !rest)) return ctx.hero;
  const text = rest || message;
  const named = extractNames(
    text,
    ctx.known.map((k) => k.name),
  )[0];
  const match = named ? ctx.known.find((k) => sameName(k.name, named)) : undefined;
  const phrase = extractThings(text, 1)[0];
  // Just the character's name: the book's spelling. More words ("a little red dragon"): theirs.
  const saidWholeName = match && ` ${normaliseText(text)} `.includes(` ${normaliseText(match.name)} `);
  if (
    match &&
    (!phrase || sameName(phrase, match.name) || (saidWholeName && !hasOwnWords(phrase, match.name)))
  ) {
    return { name: match.name, emoji: match.emoji ?? emojiFor(match.name, '🙂') };
  }
  const words = phrase ?? named;
  if (!words) return ctx.hero;
  const name = Array.from(words.trim()).slice(0, 40).join('').trim();
  return { name: capitalise(name), emoji: match?.emoji ?? emojiFor(name, '🙂') };
}

function thingsFrom(message: string, ctx: Context, suggestion: Named, emoji: string): Named[] {
  const { answer, rest } = splitYesNo(message);
  if (isDontKnow(message) || (answer && !rest)) return [suggestion];
  const things = extractThings(rest || message, 3);
  return things.length ? things.map((t) => toNamed(t, ctx, emoji)) : [suggestion];
}

function readBack(design: GameDesign): string {
  const type = design.gameType ?? 'collector';
  const hero = withThe(design.hero?.name ?? 'Hero');
  const things = andList((design.collectibles ?? []).map((c) => thing(c.name)));
  const hazards = (design.hazards ?? []).map((h) => thing(h.name));
  const dodge = hazards.length ? ` and dodge ${andList(hazards)}` : '';
  return `So: you are ${hero}, you ${collectVerb(type)} ${things}${dodge} in ${KID_TYPE[type]}. Shall I build it?`;
}

/** Fills whatever the child has not chosen yet with the book's suggestions. */
function completed(design: GameDesign, ctx: Context): GameDesign {
  const hero = design.hero ?? ctx.hero;
  return {
    gameType: design.gameType ?? ctx.offered[0] ?? 'collector',
    hero,
    collectibles: design.collectibles?.length ? design.collectibles : [ctx.collect],
    hazards: design.hazards ?? [ctx.avoid(hero.name)],
    ...(ctx.setting ? { setting: ctx.setting } : {}),
  };
}

/** A change asked for in one breath ("I want to be the boy", "a maze instead"); null if none. */
function applyChange(message: string, design: GameDesign, ctx: Context): GameDesign | null {
  const n = normaliseText(message);
  if (/\b(?:be|play as|am)\b/.test(n)) return { ...design, hero: heroFrom(message, ctx) };
  if (/\b(?:avoid|dodge|stay away|escape|run from|watch out)\b/.test(n)) {
    const hazards = extractThings(message, 3);
    if (hazards.length) return { ...design, hazards: hazards.map((h) => toNamed(h, ctx, '🌩️')) };
  }
  if (/\b(?:collect|catch|get|grab|find|eat)\b/.test(n)) {
    const things = extractThings(message, 3);
    if (things.length) return { ...design, collectibles: things.map((t) => toNamed(t, ctx, '⭐')) };
  }
  const type = parseGameType(message, []);
  if (type && type !== design.gameType) return { ...design, gameType: type };
  return null;
}

/** Which question a "change something" answer points at. */
function changeTarget(message: string): DesignerStage | null {
  const n = normaliseText(message);
  if (/\b(?:hero|who|character|play as|player|me)\b/.test(n)) return 'hero';
  if (/\b(?:avoid|dodge|stay away|baddie|baddies|bad guy|bad guys|danger)\b/.test(n)) return 'avoid';
  if (/\b(?:collect|catch|get|find|things|treasure)\b/.test(n)) return 'collect';
  if (/\b(?:game|type|kind)\b/.test(n)) return 'type';
  return null;
}

function offerText(offered: GameType[]): string {
  return andList(
    offered.map((t) => `${KID_TYPE[t]} ${KID_TYPE_HINT[t]}`),
    'or',
  );
}

function ask(stage: DesignerStage, design: GameDesign, ctx: Context): string {
  const hero = design.hero?.name ?? ctx.hero.name;
  switch (stage) {
    case 'type':
      return `We could make ${offerText(ctx.offered)}. Which kind of game would you like?`;
    case 'hero':
      return `Who do you want to be in the game? Maybe ${ctx.hero.name === 'Hero' ? 'a brave hero' : withThe(ctx.hero.name)}.`;
    case 'collect':
      return `What should you ${collectVerb(design.gameType)}? Maybe ${thing(ctx.collect.name)}.`;
    case 'avoid':
      return `What should you stay away from? Maybe ${thing(ctx.avoid(hero).name)}.`;
    case 'confirm':
      return readBack(design);
    case 'change':
      return 'What should we change: the game, who you are, what you collect, or what you dodge?';
  }
}

export async function gameDesigner(state: SessionState, message: string | null): Promise<GameDesignerResult> {
  const saved = readDesigner(state.notes, isGameType);
  const offered = saved.offered.length ? saved.offered : offeredTypes(state, bookById(state.book?.catalogId));
  const ctx = contextOf(state, offered);
  const { confirmed: _confirmed, ...design }: GameDesign = state.design ?? {};

  const reply = (
    text: string,
    stage: DesignerStage,
    d: GameDesign,
    readyToBuild = false,
    editing = false,
  ): GameDesignerResult => {
    const notes: DesignerNotes = { stage, offered, ...(editing ? { editing } : {}) };
    return {
      reply: plain(text),
      design: d,
      ...(readyToBuild ? { readyToBuild: true } : {}),
      notes: withNotes(state.notes, 'designer', notes),
    };
  };

  if (message === null || !message.trim()) {
    // The greeting right after the discussion (or a repeat of the current question).
    if (saved.stage === 'type' || !state.design) {
      return reply(`Now let's make your game! ${ask('type', design, ctx)}`, 'type', design);
    }
    return reply(ask(saved.stage, design, ctx), saved.stage, design);
  }

  // Safety valve: enough talking, build the game with sensible choices.
  if (state.turnsInPhase >= MAX_DESIGN_TURNS) {
    const full = completed(design, ctx);
    return reply("Let's build it! I'm making your game now.", 'confirm', full, true);
  }

  switch (saved.stage) {
    case 'type': {
      const chosen = parseGameType(message, offered);
      const gameType = chosen ?? offered[0] ?? 'collector';
      // The type is named again in the read-back; here a short cheer keeps the next question clear.
      const lead = chosen ? 'Great pick!' : "Okay, I'll pick one for you!";
      const next = { ...design, gameType };
      if (saved.editing)
        return reply(`${lead} ${readBack(completed(next, ctx))}`, 'confirm', completed(next, ctx));
      return reply(`${lead} ${ask('hero', next, ctx)}`, 'hero', next);
    }
    case 'hero': {
      const hero = heroFrom(message, ctx);
      const next = { ...design, hero };
      if (saved.editing) return reply(readBack(completed(next, ctx)), 'confirm', completed(next, ctx));
      return reply(`You are ${withThe(hero.name)}! ${ask('collect', next, ctx)}`, 'collect', next);
    }
    case 'collect': {
      const collectibles = thingsFrom(message, ctx, ctx.collect, '⭐');
      const next = { ...design, collectibles };
      if (saved.editing) return reply(readBack(completed(next, ctx)), 'confirm', completed(next, ctx));
      const said = andList(collectibles.map((c) => thing(c.name)));
      return reply(`${capitalise(said)}, yes! ${ask('avoid', next, ctx)}`, 'avoid', next);
    }
    case 'avoid': {
      const suggestion = ctx.avoid(design.hero?.name);
      // No baddies is fine, except where dodging is the whole game.
      const needsHazard = design.gameType === 'avoider' || design.gameType === 'runner';
      const hazards = isNothing(message) && !needsHazard ? [] : thingsFrom(message, ctx, suggestion, '🌩️');
      const next = completed({ ...design, hazards }, ctx);
      return reply(readBack(next), 'confirm', next);
    }
    case 'confirm':
    case 'change': {
      const { answer, rest } = splitYesNo(message);
      // "I don't know" to "Shall I build it?" means: go on, build it.
      if (saved.stage === 'confirm' && ((answer === 'yes' && !rest) || isDontKnow(message))) {
        return reply("Hooray! I'm building your game now.", 'confirm', completed(design, ctx), true);
      }
      const changed = applyChange(rest || message, design, ctx);
      if (changed) return reply(readBack(completed(changed, ctx)), 'confirm', completed(changed, ctx));
      if (answer === 'yes') {
        return reply("Hooray! I'm building your game now.", 'confirm', completed(design, ctx), true);
      }
      const target = changeTarget(rest || message);
      if (target) return reply(`Okay! ${ask(target, design, ctx)}`, target, design, false, true);
      if (saved.stage === 'change' || isDontKnow(message)) {
        // Nothing to change after all: read it back once more.
        return reply(readBack(completed(design, ctx)), 'confirm', completed(design, ctx));
      }
      return reply(ask('change', design, ctx), 'change', design);
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
