import { GAME_TYPES, type GameType } from '../../games/spec.js';
import { parseGameType, parseYesNo } from '../offline/understand.js';
import type { GameDesign, SessionState } from '../state.js';
import type { DesignFields, StoryFields } from './tools.js';

/**
 * The rules that turn what a model recorded into what the session takes, when the fields contradict
 * each other, the session or the child's own words. One pure function per agent; every rule that
 * fires is named in `fixes` (for metrics and tests; never the child's words). The principle: the
 * child's clear yes or no wins over the model's reading of it, a field that cannot stand is dropped
 * rather than the turn, and what the model left out is derived only where the child's answer
 * settles it.
 */

export interface Resolved<F> {
  fields: F;
  fixes: string[];
}

export interface StoryResolution {
  book?: { title: string; author?: string | undefined } | null;
  bookConfirmed?: boolean;
  analysis?: NonNullable<StoryFields['analysis']>;
}

const titleKey = (t: string) =>
  t
    .toLowerCase()
    .replace(/^\s*(the|a|an)\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

const answerOf = (message: string | null) => (message === null ? null : parseYesNo(message));

export function resolveStoryTurn(
  given: StoryFields,
  state: SessionState,
  message: string | null,
): Resolved<StoryResolution> {
  const f: StoryFields = { ...given };
  const fixes: string[] = [];
  const answer = answerOf(message);
  const fix = (name: string) => fixes.push(name);

  // The book we already have, sent again, is no news (and must not reset its confirmation).
  if (f.book && state.book && titleKey(f.book.title) === titleKey(state.book.title)) {
    if (!f.clearBook) delete f.book;
  }
  if (f.clearBook && f.bookConfirmed) {
    fix('clear_and_confirm');
    if (f.book)
      delete f.clearBook; // a correction: the new book replaces the old one
    else if (answer === 'no') delete f.bookConfirmed;
    else if (answer === 'yes') delete f.clearBook;
    else {
      delete f.clearBook;
      delete f.bookConfirmed;
    }
  }
  // A candidate waiting for the child's yes or no, and no new book this turn.
  const pending = Boolean(state.book && !state.bookConfirmed && !f.book);
  if (pending && answer === 'no' && f.bookConfirmed) {
    fix('no_wins');
    delete f.bookConfirmed;
    f.clearBook = true;
  }
  if (pending && answer === 'yes' && f.clearBook) {
    fix('yes_wins');
    delete f.clearBook;
    f.bookConfirmed = true;
  }
  if (pending && f.bookConfirmed === undefined && f.clearBook === undefined && answer) {
    // The model said nothing about the book (text only, or a bare record): the child's answer settles it.
    fix(answer === 'yes' ? 'derived_confirm' : 'derived_clear');
    if (answer === 'yes') f.bookConfirmed = true;
    else f.clearBook = true;
  }
  const bookAfter = f.book ?? (f.clearBook ? null : state.book);
  if (f.clearBook && !f.book && !state.book) {
    delete f.clearBook;
  }
  if (f.clearBook && state.bookConfirmed && !f.book && answer !== 'no') {
    // Only the child's no un-does a confirmed book.
    fix('clear_without_no');
    delete f.clearBook;
  }
  if (f.bookConfirmed && !bookAfter) {
    fix('confirm_without_book');
    delete f.bookConfirmed;
  }
  if (f.bookConfirmed === false && state.bookConfirmed && !f.book && !f.clearBook) delete f.bookConfirmed;

  const out: StoryResolution = {};
  if (f.clearBook) out.book = null;
  if (f.book) out.book = f.book;
  if (f.bookConfirmed !== undefined) out.bookConfirmed = f.bookConfirmed;
  // A new book starts unconfirmed unless this very turn confirmed it.
  if (f.book && f.bookConfirmed === undefined) out.bookConfirmed = false;
  const confirmed = out.book === null ? false : (out.bookConfirmed ?? state.bookConfirmed);
  if (f.analysis) {
    if (!confirmed) fix('analysis_before_confirm');
    else if (f.analysis.characters.length === 0) fix('analysis_without_characters');
    else out.analysis = f.analysis;
  }
  return { fields: out, fixes };
}

export interface DesignResolution {
  design?: GameDesign;
  readyToBuild?: boolean;
}

function toGameType(name: string): GameType | null {
  const k = name.trim().toLowerCase();
  return (GAME_TYPES as readonly string[]).includes(k) ? (k as GameType) : parseGameType(k);
}

/** Compared by what the child would notice: the type and the names, not an emoji the model added. */
const gist = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(gist);
  if (v && typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name).toLowerCase();
  return typeof v === 'string' ? v.toLowerCase() : v;
};
const same = (a: unknown, b: unknown) => JSON.stringify(gist(a)) === JSON.stringify(gist(b));

export function resolveDesignTurn(
  given: DesignFields,
  state: SessionState,
  message: string | null,
): Resolved<DesignResolution> {
  const fixes: string[] = [];
  const answer = answerOf(message);
  const before = state.design ?? {};
  const design: GameDesign = { ...(given.design ?? {}) };
  if (given.gameType) {
    const t = toGameType(given.gameType);
    if (t) {
      design.gameType = t;
      if (t !== given.gameType) fixes.push('game_type_mapped');
    } else fixes.push('game_type_dropped');
  }
  // What this turn really changes (models re-send everything agreed so far, as asked).
  const changed = (Object.keys(design) as Array<keyof GameDesign>).some((k) => !same(design[k], before[k]));
  const merged = { ...before, ...design };
  let ready = given.readyToBuild;
  if (ready === true) {
    if (answer === 'no') {
      // "No" after a read-back never builds.
      fixes.push('ready_after_no');
      ready = undefined;
    } else if (!merged.gameType) {
      fixes.push('ready_without_type');
      ready = undefined;
    } else if (changed && answer !== 'yes') {
      // A change the child has not heard read back yet: read it back first.
      fixes.push('ready_after_change');
      ready = undefined;
    }
  } else if (ready === undefined && answer === 'yes' && !changed && isComplete(merged) && askedLast(state)) {
    fixes.push('derived_ready');
    ready = true;
  }
  const out: DesignResolution = {};
  if (Object.keys(design).length) out.design = design;
  if (ready === true) out.readyToBuild = true;
  return { fields: out, fixes };
}

function isComplete(d: GameDesign): boolean {
  return Boolean(d.gameType && d.hero && d.collectibles?.length && d.hazards?.length);
}

/** The Game Designer spoke last and asked something (the read-back ends with its question). */
function askedLast(state: SessionState): boolean {
  const last = state.recent[state.recent.length - 1];
  return last?.role === 'game_designer' && /\?\s*$/.test(last.text);
}
