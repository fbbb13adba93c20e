import { bookById, type CatalogBook, heroOf } from '../../books/catalog.js';
import { findBook } from '../../books/match.js';
import type { StoryAnalystResult } from '../brain.js';
import { type BookInfo, derivePhase, type SessionState } from '../state.js';
import { buildAnalysis } from './analysis.js';
import { type AnalystNotes, type QuestionKey, readAnalyst, withNotes } from './notes.js';
import { pick, plain, withThe } from './phrasing.js';
import {
  extractNames,
  extractPlace,
  isDontKnow,
  isNothing,
  nounPhrases,
  splitYesNo,
  titleFromWords,
} from './understand.js';

/**
 * The Story Analyst without a model: identify the book (catalog match → "Is that X by Y?" → yes/no),
 * accept books we do not know from the child's description, then ask a few questions and hand back
 * a BookAnalysis. Every path ends: turn limits move a stuck child on gently.
 */

/** After this many answered turns in identifying, we stop asking and go with what we have. */
export const MAX_IDENTIFY_TURNS = 4;
/** Hard stop for the discussion, whatever the plan says. */
export const MAX_DISCUSS_TURNS = 6;

const UNKNOWN_TITLE = 'Your Story';

const CATALOG_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble'];
const UNKNOWN_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble', 'things'];

function infoOf(book: CatalogBook): BookInfo {
  return { title: book.title, author: book.author, catalogId: book.id };
}

function askConfirm(book: CatalogBook): string {
  return plain(`Is that ${book.title} by ${book.author}?`);
}

function question(key: QuestionKey, catalog: CatalogBook | undefined, favourite: string | undefined): string {
  switch (key) {
    case 'favourite': {
      const [a, b] = catalog?.characters ?? [];
      return a && b
        ? `Who was your favourite character? Was it ${withThe(a.name)} or ${withThe(b.name)}?`
        : 'Who was your favourite character in the story?';
    }
    case 'happens':
      return favourite ? `What does ${withThe(favourite)} do in the story?` : 'What happens in the story?';
    case 'where':
      return 'Where does the story happen?';
    case 'trouble':
      return 'Was there any trouble in the story, like a baddie or something scary?';
    case 'things':
      return 'What special things are in the story, like food, toys or treasure?';
  }
}

