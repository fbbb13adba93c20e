import { describe, expect, it } from 'vitest';
import { stateSummary } from '../../src/agents/model/prompts.js';
import { initialState } from '../../src/agents/state.js';
import { bookById } from '../../src/books/catalog.js';

/**
 * The model brain's Story Analyst sees our retrieval too: a book the child described (not named)
 * is suggested in its prompt, so it can ask "Is that …?"; a confirmed book's facts carry its colours.
 */
describe('retrieval in the model prompt', () => {
  it('suggests the book a child described', () => {
    const summary = stateSummary(
      initialState(),
      'a caterpillar eats lots of food and turns into a butterfly',
    );
    expect(summary).toMatch(/Our book shelf suggests: "The Very Hungry Caterpillar" by Eric Carle/);
  });

  it('still suggests a misspelt title, and nothing for words that are no book', () => {
    expect(stateSummary(initialState(), 'the grufalo')).toMatch(/Our book shelf suggests: "The Gruffalo"/);
    expect(stateSummary(initialState(), 'hello')).not.toMatch(/book shelf suggests/);
  });

  it("gives a known book's facts with its colours", () => {
    const book = bookById('the-gruffalo');
    if (!book) throw new Error('the gruffalo is in the catalogue');
    const state = {
      ...initialState(),
      book: { title: book.title, author: book.author, catalogId: book.id },
      bookConfirmed: true,
    };
    const summary = stateSummary(state, null);
    expect(summary).toContain(`sky ${book.palette.sky}`);
    expect(summary).toContain(book.antagonist?.emoji ?? '');
  });
});
