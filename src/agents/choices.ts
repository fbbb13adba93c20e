import { BOOKS, bookById, type CatalogBook, heroOf, troublesOf } from '../books/catalog.js';
import { emojiFor } from '../games/emoji.js';
import type { GameType } from '../games/spec.js';
import { normaliseText } from '../text/normalise.js';
import {
  ALL_TYPES,
  BUILD_IT,
  CHANGE_CHIPS,
  CHANGE_IT,
  type Chip,
  chip,
  DONT_KNOW,
  FALLBACK_HEROES,
  FALLBACK_THINGS,
  FALLBACK_TROUBLES,
  MAX_CHIPS,
  NO,
  OTHER_TYPES,
  PLAY_NOW,
  STARTER_BOOKS,
  typeChip,
  YES,
  YOU_PICK,
} from './choice-words.js';
import { thing } from './offline/design-words.js';
import { isGameType, readAnalyst, readDesigner } from './offline/notes.js';
import { withThe } from './offline/phrasing.js';
import { type Asked, openQuestion, type SessionState } from './state.js';

export type { Chip, ChipKind } from './choice-words.js';
export { CHIP_KINDS, CHIP_LABEL_MAX, MAX_CHIPS } from './choice-words.js';

/**
 * Tap-to-answer chips: what a child who cannot read, type or be heard can tap after a turn. Pure:
 * computed from the session state, never from the agent's words, so it works whichever brain
 * answered. `state.asked` names the open question (both brains report it; when neither did, the
 * typed fields stand in: `openQuestion`). The offline brain's notes only add details to a question
 * it asked itself (the name in "be it or dodge it?", the game types after a "no").
 */
export function chipsFor(state: SessionState): Chip[] {
  const catalog = bookById(state.book?.catalogId);
  const asked = openQuestion(state);
  let out: Chip[];
  switch (state.phase) {
    case 'identifying':
      out = identifying(state, asked);
      break;
    case 'discussing':
      out = discussing(asked, catalog);
      break;
    case 'designing':
      out = designing(state, asked, catalog);
      break;
    default:
      // Building, or playing: the game panel has its own big buttons.
      out = [];
  }
  // A name of only spaces would make an empty chip: such a chip is no answer at all.
  return distinct(out.filter((c) => c.label !== '' && c.say !== '')).slice(0, MAX_CHIPS);
}

// ---------------------------------------------------------------------------------------------

function identifying(state: SessionState, asked: Asked): Chip[] {
  // "Is that The Gruffalo?": a candidate waiting for its yes, whichever brain offered it.
  if (state.book && !state.bookConfirmed) return [YES, NO];
  if (asked === 'describe') return [DONT_KNOW, PLAY_NOW];
  const analyst = readAnalyst(state.notes);
  // Well-known books as picture cards; never one the child already said no to.
  const starters = STARTER_BOOKS.map((id) => bookById(id)).filter((b): b is CatalogBook => !!b);
  const books = (starters.length ? starters : BOOKS.slice(0, STARTER_BOOKS.length)).filter(
    (b) => !analyst.rejected.includes(b.id),
  );
  const cards = books.map((b) => chip('book', heroOf(b)?.emoji ?? b.settingEmoji ?? '📖', b.title, b.title));
  return [...cards, PLAY_NOW];
}

function discussing(asked: Asked, catalog: CatalogBook | undefined): Chip[] {
  const answers = catalog ? discussionAnswers(asked, catalog) : [];
  // Questions with no answer to tap ("what happens?") still have a way on.
  return [...answers, DONT_KNOW, PLAY_NOW];
}

