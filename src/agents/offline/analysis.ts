import { type CatalogBook, heroOf, troublesOf } from '../../books/catalog.js';
import { emojiFor, isTroubleWord, kindOfWord } from '../../games/emoji.js';
import { cutGraphemes } from '../../text/graphemes.js';
import { normaliseText } from '../../text/normalise.js';
import { type BookAnalysis, BookAnalysisSchema } from '../state.js';
import { asNounPhrase, hasCharacterPronoun, isPlacePhrase } from './lexicon.js';
import type { AnalystNotes } from './notes.js';
import {
  extractNames,
  extractPlace,
  extractThings,
  isDontKnow,
  isNothing,
  nounPhrases,
} from './understand.js';

/**
 * The discussion's answers, merged with catalog facts into a BookAnalysis. The child's words come
 * first (they are what the game should be made of); the catalog fills the gaps. Every name is a
 * noun phrase (a pronoun is read as the book's hero), never a placeholder.
 */

interface Named {
  name: string;
  emoji?: string;
}

const clip = (s: string, max: number) => cutGraphemes(s.trim(), max).trim();

function keyOf(name: string): string {
  return normaliseText(name).replace(/s$/, '');
}

function addUnique(list: Named[], item: Named, max: number): void {
  const key = keyOf(item.name);
  if (!key || list.length >= max) return;
  if (list.some((x) => keyOf(x.name) === key)) return;
  list.push({ name: clip(item.name, 40), ...(item.emoji ? { emoji: item.emoji } : {}) });
}

const named = (name: string, catalogEmoji?: string): Named => ({
  name,
  emoji: catalogEmoji ?? emojiFor(name),
});

function answered(text: string | undefined): text is string {
  return typeof text === 'string' && text.trim().length > 0 && !isDontKnow(text);
}

/** The catalog's own entry for a name the child said, so "the gruffalo" keeps the Gruffalo's emoji. */
function catalogNamed(names: readonly Named[], name: string): Named | undefined {
  const n = keyOf(name);
  return names.find((x) => keyOf(x.name) === n);
}

/** A child's phrase that is a name, or a catalog name (always a name). */
function validName(phrase: string | undefined, catalogNames: readonly Named[]): string | undefined {
  if (!phrase) return undefined;
  const fromCatalog = catalogNamed(catalogNames, phrase);
  if (fromCatalog) return fromCatalog.name;
  return asNounPhrase(phrase, 4) ?? undefined;
}

export function buildAnalysis(notes: AnalystNotes, catalog: CatalogBook | undefined): BookAnalysis {
  const { answers } = notes;
  const catalogPeople = catalog?.characters ?? [];
  const troubles = catalog ? troublesOf(catalog) : [];
  const allCatalog: Named[] = [...catalogPeople, ...(catalog?.storyObjects ?? []), ...troubles];
  const characters: Named[] = [];
  const objects: Named[] = [];
  const hero = catalog ? heroOf(catalog) : undefined;

  const favourite = favouriteOf(notes, catalogPeople, allCatalog, hero, catalog);

  // Things: what the child named when asked about things first, then the book's own, then what
  // came up in the talk. A place ("the deep dark wood") or a trouble ("a big mess") is no prize.
  if (answered(answers.things)) {
    for (const t of extractThings(answers.things, 3)) {
      const fromCatalog = catalogNamed(allCatalog, t);
      if (kindOfWord(t.split(/\s+/).at(-1) ?? '') !== 'creature')
        addUnique(objects, named(t, fromCatalog?.emoji), 8);
    }
  }
  for (const o of catalog?.storyObjects ?? []) addUnique(objects, o, 8);
  const spoken = [notes.about, answers.happens, answers.things, answers.favourite, answers.best].filter(
    answered,
  );
  for (const text of spoken) {
    for (const p of nounPhrases(text)) {
      const fromCatalog = catalogNamed(allCatalog, p.phrase);
      if (p.kind === 'creature') addUnique(characters, named(p.phrase, fromCatalog?.emoji), 8);
      else if (fromCatalog || (!isPlacePhrase(p.phrase) && !isTroubleWord(p.phrase)))
        addUnique(objects, named(p.phrase, fromCatalog?.emoji), 8);
    }
  }
  if (favourite) {
    const fromCatalog = catalogNamed(catalogPeople, favourite);
    characters.unshift({ name: favourite, emoji: fromCatalog?.emoji ?? emojiFor(favourite, '🙂') });
  }
  for (const c of catalogPeople) addUnique(characters, c, 8);
  const dedupedCharacters: Named[] = [];
  for (const c of characters) addUnique(dedupedCharacters, c, 8);

  const antagonist = antagonistOf(answers.trouble, catalogPeople, troubles, allCatalog, [
    favourite,
    hero?.name,
  ]);

  const place = answered(answers.where) ? extractPlace(answers.where) : null;
  const setting = clip(place ?? catalog?.setting ?? 'a storybook world', 80);
  const themes = (catalog?.themes ?? ['adventure', 'friendship', 'imagination'])
    .slice(0, 6)
    .map((t) => clip(t, 40));

  if (dedupedCharacters.length === 0) {
    dedupedCharacters.push(hero ? { name: hero.name, emoji: hero.emoji } : { name: 'Hero', emoji: '🦸' });
  }
  if (objects.length === 0) objects.push({ name: 'Stars', emoji: '⭐' });

  return BookAnalysisSchema.parse({
    characters: dedupedCharacters,
    setting,
    themes,
    storyObjects: objects,
    ...(antagonist ? { antagonist: { name: clip(antagonist.name, 40), emoji: antagonist.emoji } } : {}),
    ...(favourite ? { favouriteCharacter: favourite } : {}),
  });
}

