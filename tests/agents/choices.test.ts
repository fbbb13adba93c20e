import { describe, expect, it } from 'vitest';
import { TYPE_CARDS } from '../../src/agents/choice-words.js';
import { CHIP_LABEL_MAX, type Chip, chipsFor, MAX_CHIPS } from '../../src/agents/choices.js';
import { buildAgentGraph, runTurn } from '../../src/agents/graph.js';
import { changeTarget } from '../../src/agents/offline/design-words.js';
import { createOfflineBrain, parseGameType, parseYesNo } from '../../src/agents/offline/index.js';
import { type Asked, initialState, type SessionState } from '../../src/agents/state.js';
import { bookById } from '../../src/books/catalog.js';
import { findBook } from '../../src/books/match.js';
import { GAME_TYPES, type GameType } from '../../src/games/spec.js';
import { graphemeCount } from '../../src/text/graphemes.js';
import { isStorableText } from '../../src/text/well-formed.js';

/**
 * The chips after a turn (src/agents/choices.ts): the right kind for the question that is open,
 * drawn from the book, within bounds, and every `say` understood by the offline brain (the real
 * graph is driven by taps alone, from each starter book to a game).
 */

const GRUFFALO = { title: 'The Gruffalo', author: 'Julia Donaldson', catalogId: 'the-gruffalo' };

function state(over: Partial<SessionState>): SessionState {
  return { ...initialState(), ...over };
}

// The question the offline designer asks at each of its stages (absent: a brain that did not say).
const ASKED_AT: Record<string, Asked> = { confirm: 'read-back' };
const stageOf = (notes: Record<string, unknown>) => (notes.designer as { stage?: string } | undefined)?.stage;

const designing = (notes: Record<string, unknown>, design: SessionState['design'] = {}) =>
  state({
    asked: ((s) => (s ? (ASKED_AT[s] ?? (s as Asked)) : undefined))(stageOf(notes)),
    phase: 'designing',
    book: GRUFFALO,
    bookConfirmed: true,
    analysis: { characters: [], setting: 'the deep dark wood', themes: [], storyObjects: [] },
    design,
    notes,
  });

const kinds = (chips: Chip[]) => chips.map((c) => c.kind);
const labels = (chips: Chip[]) => chips.map((c) => c.label);

