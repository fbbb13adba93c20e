import type { GameType } from '../games/spec.js';
import { parseBooks, TRADITIONAL_AUTHOR } from './book-schema.js';
import { SHIPPED_KNOWLEDGE } from './knowledge-files.js';

/**
 * The book knowledge base: well-known children's books with facts written by us (no text copied
 * from the books), kept as JSON under ./data. The offline brain and title matching use it; the
 * vector index (retrieval.ts) is built from it.
 */

export type CharacterRole = 'hero' | 'friend' | 'villain';

export interface CatalogThing {
  name: string;
  emoji: string;
}

export interface CatalogCharacter extends CatalogThing {
  role: CharacterRole;
}

export interface CatalogPalette {
  sky: string;
  ground: string;
  accent: string;
}

export interface CatalogBook {
  /** Stable slug; stored as BookInfo.catalogId. */
  id: string;
  title: string;
  /** A person, or exactly "traditional tale" for fairy tales and fables: say it with bookByline. */
  author: string;
  /** Null for traditional tales, which have no single first edition. */
  year: number | null;
  /** One or two sentences in our own words: what happens. Searched when a child describes a book. */
  summary: string;
  /** Short names and common mis-hearings of the title, as a speech transcript might spell them. */
  aliases: readonly string[];
  characters: readonly CatalogCharacter[];
  setting: string;
  settingEmoji?: string;
  themes: readonly string[];
  storyObjects: readonly CatalogThing[];
  antagonist?: CatalogThing;
  /**
   * Things a game can ask the child to dodge when the story has no real villain (gentle books such
   * as Goodnight Moon): invented by us, kept mild.
   */
  obstacles?: readonly CatalogThing[];
  palette: CatalogPalette;
  /** Game types that fit the story, best first. */
  suggestedTypes: readonly GameType[];
}

/** Every book in the knowledge files, checked at start-up: a bad entry stops the process with its id. */
export const BOOKS: readonly CatalogBook[] = parseBooks(SHIPPED_KNOWLEDGE.books);

const BY_ID = new Map(BOOKS.map((b) => [b.id, b]));

export function bookById(id: string | undefined | null): CatalogBook | undefined {
  return id ? BY_ID.get(id) : undefined;
}

/** The character the child most likely plays as. */
export function heroOf(book: CatalogBook): CatalogCharacter | undefined {
  return book.characters.find((c) => c.role === 'hero') ?? book.characters[0];
}

/** What to dodge in a game: the villain, else our mild invented obstacles. */
export function troublesOf(book: CatalogBook): CatalogThing[] {
  return [...(book.antagonist ? [book.antagonist] : []), ...(book.obstacles ?? [])];
}

/** "by Julia Donaldson", or "a traditional tale": never "by traditional tale". */
export function bookByline(book: Pick<CatalogBook, 'author'>): string {
  return book.author === TRADITIONAL_AUTHOR ? 'a traditional tale' : `by ${book.author}`;
}
