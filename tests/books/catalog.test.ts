import { describe, expect, it } from 'vitest';
import { TRADITIONAL_AUTHOR } from '../../src/books/book-schema.js';
import { BOOKS, bookById, bookByline, heroOf, troublesOf } from '../../src/books/catalog.js';
import { GAME_TYPES } from '../../src/games/spec.js';

describe('book catalog', () => {
  it('holds at least 250 well-known books with unique ids and titles', () => {
    expect(BOOKS.length).toBeGreaterThanOrEqual(250);
    expect(new Set(BOOKS.map((b) => b.id)).size).toBe(BOOKS.length);
    expect(new Set(BOOKS.map((b) => b.title)).size).toBe(BOOKS.length);
  });

  it('keeps the ids the offline brain and stored sessions already use', () => {
    for (const id of [
      'dragons-love-tacos',
      'very-hungry-caterpillar',
      'the-gruffalo',
      'goldilocks-and-the-three-bears',
      'the-three-little-pigs',
      'cloudy-with-a-chance-of-meatballs',
    ])
      expect(bookById(id)?.id).toBe(id);
  });

  it.each(BOOKS.map((b) => [b.id, b] as const))('%s has complete, game-ready facts', (_id, book) => {
    expect(book.title.length).toBeGreaterThan(0);
    expect(book.author.length).toBeGreaterThan(0);
    if (book.author === TRADITIONAL_AUTHOR) expect(book.year).toBeNull();
    else {
      expect(book.year).toBeGreaterThan(1600);
      expect(book.year).toBeLessThanOrEqual(new Date().getFullYear());
    }
    expect(book.summary.length).toBeGreaterThanOrEqual(40);
    expect(heroOf(book)).toBeDefined();
    expect(book.storyObjects.length).toBeGreaterThan(0);
    // Every book can offer something to dodge.
    expect(troublesOf(book).length).toBeGreaterThan(0);
    for (const c of [...book.characters, ...book.storyObjects, ...troublesOf(book)]) {
      expect(c.name.length).toBeLessThanOrEqual(40);
      expect(c.emoji.length).toBeGreaterThan(0);
      expect(c.emoji.length).toBeLessThanOrEqual(16);
    }
    for (const colour of Object.values(book.palette)) expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    expect(book.suggestedTypes.length).toBeGreaterThanOrEqual(2);
    for (const t of book.suggestedTypes) expect(GAME_TYPES).toContain(t);
    expect(book.setting.length).toBeLessThanOrEqual(80);
    expect(book.themes.length).toBeLessThanOrEqual(6);
  });

  it('finds books by id', () => {
    expect(bookById('dragons-love-tacos')?.author).toBe('Adam Rubin');
    expect(bookById('nope')).toBeUndefined();
    expect(bookById(undefined)).toBeUndefined();
  });
});

describe('bookByline', () => {
  it('names the author, or says a traditional tale', () => {
    expect(bookByline(bookById('the-gruffalo') as never)).toBe('by Julia Donaldson');
    expect(bookByline(bookById('cinderella') as never)).toBe('a traditional tale');
    expect(bookByline(bookById('the-three-little-pigs') as never)).toBe('a traditional tale');
  });

  it('never says "by Traditional" for any book', () => {
    for (const book of BOOKS) {
      const byline = bookByline(book);
      expect(byline).not.toMatch(/by traditional/i);
      expect(byline === 'a traditional tale' || byline === `by ${book.author}`).toBe(true);
    }
    expect(BOOKS.filter((b) => b.author === TRADITIONAL_AUTHOR).length).toBeGreaterThanOrEqual(30);
  });
});