function discussionAnswers(key: Asked, book: CatalogBook): Chip[] {
  switch (key) {
    case 'favourite': {
      const hero = heroOf(book);
      const others = book.characters.filter((c) => c !== hero);
      // Hero and villain first: the two the analyst names in its question.
      const order = [
        ...(hero ? [hero] : []),
        ...others.filter((c) => c.role === 'villain'),
        ...others.filter((c) => c.role !== 'villain'),
      ];
      return order.slice(0, 3).map((c) => chip('answer', c.emoji, c.name, withThe(c.name)));
    }
    case 'where':
      return [chip('answer', book.settingEmoji ?? '📍', book.setting, `in ${book.setting}`)];
    case 'trouble': {
      const villains = book.characters.filter((c) => c.role === 'villain');
      const baddies = villains.length ? villains : book.antagonist ? [book.antagonist] : [];
      return [
        ...baddies.slice(0, 2).map((v) => chip('answer', v.emoji, v.name, withThe(v.name))),
        chip('answer', '😌', 'No trouble', 'no trouble'),
      ];
    }
    case 'things':
      return book.storyObjects.slice(0, 3).map((o) => chip('answer', o.emoji, o.name, thing(o.name)));
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------

function designing(state: SessionState, asked: Asked, catalog: CatalogBook | undefined): Chip[] {
  switch (asked) {
    case 'change':
      return [...CHANGE_CHIPS];
    case 'place': {
      const pending = readDesigner(state.notes).pending;
      return pending ? placeChips(pending, state, catalog) : [BUILD_IT, CHANGE_IT];
    }
    case 'type': {
      // A "no" to the types on offer is the offline designer's own detail, kept in its notes.
      const notes = readDesigner(state.notes);
      const own = notes.stage === 'type';
      return typeChips(state, catalog, own ? notes.offered : [], own && (notes.refusals ?? 0) > 0);
    }
    case 'hero':
    case 'collect':
    case 'avoid':
      return slotChips(asked, state, catalog);
    default:
      return [BUILD_IT, CHANGE_IT];
  }
}

/** The types the designer offered, best first; after a "no", the ones it offers next. */
function typeChips(
  state: SessionState,
  catalog: CatalogBook | undefined,
  said: GameType[],
  refused: boolean,
) {
  const noted = Array.isArray(state.notes.offeredTypes)
    ? state.notes.offeredTypes.filter((t): t is GameType => typeof t === 'string' && isGameType(t))
    : [];
  const offered = noted.length
    ? noted
    : said.length
      ? said
      : catalog?.suggestedTypes.length
        ? [...catalog.suggestedTypes]
        : [...ALL_TYPES];
  const types = refused ? OTHER_TYPES.filter((t) => !offered.includes(t)) : offered;
  return [...types.slice(0, 3).map(typeChip), YOU_PICK];
}

interface Named {
  name: string;
  emoji?: string | undefined;
}

const same = (a: string, b: string) =>
  normaliseText(a).replace(/^(?:the|a|an) /, '') === normaliseText(b).replace(/^(?:the|a|an) /, '');
const picture = (n: Named, fallback: string) => n.emoji || emojiFor(n.name, fallback);

function slotChips(
  slot: 'hero' | 'collect' | 'avoid',
  state: SessionState,
  catalog: CatalogBook | undefined,
): Chip[] {
  const design = state.design ?? {};
  const analysis = state.analysis;
  const villains: Named[] = [
    ...(analysis?.antagonist ? [analysis.antagonist] : []),
    ...(catalog?.characters.filter((c) => c.role === 'villain') ?? []),
    ...(catalog ? troublesOf(catalog) : []),
  ];
  const isVillain = (n: Named) => villains.some((v) => same(v.name, n.name));
  if (slot === 'hero') {
    const favourite = analysis?.favouriteCharacter;
    // Friends first; then the baddies, since a child may well want to be the Gruffalo.
    const people: Named[] = [
      ...(catalog?.characters.filter((c) => c.role !== 'villain') ?? []),
      ...(analysis?.characters ?? []).filter((c) => !isVillain(c) && c.name !== 'Hero'),
      ...(catalog?.characters.filter((c) => c.role === 'villain') ?? []),
    ];
    // The favourite from the discussion first: the one the designer suggests.
    people.sort(
      (a, b) =>
        Number(!!favourite && same(b.name, favourite)) - Number(!!favourite && same(a.name, favourite)),
    );
    return [
      ...pad(people, FALLBACK_HEROES).map((p) => named('hero', p, '🙂', `I want to be ${withThe(p.name)}`)),
      YOU_PICK,
    ];
  }
  if (slot === 'collect') {
    const things = [...(analysis?.storyObjects ?? []), ...(catalog?.storyObjects ?? [])].filter(
      (o) => !isVillain(o),
    );
    return [
      ...pad(things, FALLBACK_THINGS).map((t) => named('collect', t, '⭐', `collect ${spoken(t.name)}`)),
      YOU_PICK,
    ];
  }
  // Never suggest dodging yourself or what you collect.
  const taken = [design.hero?.name, ...(design.collectibles ?? []).map((c) => c.name)].filter(
    (n): n is string => !!n,
  );
  const troubles = villains.filter((v) => !taken.some((t) => same(t, v.name)));
  return [
    ...pad(troubles, FALLBACK_TROUBLES).map((t) => named('avoid', t, '💥', `dodge ${spoken(t.name)}`)),
    YOU_PICK,
  ];
}

/** At most three from the book, topped up with kind defaults when the book gives fewer than two. */
function pad(fromBook: Named[], fallback: readonly Named[]): Named[] {
  const unique = distinctNames(fromBook).slice(0, 3);
  return unique.length >= 2 ? unique : distinctNames([...unique, ...fallback]).slice(0, 3);
}

function named(kind: 'hero' | 'collect' | 'avoid', n: Named, fallback: string, say: string): Chip {
  return chip(kind, picture(n, fallback), n.name.replace(/^(?:a|an) /i, ''), say);
}

/** "Nuts" → "nuts", "Owl" → "the owl", "Mr. McGregor" stays a name: as the designer says it. */
function spoken(name: string): string {
  return /^(?:a|an|the|some)\s/i.test(name) ? name : thing(name);
}

function placeChips(name: string, state: SessionState, catalog: CatalogBook | undefined): Chip[] {
  const known: Named[] = [
    ...(catalog?.characters ?? []),
    ...(catalog?.storyObjects ?? []),
    ...(state.analysis?.characters ?? []),
  ];
  const emoji = picture(known.find((k) => same(k.name, name)) ?? { name }, '🙂');
  const who = withThe(name);
  return [
    chip('hero', emoji, `Be ${who}`, `I want to be ${who}`),
    chip('avoid', '💥', `Dodge ${who}`, `dodge ${who}`),
  ];
}

function distinctNames(items: Named[]): Named[] {
  const out: Named[] = [];
  for (const n of items) if (!out.some((o) => same(o.name, n.name))) out.push(n);
  return out;
}

/** One chip per label: "The Gruffalo" as the book's villain and as its trouble is one chip. */
function distinct(chips: Chip[]): Chip[] {
  const out: Chip[] = [];
  for (const c of chips) if (!out.some((o) => normaliseText(o.label) === normaliseText(c.label))) out.push(c);
  return out;
}
