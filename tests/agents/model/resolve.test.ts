import { describe, expect, it } from 'vitest';
import { resolveDesignTurn, resolveStoryTurn } from '../../../src/agents/model/resolve.js';
import { fitTo, readDesignFields, readStoryFields, strictSchema } from '../../../src/agents/model/tools.js';
import { BookAnalysisSchema, initialState, type SessionState } from '../../../src/agents/state.js';

/** The rules that settle what a model recorded: contradictions, the child's yes or no, what is missing. */

const gruffalo = { title: 'The Gruffalo', author: 'Julia Donaldson' };
const pending: SessionState = { ...initialState(), book: gruffalo };
const confirmed: SessionState = { ...pending, bookConfirmed: true, phase: 'discussing' };
const analysis = {
  characters: [{ name: 'mouse' }],
  setting: 'the deep dark wood',
  themes: [],
  storyObjects: [],
};

describe('the Story Analyst’s fields', () => {
  it('takes a consistent turn as it is', () => {
    expect(
      resolveStoryTurn({ book: { title: 'Dragons Love Tacos' } }, initialState(), 'dragons love tacos'),
    ).toEqual({
      fields: { book: { title: 'Dragons Love Tacos' }, bookConfirmed: false },
      fixes: [],
    });
    expect(resolveStoryTurn({ bookConfirmed: true }, pending, 'yes!').fields).toEqual({
      bookConfirmed: true,
    });
  });

  it('lets the child’s no win over bookConfirmed, and the child’s yes over clearBook', () => {
    expect(resolveStoryTurn({ bookConfirmed: true }, pending, 'no, not that one')).toEqual({
      fields: { book: null },
      fixes: ['no_wins'],
    });
    expect(resolveStoryTurn({ clearBook: true }, pending, 'yes').fields).toEqual({ bookConfirmed: true });
  });

  it('settles clearBook and bookConfirmed sent together by the child’s answer, or drops both', () => {
    expect(resolveStoryTurn({ clearBook: true, bookConfirmed: true }, pending, 'yes').fields).toEqual({
      bookConfirmed: true,
    });
    expect(resolveStoryTurn({ clearBook: true, bookConfirmed: true }, pending, 'nope').fields).toEqual({
      book: null,
    });
    expect(resolveStoryTurn({ clearBook: true, bookConfirmed: true }, pending, 'the mouse').fields).toEqual(
      {},
    );
    // With a new book, it is a correction: the new book replaces the old one.
    const corrected = resolveStoryTurn(
      { clearBook: true, bookConfirmed: true, book: { title: 'Room on the Broom' } },
      pending,
      "no it's room on the broom",
    );
    expect(corrected.fields).toEqual({ book: { title: 'Room on the Broom' }, bookConfirmed: true });
  });

  it('derives the confirmation from a clear yes or no when the model recorded nothing (text only)', () => {
    expect(resolveStoryTurn({}, pending, 'yes').fields).toEqual({ bookConfirmed: true });
    expect(resolveStoryTurn({}, pending, 'no').fields).toEqual({ book: null });
    expect(resolveStoryTurn({}, pending, 'a mouse in a wood').fields).toEqual({});
    expect(resolveStoryTurn({}, initialState(), 'yes').fields).toEqual({});
  });

  it('never un-confirms a confirmed book without the child’s no; a book sent again is no news', () => {
    expect(resolveStoryTurn({ clearBook: true }, confirmed, 'the mouse').fields).toEqual({});
    expect(resolveStoryTurn({ bookConfirmed: false }, confirmed, 'the mouse').fields).toEqual({});
    expect(resolveStoryTurn({ book: { title: 'the gruffalo' } }, confirmed, 'the mouse').fields).toEqual({});
    expect(resolveStoryTurn({ book: { title: 'Zog' } }, confirmed, 'zog').fields).toEqual({
      book: { title: 'Zog' },
      bookConfirmed: false,
    });
  });

  it('drops a confirmation with no book, and an analysis before the book is confirmed or with nobody in it', () => {
    expect(resolveStoryTurn({ bookConfirmed: true }, initialState(), 'yes').fixes).toContain(
      'confirm_without_book',
    );
    expect(resolveStoryTurn({ analysis }, pending, 'a mouse').fields).toEqual({});
    expect(resolveStoryTurn({ analysis: { ...analysis, characters: [] } }, confirmed, 'x').fields).toEqual(
      {},
    );
    expect(resolveStoryTurn({ analysis }, confirmed, 'the gruffalo').fields).toEqual({ analysis });
    // Confirmed and analysed in the same turn: the analysis stands.
    expect(resolveStoryTurn({ bookConfirmed: true, analysis }, pending, 'yes').fields.analysis).toEqual(
      analysis,
    );
  });
});