describe('chips for the open question', () => {
  it('offers well-known books as picture cards, and a way on, for the first question', () => {
    const chips = chipsFor(initialState());
    expect(kinds(chips)).toEqual(['book', 'book', 'book', 'book', 'way-on']);
    for (const c of chips.filter((c) => c.kind === 'book')) {
      // The card's words are the title, and saying them finds that very book.
      expect(findBook(c.say)?.book.title).toBe(c.say);
    }
    expect(chips.at(-1)?.say).toBe('make the game now');
  });

  it('never offers a book the child said no to', () => {
    const chips = chipsFor(state({ notes: { analyst: { stage: 'title', rejected: ['the-gruffalo'] } } }));
    expect(labels(chips)).not.toContain('The Gruffalo');
    expect(kinds(chips)).toContain('book');
  });

  it('asks yes or no for a candidate book, whichever brain offered it', () => {
    for (const asked of ['confirm', undefined] as const) {
      const chips = chipsFor(state({ book: GRUFFALO, asked }));
      expect(kinds(chips)).toEqual(['yes', 'no']);
      expect(chips.map((c) => parseYesNo(c.say))).toEqual(['yes', 'no']);
    }
  });

  it('answers a discussion question from the book, with a way on for questions it cannot answer', () => {
    const at = (asked: Asked | undefined) =>
      state({ phase: 'discussing', book: GRUFFALO, bookConfirmed: true, asked });
    const favourite = chipsFor(at('favourite'));
    expect(labels(favourite).slice(0, 2)).toEqual(['Mouse', 'Gruffalo']);
    expect(kinds(favourite).slice(-2)).toEqual(['way-on', 'way-on']);
    const where = chipsFor(at('where'));
    expect(where[0]).toMatchObject({ kind: 'answer', say: 'in the deep dark wood' });
    expect(kinds(chipsFor(at('happens')))).toEqual(['way-on', 'way-on']);
    // No brain said which question is open (an older state): only the ways on.
    expect(kinds(chipsFor(at(undefined)))).toEqual(['way-on', 'way-on']);
  });

  it('shows the offered game types as picture cards, best first, and each is understood', () => {
    const offered: GameType[] = ['runner', 'catcher', 'maze'];
    const chips = chipsFor(
      designing({ offeredTypes: offered, designer: { stage: 'type', offered: ['collector'] } }),
    );
    expect(kinds(chips)).toEqual(['type', 'type', 'type', 'way-on']);
    expect(chips.slice(0, 3).map((c) => parseGameType(c.say))).toEqual(offered);
    expect(chips[0]).toMatchObject({ emoji: '🏃', label: 'Running game' });
    // Without offeredTypes: what the designer noted, else the book's suggestions, else every type.
    const noted = chipsFor(designing({ designer: { stage: 'type', offered: ['platformer'] } }));
    expect(noted.map((c) => c.say)[0]).toBe('a jumping game');
    const book = bookById('the-gruffalo')?.suggestedTypes.slice(0, 3) ?? [];
    expect(
      chipsFor(designing({}))
        .slice(0, 3)
        .map((c) => parseGameType(c.say)),
    ).toEqual(book);
    const unknown = { ...designing({}), book: { title: 'Our Story' } };
    expect(chipsFor(unknown).filter((c) => c.kind === 'type')).toHaveLength(3);
  });

  it('offers the other types after a no to the first offer', () => {
    const chips = chipsFor(
      designing({ designer: { stage: 'type', offered: ['maze', 'avoider', 'collector'], refusals: 1 } }),
    );
    expect(chips.filter((c) => c.kind === 'type').map((c) => parseGameType(c.say))).toEqual([
      'platformer',
      'runner',
      'catcher',
    ]);
  });

  it('every game type has a picture card that names it', () => {
    for (const t of GAME_TYPES) {
      expect(parseGameType(TYPE_CARDS[t].say)).toBe(t);
      expect(graphemeCount(TYPE_CARDS[t].emoji)).toBe(1);
    }
  });

  it('suggests hero, things to collect and things to dodge from the book', () => {
    const hero = chipsFor(designing({ designer: { stage: 'hero', offered: [] } }, { gameType: 'maze' }));
    expect(kinds(hero)).toEqual(['hero', 'hero', 'hero', 'way-on']);
    expect(hero[0]).toMatchObject({ label: 'Mouse', emoji: '🐭', say: 'I want to be the Mouse' });
    const collect = chipsFor(
      designing({ designer: { stage: 'collect', offered: [] } }, { gameType: 'maze' }),
    );
    expect(collect[0]).toMatchObject({ kind: 'collect', label: 'Nuts', say: 'collect nuts' });
    const avoid = chipsFor(
      designing(
        { designer: { stage: 'avoid', offered: [] } },
        { gameType: 'maze', hero: { name: 'Gruffalo' }, collectibles: [{ name: 'Nuts' }] },
      ),
    );
    expect(
      kinds(avoid)
        .slice(0, -1)
        .every((k) => k === 'avoid'),
    ).toBe(true);
    // Never dodge yourself.
    expect(labels(avoid)).not.toContain('Gruffalo');
  });

  it('asks yes or change at the read-back, then which part to change, then be it or dodge it', () => {
    const readBack = chipsFor(designing({ designer: { stage: 'confirm', offered: [] } }));
    expect(kinds(readBack)).toEqual(['yes', 'no']);
    const change = chipsFor(designing({ designer: { stage: 'change', offered: [] } }));
    expect(change.map((c) => changeTarget(c.say))).toEqual(['type', 'hero', 'collect', 'avoid']);
    const place = chipsFor(designing({ designer: { stage: 'place', offered: [], pending: 'Owl' } }));
    expect(place).toMatchObject([
      { kind: 'hero', emoji: '🦉', say: 'I want to be the Owl' },
      { kind: 'avoid', say: 'dodge the Owl' },
    ]);
  });

  it('follows the design fields when no brain said which question is open', () => {
    const open = (design: SessionState['design']) => kinds(chipsFor(designing({}, design)));
    expect(open({})[0]).toBe('type');
    expect(open({ gameType: 'maze' })[0]).toBe('hero');
    expect(open({ gameType: 'maze', hero: { name: 'Mouse' } })[0]).toBe('collect');
    expect(open({ gameType: 'maze', hero: { name: 'Mouse' }, collectibles: [{ name: 'Nuts' }] })[0]).toBe(
      'avoid',
    );
    expect(
      open({ gameType: 'maze', hero: { name: 'Mouse' }, collectibles: [{ name: 'Nuts' }], hazards: [] }),
    ).toEqual(['yes', 'no']);
    // Old notes say "type", but this turn's brain did not say: the design says the hero is open.
    const stale = { ...designing({ designer: { stage: 'type' } }, { gameType: 'maze' }), asked: undefined };
    expect(kinds(chipsFor(stale))[0]).toBe('hero');
    // What the brain said it asked wins over both.
    expect(kinds(chipsFor({ ...stale, asked: 'avoid' }))[0]).toBe('avoid');
  });

  it('offers nothing while the game is built or played', () => {
    expect(chipsFor(state({ phase: 'generating' }))).toEqual([]);
    expect(chipsFor(state({ phase: 'complete' }))).toEqual([]);
  });

  it('keeps labels short and whole, whatever the names', () => {
    const long = '👩‍👩‍👧‍👦'.repeat(20);
    const s = designing({ designer: { stage: 'hero', offered: [] } });
    s.book = { title: 'Our Story' };
    s.analysis = {
      characters: [
        { name: `Princess ${long}`, emoji: '👸🏽' },
        { name: 'Zoë Ünïcörn the Magnificent of the Very Long Name Mountains' },
      ],
      setting: 'x',
      themes: [],
      storyObjects: [],
    };
    const chips = chipsFor(s);
    expect(chips.length).toBeLessThanOrEqual(MAX_CHIPS);
    for (const c of chips) {
      expect(graphemeCount(c.label)).toBeLessThanOrEqual(CHIP_LABEL_MAX);
      expect(graphemeCount(c.emoji)).toBe(1);
      for (const text of [c.label, c.emoji, c.say]) expect(isStorableText(text)).toBe(true);
    }
    expect(chips[0]?.emoji).toBe('👸🏽');
    // One grapheme can be endless (combining marks): the contract's bounds hold all the same.
    s.analysis.characters = [{ name: `Z${'\u0301'.repeat(39)}` }, { name: ' ' }, { name: 'Owl' }];
    s.notes = { designer: { stage: 'place', pending: `Z${'\u0301'.repeat(600)}` } };
    s.asked = 'place';
    for (const c of [...chipsFor(s), ...chipsFor({ ...s, asked: 'hero' })]) {
      expect(c.label.length).toBeLessThanOrEqual(200);
      expect(c.say.length).toBeLessThanOrEqual(500);
      expect(c.label.trim()).not.toBe('');
    }
  });
});

