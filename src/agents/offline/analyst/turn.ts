import type { CatalogBook } from '../../../books/catalog.js';
import type { StoryAnalystResult } from '../../brain.js';
import type { Asked, BookInfo, SessionState } from '../../state.js';
import type { DesignRequest } from '../intent.js';
import {
  type AnalystNotes,
  type DesignWish,
  type QuestionKey,
  type SharedNotes,
  writeNotes,
} from '../notes.js';
import { andList, capitalise, KID_TYPE, plain, withThe } from '../phrasing.js';
import type { Voice } from '../voice.js';

/** After this many answered turns in identifying, we stop asking and go with what we have. */
export const MAX_IDENTIFY_TURNS = 4;
/** Hard stop for the discussion, whatever the plan says. */
export const MAX_DISCUSS_TURNS = 6;
/** The discussion asks at least this many questions (unless the child asks to play)... */
export const MIN_QUESTIONS = 2;
/** ...and at most this many, for a child who loves talking about the book. */
export const MAX_QUESTIONS = 6;

/** The title we store for a story the child could not name; never said aloud as a title. */
export const UNKNOWN_TITLE = 'Your Story';
/** An answer this long (in content words) is a child who loves to talk: one more question. */
export const CHATTY_WORDS = 10;
/** How much of an answer we keep: enough for a description, never an essay. */
export const MAX_ANSWER_GRAPHEMES = 300;

export const CATALOG_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble'];
export const UNKNOWN_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble', 'things'];

export interface Turn {
  state: SessionState;
  /** The child's words, prepared (bounded, placeholders out, emoji as words). */
  text: string;
  notes: AnalystNotes;
  shared: SharedNotes;
  voice: Voice;
}

export function infoOf(book: CatalogBook): BookInfo {
  return { title: book.title, author: book.author, catalogId: book.id };
}

/** How the story is named aloud: its title, or "your story" for one the child could not name. */
export function spokenTitle(book: BookInfo | null | undefined): string {
  return !book || book.title === UNKNOWN_TITLE ? 'your story' : book.title;
}

export function result(
  t: Turn,
  reply: string,
  notes: AnalystNotes,
  extra: Omit<StoryAnalystResult, 'reply' | 'notes'> = {},
  shared: Partial<SharedNotes> = {},
): StoryAnalystResult {
  const text = t.voice.finish(plain(reply));
  const book = extra.book === undefined ? t.state.book : extra.book;
  return {
    reply: text,
    ...extra,
    asked: extra.analysis ? 'none' : askedAt(notes, book !== null),
    notes: writeNotes(t.state.notes, {
      analyst: notes,
      wish: shared.wish ?? t.shared.wish,
      rush: shared.rush ?? t.shared.rush,
      style: shared.style ?? t.shared.style,
      voice: t.voice.notes(),
    }),
  };
}

/** The question a reply from this stage ends with. */
function askedAt(notes: AnalystNotes, hasCandidate: boolean): Asked {
  switch (notes.stage) {
    case 'confirm':
      return hasCandidate ? 'confirm' : 'book';
    case 'describe':
      return 'describe';
    case 'discuss':
      return notes.plan[0] ?? 'favourite';
    default:
      return 'book';
  }
}

// ---------------------------------------------------------------------------------------------
// Wishes: design choices said early ("I want to be a robot") are kept, and the child hears so.

export function mergeWish(wish: DesignWish, r: DesignRequest): DesignWish {
  return {
    ...wish,
    ...(r.hero ? { hero: r.hero } : {}),
    ...(r.type ? { type: r.type } : {}),
    ...(r.collect?.length ? { collect: r.collect } : {}),
    ...(r.avoid?.length ? { avoid: r.avoid } : {}),
  };
}

export function wishAck(r: DesignRequest, voice: Voice): string {
  const parts: string[] = [];
  if (r.hero) parts.push(`you'll be ${withThe(r.hero)}`);
  if (r.type) parts.push(`it'll be ${KID_TYPE[r.type]}`);
  if (r.collect?.length) parts.push(`you'll collect ${andList(r.collect)}`);
  if (r.avoid?.length) parts.push(`you'll dodge ${andList(r.avoid.map(withThe))}`);
  if (!parts.length) return '';
  const what = andList(parts);
  return voice.pick([
    `Ooh, yes! In your game ${what}. I'll remember that!`,
    `Great idea: ${what}! I'll remember that for the game.`,
    `I love that! ${capitalise(what)}, I promise.`,
  ]);
}