/** A short, warm echo of the child's answer, so they know we listened. */
function acknowledge(
  key: QuestionKey,
  answer: string,
  catalog: CatalogBook | undefined,
  seed: number,
): string {
  const { answer: yesNo, rest } = splitYesNo(answer);
  if (isDontKnow(answer) || (yesNo === 'no' && !rest))
    return key === 'trouble' ? 'No trouble, phew!' : "That's okay!";
  if (key === 'trouble' && isNothing(answer)) return 'No trouble, phew!';
  if (key === 'favourite') {
    const name = extractNames(answer, catalog?.characters.map((c) => c.name) ?? [])[0];
    if (name) return `${capitalise(withThe(name))} is a great choice!`;
  }
  if (key === 'where') {
    const place = extractPlace(answer);
    if (place) return `${capitalise(place)}, what a place!`;
  }
  if (key === 'trouble') {
    const baddie = nounPhrases(answer)[0]?.phrase;
    if (baddie) return `Oh no, ${withThe(baddie)}!`;
  }
  return pick(['Ooh, I love that!', 'Wow, what a story!', 'Great answer!', 'That sounds fun!'], seed);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function result(
  reply: string,
  state: SessionState,
  notes: AnalystNotes,
  extra: Omit<StoryAnalystResult, 'reply' | 'notes'> = {},
): StoryAnalystResult {
  return { reply: plain(reply), ...extra, notes: withNotes(state.notes, 'analyst', notes) };
}

/** The book is settled (known or not): thank the child and ask the first discussion question. */
function startDiscussion(
  state: SessionState,
  notes: AnalystNotes,
  book: BookInfo,
  opener: string,
): StoryAnalystResult {
  const catalog = bookById(book.catalogId);
  const plan = [...(catalog ? CATALOG_PLAN : UNKNOWN_PLAN)];
  const next: AnalystNotes = { ...notes, stage: 'discuss', plan, answers: {} };
  const first = plan[0] ?? 'favourite';
  return result(`${opener} ${question(first, catalog, undefined)}`, state, next, {
    book,
    bookConfirmed: true,
  });
}

function acceptUnknown(
  state: SessionState,
  notes: AnalystNotes,
  about: string | undefined,
): StoryAnalystResult {
  const title = notes.pendingTitle ?? UNKNOWN_TITLE;
  const next: AnalystNotes = { ...notes, ...(about ? { about } : {}) };
  const opener =
    title === UNKNOWN_TITLE
      ? 'Thank you! I love a new story.'
      : `Thank you! ${title} sounds like a great story.`;
  return startDiscussion(state, next, { title }, opener);
}

function offerCandidate(
  state: SessionState,
  notes: AnalystNotes,
  book: CatalogBook,
  lead = '',
): StoryAnalystResult {
  const next: AnalystNotes = { ...notes, stage: 'confirm' };
  return result(`${lead}${askConfirm(book)}`, state, next, { book: infoOf(book), bookConfirmed: false });
}

function identify(state: SessionState, message: string): StoryAnalystResult {
  const notes = readAnalyst(state.notes);
  const candidate = state.book;
  const { answer, rest } = splitYesNo(message);

  // Safety valve: a child who is stuck gets the book we have (or their story) and moves on.
  if (state.turnsInPhase >= MAX_IDENTIFY_TURNS) {
    if (candidate && answer !== 'no') {
      return startDiscussion(state, notes, candidate, `Let's talk about ${candidate.title}!`);
    }
    const title = titleFromWords(message);
    return acceptUnknown(state, title ? { ...notes, pendingTitle: title } : notes, message);
  }

  if (notes.stage === 'confirm' && candidate) {
    if (answer === 'yes') {
      return startDiscussion(
        state,
        notes,
        candidate,
        pick(['Great, I know that one!', 'Yay, I love that book!'], 1),
      );
    }
    // Saying the same title again ("goodnight moon!") is a yes.
    const same = answer === null ? findBook(message) : null;
    if (same && same.book.id === candidate.catalogId) {
      return startDiscussion(state, notes, candidate, 'Great, I know that one!');
    }
    const rejected =
      answer === 'no' && candidate.catalogId ? [...notes.rejected, candidate.catalogId] : notes.rejected;
    const afterNo: AnalystNotes = { ...notes, rejected };
    // "no, it's The Gruffalo" or just a new title: look again, never offering a rejected book.
    const other = rest ? findBook(rest, rejected) : null;
    if (other && other.book.id !== candidate.catalogId) {
      return offerCandidate(state, afterNo, other.book, answer === 'no' ? 'Oops! ' : '');
    }
    if (answer === 'no') {
      const title = rest ? titleFromWords(rest) : null;
      if (title) {
        return result(
          `Oh, ${title}! I don't know that one yet. What is it about?`,
          state,
          { ...afterNo, stage: 'describe', pendingTitle: title },
          { book: null, bookConfirmed: false },
        );
      }
      return result(
        'Oops, my mistake! What is the book called?',
        state,
        { ...afterNo, stage: 'title' },
        {
          book: null,
          bookConfirmed: false,
        },
      );
    }
    return result(`Is it ${candidate.title}? You can say yes or no.`, state, notes);
  }

  if (notes.stage === 'describe') {
    const match = findBook(message, notes.rejected);
    // A strong match means they remembered the title after all; a description is accepted as is.
    if (match && match.score >= 0.9) return offerCandidate(state, notes, match.book);
    return acceptUnknown(state, notes, isDontKnow(message) ? undefined : message);
  }

  // stage 'title': what book did you read?
  const match = findBook(message, notes.rejected);
  if (match) return offerCandidate(state, notes, match.book);
  if (isDontKnow(message) || (answer && !rest)) {
    return result("That's okay! What was the story about?", state, { ...notes, stage: 'describe' });
  }
  const title = titleFromWords(message);
  if (title) {
    return result(`${title}! I don't know that one yet. What is it about?`, state, {
      ...notes,
      stage: 'describe',
      pendingTitle: title,
    });
  }
  // They described it instead of naming it: that is the description.
  return acceptUnknown(state, notes, message);
}

function discuss(state: SessionState, message: string): StoryAnalystResult {
  const notes = readAnalyst(state.notes);
  const catalog = bookById(state.book?.catalogId);
  const plan = notes.plan.length ? notes.plan : [...(catalog ? CATALOG_PLAN : UNKNOWN_PLAN)];
  const [asked, ...remaining] = plan;
  const answers = asked ? { ...notes.answers, [asked]: message.slice(0, 300) } : notes.answers;
  const next: AnalystNotes = { ...notes, stage: 'discuss', plan: remaining, answers };
  const ack = asked ? acknowledge(asked, message, catalog, state.turnsInPhase) : '';

  const following = remaining[0];
  if (!following || state.turnsInPhase + 1 >= MAX_DISCUSS_TURNS) {
    const analysis = buildAnalysis(next, catalog);
    return result(
      `${ack} Thank you for telling me all about ${state.book?.title ?? 'your story'}!`,
      state,
      next,
      {
        analysis,
      },
    );
  }
  const favourite =
    (answers.favourite && !isDontKnow(answers.favourite)
      ? extractNames(answers.favourite, catalog?.characters.map((c) => c.name) ?? [])[0]
      : undefined) ?? (catalog ? heroOf(catalog)?.name : undefined);
  return result(`${ack} ${question(following, catalog, favourite)}`, state, next);
}

export async function storyAnalyst(state: SessionState, message: string | null): Promise<StoryAnalystResult> {
  const phase = derivePhase(state);
  if (message === null || !message.trim()) {
    const notes = readAnalyst(state.notes);
    if (phase === 'discussing') {
      const catalog = bookById(state.book?.catalogId);
      return result(question(notes.plan[0] ?? 'favourite', catalog, undefined), state, notes);
    }
    return result('What book did you read?', state, notes);
  }
  return phase === 'identifying' ? identify(state, message) : discuss(state, message);
}