describe('a child who only taps', () => {
  const graph = buildAgentGraph(createOfflineBrain());

  /** Taps the chip `pick` chooses after every reply, from the first question to a game. */
  async function tapThrough(pick: (chips: Chip[], s: SessionState) => Chip | undefined) {
    let s = initialState();
    let chips = chipsFor(s);
    const seen = new Set<string>();
    for (let taps = 0; s.phase !== 'complete'; taps++) {
      expect(taps, 'a game within 20 taps').toBeLessThan(20);
      for (const c of chips) seen.add(c.kind);
      const c = pick(chips, s) ?? chips[0];
      if (!c) throw new Error(`no chips in ${s.phase}`);
      // Through JSON, as the store keeps it.
      s = JSON.parse(JSON.stringify((await runTurn(graph, s, c.say)).session)) as SessionState;
      chips = chipsFor(s);
    }
    return { state: s, seen };
  }

  const first = (kind: string) => (chips: Chip[]) => chips.find((c) => c.kind === kind);

  it.each(['very-hungry-caterpillar', 'the-gruffalo', 'where-the-wild-things-are', 'the-three-little-pigs'])(
    'reaches a game for %s, having picked each part by its chip',
    async (id) => {
      const book = bookById(id);
      const { state: end, seen } = await tapThrough(
        (chips) =>
          chips.find((c) => c.kind === 'book' && c.say === book?.title) ??
          first('yes')(chips) ??
          first('type')(chips) ??
          first('hero')(chips) ??
          first('collect')(chips) ??
          first('avoid')(chips) ??
          first('answer')(chips) ??
          chips.find((c) => c.say === "I don't know"),
      );
      expect(end.book?.catalogId).toBe(id);
      expect(end.spec).not.toBeNull();
      for (const kind of ['book', 'yes', 'type']) expect(seen).toContain(kind);
    },
  );

  it('gets the very type, hero and things it tapped', async () => {
    const tapped: Partial<Record<'type' | 'hero' | 'collect' | 'avoid', Chip>> = {};
    const { state: end } = await tapThrough((chips) => {
      const book = chips.find((c) => c.say === 'The Gruffalo');
      if (book) return book;
      for (const kind of ['type', 'hero', 'collect', 'avoid'] as const) {
        // The second suggestion, to be sure it is the tap, not the default, that chose.
        const options = chips.filter((c) => c.kind === kind);
        const c = options[1] ?? options[0];
        if (c) {
          tapped[kind] = c;
          return c;
        }
      }
      return first('yes')(chips) ?? first('answer')(chips) ?? chips.find((c) => c.say === "I don't know");
    });
    expect(TYPE_CARDS[end.design?.gameType ?? 'collector'].say).toBe(tapped.type?.say);
    expect(end.design?.hero?.name).toBe(tapped.hero?.label);
    expect(end.design?.collectibles?.map((c) => c.name)).toContain(tapped.collect?.label);
    expect(end.design?.hazards?.map((h) => h.name)).toContain(tapped.avoid?.label);
  });

  it('reaches a game in a few taps by asking for it straight away', async () => {
    const { state: end } = await tapThrough(
      (chips) => chips.find((c) => c.say === 'make the game now') ?? first('yes')(chips),
    );
    expect(end.phase).toBe('complete');
  });
});
