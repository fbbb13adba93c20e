import { describe, expect, it } from 'vitest';
import { BOOKS, bookById, heroOf, troublesOf } from '../../src/books/catalog.js';
import { GAME_TYPES } from '../../src/games/spec.js';

describe('book catalog', () => {
  it('holds at least 45 well-known books with unique ids', () => {
    expect(BOOKS.length).toBeGreaterThanOrEqual(45);
    expect(new Set(BOOKS.map((b) => b.id)).size).toBe(BOOKS.length);
    expect(new Set(BOOKS.map((b) => b.title)).size).toBe(BOOKS.length);
  });

  it.each(BOOKS.map((b) => [b.id, b] as const))('%s has complete, game-ready facts', (_id, book) => {
    expect(book.title.length).toBeGreaterThan(0);
    expect(book.author.length).toBeGreaterThan(0);
    expect(book.year).toBeGreaterThan(1600);
    expect(book.year).toBeLessThanOrEqual(new Date().getFullYear());
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
