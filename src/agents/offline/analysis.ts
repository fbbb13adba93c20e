import { type CatalogBook, heroOf, troublesOf } from '../../books/catalog.js';
import { emojiFor } from '../../games/emoji.js';
import { normaliseText } from '../../text/normalise.js';
import { type BookAnalysis, BookAnalysisSchema } from '../state.js';
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
 * first (they are what the game should be made of); the catalog fills the gaps.
 */

interface Named {
  name: string;
  emoji?: string;
}

const clip = (s: string, max: number) => Array.from(s.trim()).slice(0, max).join('').trim();

function addUnique(list: Named[], item: Named, max: number): void {
  const key = normaliseText(item.name).replace(/s$/, '');
  if (!key || list.length >= max) return;
  if (list.some((x) => normaliseText(x.name).replace(/s$/, '') === key)) return;
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
  const n = normaliseText(name);
  return names.find((x) => normaliseText(x.name) === n);
}

export function buildAnalysis(notes: AnalystNotes, catalog: CatalogBook | undefined): BookAnalysis {
  const { answers } = notes;
  const catalogPeople = catalog?.characters ?? [];
  const troubles = catalog ? troublesOf(catalog) : [];
  const characters: Named[] = [];
  const objects: Named[] = [];

  // The favourite character, in the catalog's spelling when it is a catalog character.
  let favourite: string | undefined;
  if (answered(answers.favourite)) {
    const name = extractNames(
      answers.favourite,
      catalogPeople.map((c) => c.name),
    )[0];
    if (name) favourite = clip(name, 40);
  }

  // Creatures and things the child mentioned anywhere in the talk (description included).
  const spoken = [notes.about, answers.happens, answers.things, answers.favourite].filter(answered);
  for (const text of spoken) {
    for (const p of nounPhrases(text)) {
      if (p.kind === 'creature') addUnique(characters, named(p.phrase), 8);
      else addUnique(objects, named(p.phrase), 8);
    }
  }
  if (answered(answers.things)) {
    for (const t of extractThings(answers.things, 3)) addUnique(objects, named(t), 8);
  }
  if (favourite) {
    const fromCatalog = catalogNamed(catalogPeople, favourite);
    characters.unshift({ name: favourite, emoji: fromCatalog?.emoji ?? emojiFor(favourite, '🙂') });
  }
  for (const c of catalogPeople) addUnique(characters, c, 8);
  for (const o of catalog?.storyObjects ?? []) addUnique(objects, o, 8);
  const dedupedCharacters: Named[] = [];
  for (const c of characters) addUnique(dedupedCharacters, c, 8);

  // The trouble: a catalog villain the child named, their own words, else the catalog's.
  let antagonist: Named | undefined;
  const trouble = answers.trouble;
  if (answered(trouble) && !isNothing(trouble)) {
    const villains = [...catalogPeople.filter((c) => c.role === 'villain'), ...troubles];
    // Only a real catalog villain counts as a name here; otherwise the child's own noun phrase
    // ("a grumpy cloud hides the moon" → "grumpy cloud"), not extractNames' loose fallback.
    const hit = extractNames(
      trouble,
      villains.map((v) => v.name),
    )[0];
    const name = hit && villains.some((v) => v.name === hit) ? hit : undefined;
    const phrase = name ?? nounPhrases(trouble)[0]?.phrase ?? extractThings(trouble, 1)[0];
    if (phrase) {
      const fromCatalog = catalogNamed(villains, phrase);
      antagonist = { name: clip(phrase, 40), emoji: fromCatalog?.emoji ?? emojiFor(phrase, '👾') };
    }
  }
  antagonist ??= troubles[0];

  const place = answered(answers.where) ? extractPlace(answers.where) : null;
  const setting = clip(place ?? catalog?.setting ?? 'a storybook world', 80);
  const themes = (catalog?.themes ?? ['adventure', 'friendship', 'imagination'])
    .slice(0, 6)
    .map((t) => clip(t, 40));

  if (dedupedCharacters.length === 0) {
    const hero = catalog ? heroOf(catalog) : undefined;
    dedupedCharacters.push(hero ? { name: hero.name, emoji: hero.emoji } : { name: 'Hero', emoji: '🙂' });
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