describe('the Game Designer’s fields', () => {
  const designing: SessionState = { ...confirmed, phase: 'designing', analysis };
  const complete = {
    gameType: 'maze' as const,
    hero: { name: 'mouse' },
    collectibles: [{ name: 'nuts' }],
    hazards: [{ name: 'the gruffalo' }],
  };
  const readBack: SessionState = {
    ...designing,
    design: complete,
    recent: [
      {
        role: 'game_designer',
        text: 'A maze where the mouse collects nuts and avoids the gruffalo. Shall I build it?',
      },
    ],
  };

  it('maps a game type said in words onto the list, and drops one that is not a game type', () => {
    expect(resolveDesignTurn({ gameType: 'jumping game' }, designing, 'jumping').fields.design).toEqual({
      gameType: 'platformer',
    });
    expect(resolveDesignTurn({ gameType: 'Maze' }, designing, 'maze').fields.design).toEqual({
      gameType: 'maze',
    });
    const odd = resolveDesignTurn({ gameType: 'chess' }, designing, 'chess');
    expect(odd.fields).toEqual({});
    expect(odd.fixes).toEqual(['game_type_dropped']);
  });

  it('never builds after a no, without a game type, or on a change not yet read back', () => {
    expect(resolveDesignTurn({ readyToBuild: true }, readBack, 'no wait').fields).toEqual({});
    expect(resolveDesignTurn({ readyToBuild: true }, designing, 'yes').fixes).toEqual(['ready_without_type']);
    const changed = resolveDesignTurn(
      { design: { hero: { name: 'owl' } }, readyToBuild: true },
      readBack,
      'make the owl the hero',
    );
    expect(changed.fields).toEqual({ design: { hero: { name: 'owl' } } });
    expect(changed.fixes).toEqual(['ready_after_change']);
    // "Yes, and ..." is a yes.
    expect(
      resolveDesignTurn(
        { design: { hero: { name: 'owl' } }, readyToBuild: true },
        readBack,
        'yes and the owl',
      ).fields.readyToBuild,
    ).toBe(true);
  });

  it('builds on a yes to the read-back, also when the model re-sends the design or records nothing', () => {
    expect(
      resolveDesignTurn({ design: complete, readyToBuild: true }, readBack, 'yes!').fields.readyToBuild,
    ).toBe(true);
    const derived = resolveDesignTurn({}, readBack, 'yes');
    expect(derived.fields).toEqual({ readyToBuild: true });
    expect(derived.fixes).toEqual(['derived_ready']);
    // A yes to something else (the design is not complete) derives nothing.
    expect(resolveDesignTurn({}, { ...readBack, design: { gameType: 'maze' } }, 'yes').fields).toEqual({});
  });
});

describe('reading fields leniently', () => {
  it('keeps the valid fields, names the dropped ones, accepts strings for names and booleans', () => {
    const story = readStoryFields({
      book: 'The Gruffalo',
      bookConfirmed: 'true',
      analysis: 42,
      clearBook: 'maybe',
    });
    expect(story.fields).toEqual({ book: { title: 'The Gruffalo' }, bookConfirmed: true });
    expect(story.dropped).toEqual(['clearBook', 'analysis']);
    const design = readDesignFields({
      design: { gameType: 'catching game', hero: 'little dragon', collectibles: 'tacos', confirmed: 'true' },
    });
    expect(design.fields).toEqual({
      gameType: 'catching game',
      design: { hero: { name: 'little dragon' }, collectibles: [{ name: 'tacos' }] },
      readyToBuild: true,
    });
  });

  it('fits text that is merely too long, cutting between graphemes', () => {
    const long = '🐉'.repeat(90);
    const fitted = fitTo(BookAnalysisSchema, {
      ...analysis,
      setting: long,
      favouriteCharacter: `x${'👩‍👩‍👧'.repeat(10)}`,
    });
    expect(fitted?.setting).toMatch(/^(🐉)+$/u);
    expect(fitted?.setting.length).toBeLessThanOrEqual(80);
    expect(fitted?.favouriteCharacter?.length).toBeLessThanOrEqual(40);
    expect(fitted?.favouriteCharacter).toMatch(/^x(👩‍👩‍👧)+$/u);
    expect(fitTo(BookAnalysisSchema, { setting: 'x' })).toBeUndefined();
  });

  it('writes the strict form of a schema: objects closed, unenforceable limits left to zod', () => {
    const s = strictSchema({
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 40 },
        list: { type: 'array', minItems: 2, items: {} },
      },
    }) as { additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.name).toEqual({ type: 'string' });
    expect(s.properties.list).toEqual({ type: 'array', items: {} });
  });
});