/**
 * The favourite character, in the catalog's spelling when it is a catalog character; "he" or
 * "her" is the book's hero (or the first creature in the child's description of their own book).
 */
function favouriteOf(
  notes: AnalystNotes,
  catalogPeople: readonly Named[],
  allCatalog: Named[],
  hero: Named | undefined,
  catalog: CatalogBook | undefined,
): string | undefined {
  const { answers } = notes;
  let favourite: string | undefined = notes.favourite ? validName(notes.favourite, allCatalog) : undefined;
  if (favourite || !answered(answers.favourite)) return favourite;
  const name = extractNames(
    answers.favourite,
    catalogPeople.map((c) => c.name),
  )[0];
  // A character, not a thing ("I like ice cream", "can I have a snack" name no one).
  const isPerson =
    name &&
    (catalogPeople.some((c) => c.name === name) || kindOfWord(name.split(/\s+/).at(-1) ?? '') !== 'thing');
  const isObject = name && (catalog?.storyObjects ?? []).some((o) => keyOf(o.name) === keyOf(name));
  favourite = isPerson && !isObject ? validName(name, allCatalog) : undefined;
  if (!favourite && hasCharacterPronoun(answers.favourite)) {
    favourite =
      hero?.name ??
      (notes.about ? nounPhrases(notes.about).find((p) => p.kind === 'creature')?.phrase : undefined);
  }
  return favourite ? clip(favourite, 40) : undefined;
}

/**
 * The trouble: a catalog villain the child named, their own words, else the catalog's. Never the
 * character the child plays or loves ("Wilbur might be eaten" is about Wilbur, not a baddie).
 */
function antagonistOf(
  trouble: string | undefined,
  catalogPeople: readonly (Named & { role?: string })[],
  troubles: readonly Named[],
  allCatalog: Named[],
  friends: Array<string | undefined>,
): Named | undefined {
  if (!answered(trouble) || isNothing(trouble)) return troubles[0];
  const villains = [...catalogPeople.filter((c) => c.role === 'villain'), ...troubles];
  const hit = extractNames(
    trouble,
    villains.map((v) => v.name),
  )[0];
  const name = hit && villains.some((v) => v.name === hit) ? hit : undefined;
  const friendly = new Set(friends.filter(Boolean).map((n) => keyOf(n as string)));
  const candidates = [
    name,
    ...nounPhrases(trouble).map((p) => p.phrase),
    ...extractThings(trouble, 2),
  ].filter((p): p is string => Boolean(p) && !friendly.has(keyOf(p as string)));
  const phrase = candidates.map((c) => validName(c, allCatalog)).find(Boolean);
  if (!phrase) return troubles[0];
  const fromCatalog = catalogNamed(villains, phrase);
  return { name: clip(phrase, 40), emoji: fromCatalog?.emoji ?? emojiFor(phrase, '👾') };
}
