import type { GameTemplate } from './book-schema.js';
import type { CatalogBook } from './catalog.js';

/**
 * The text each knowledge row is embedded from. Facts a child might mention (who is in it, where,
 * what things, what goes wrong) sit beside our summary, so "the pig with the brick house" meets
 * the book's characters and objects as well as its plot.
 */

/** Changes whenever the recipe below changes, so the index hash changes with it. */
export const DOCUMENT_RECIPE = 'book-doc-v1';

export function bookDocument(book: CatalogBook): string {
  const things = [
    ...book.storyObjects,
    ...(book.antagonist ? [book.antagonist] : []),
    ...(book.obstacles ?? []),
  ];
  return [
    `${book.title}.`,
    book.summary,
    `Characters: ${book.characters.map((c) => c.name).join(', ')}.`,
    `Setting: ${book.setting}.`,
    `Themes: ${book.themes.join(', ')}.`,
    `Things: ${things.map((t) => t.name).join(', ')}.`,
  ].join(' ');
}

export function templateDocument(template: GameTemplate): string {
  return [
    `${template.name}: ${template.description}`,
    `Good for ${template.bestFor.join(', ')}.`,
    `Mechanics: ${template.mechanics.join(', ')}.`,
    template.childReason,
  ].join(' ');
}

/** What a book is like, for choosing a game type: a catalogue book or one a child described. */
export interface BookTraits {
  id?: string;
  title?: string;
  summary?: string;
  themes?: readonly string[];
  setting?: string;
  suggestedTypes?: readonly string[];
}

export function traitsDocument(book: BookTraits): string {
  return [book.title, book.summary, book.setting, ...(book.themes ?? [])].filter(Boolean).join('. ');
}
