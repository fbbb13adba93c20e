import { describe, expect, it } from 'vitest';
import { BookSchema, isEmoji, parseBooks, parseTemplates } from '../../src/books/book-schema.js';
import { BOOKS } from '../../src/books/catalog.js';
import { SHIPPED_KNOWLEDGE } from '../../src/books/knowledge-files.js';
import { TEMPLATES } from '../../src/books/templates.js';
import { GAME_TYPES } from '../../src/games/spec.js';

const entries = Object.entries(SHIPPED_KNOWLEDGE.books).flatMap(([file, data]) =>
  (data as { id: string }[]).map((entry) => [`${file}: ${entry.id}`, entry] as const),
);

describe('book knowledge files', () => {
  it('hold at least 250 books in files small enough to edit', () => {
    expect(entries.length).toBeGreaterThanOrEqual(250);
    for (const data of Object.values(SHIPPED_KNOWLEDGE.books))
      expect((data as unknown[]).length).toBeLessThanOrEqual(70);
  });

  it.each(entries)('%s matches the schema', (_where, entry) => {
    const parsed = BookSchema.safeParse(entry);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('has unique ids and titles across all files', () => {
    const ids = entries.map(([, e]) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const titles = entries.map(([, e]) => (e as unknown as { title: string }).title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('uses real emoji everywhere', () => {
    for (const book of BOOKS) {
      const emoji = [
        ...book.characters,
        ...book.storyObjects,
        ...(book.antagonist ? [book.antagonist] : []),
        ...(book.obstacles ?? []),
      ].map((t) => t.emoji);
      if (book.settingEmoji) emoji.push(book.settingEmoji);
      for (const e of emoji) expect([book.id, e, isEmoji(e)]).toEqual([book.id, e, true]);
    }
  });

  it('tells an emoji from text, two emoji or a bare symbol', () => {
    for (const ok of ['🐉', '🌶️', '👨‍🌾', '🐻‍❄️', '👨🏾', '🇮🇹']) expect([ok, isEmoji(ok)]).toEqual([ok, true]);
    for (const bad of ['', 'a', '🐉🐉', ':)', '#', '1', 'dragon 🐉'])
      expect([bad, isEmoji(bad)]).toEqual([bad, false]);
  });

  it('stops at a bad entry and names it', () => {
    const good = BOOKS[0];
    const broken = { ...good, id: 'broken-book', suggestedTypes: ['platformer', 'flying'] };
    expect(() => parseBooks({ 'x.json': [good, broken] })).toThrow(/x\.json: "broken-book".*suggestedTypes/);
    expect(() =>
      parseBooks({ 'x.json': [{ ...good, id: 'no-trouble', antagonist: undefined, obstacles: undefined }] }),
    ).toThrow(/"no-trouble".*dodge/);
    expect(() => parseBooks({ 'x.json': [{ ...good, id: 'bad-emoji', settingEmoji: 'taco' }] })).toThrow(
      /"bad-emoji".*settingEmoji/,
    );
    expect(() => parseBooks({ 'x.json': [good], 'y.json': [good] })).toThrow(/repeats an id/);
    expect(() => parseBooks({ 'x.json': [{ ...good, id: 'no-year', year: null }] })).toThrow(/"no-year"/);
  });
});

describe('game template knowledge', () => {
  it('describes every game type once, with examples from the catalogue', () => {
    expect(TEMPLATES.map((t) => t.type).sort()).toEqual([...GAME_TYPES].sort());
    for (const t of TEMPLATES) {
      expect(t.childReason.length).toBeLessThanOrEqual(80);
      expect(t.bestFor.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('rejects a template that names an unknown book or misses a type', () => {
    const ids = new Set(BOOKS.map((b) => b.id));
    const templates = (SHIPPED_KNOWLEDGE.templates as { templates: { examples: string[] }[] }).templates;
    expect(() =>
      parseTemplates(
        { templates: templates.map((t, i) => (i ? t : { ...t, examples: ['no-such-book', 'zog'] })) },
        ids,
      ),
    ).toThrow(/unknown books: no-such-book/);
    expect(() => parseTemplates({ templates: templates.slice(1) }, ids)).toThrow(/no template for/);
  });
});
