import { bookById, type CatalogBook } from '../../../books/catalog.js';
import { localKnowledge } from '../../../books/local-knowledge.js';
import { findBook } from '../../../books/match.js';
import { cutGraphemes } from '../../../text/graphemes.js';
import { normaliseText } from '../../../text/normalise.js';
import type { StoryAnalystResult } from '../../brain.js';
import type { BookInfo } from '../../state.js';
import { buildAnalysis } from '../analysis.js';
import { type DesignRequest, hasRequest, isOffTopic, isRush } from '../intent.js';
import { hasContent } from '../lexicon.js';
import type { AnalystNotes } from '../notes.js';
import { askBook } from '../phrasing.js';
import { isDontKnow, splitYesNo, titleFromWords } from '../understand.js';
import { aboutUs, question } from './questions.js';
import {
  CATALOG_PLAN,
  infoOf,
  MAX_ANSWER_GRAPHEMES,
  MAX_IDENTIFY_TURNS,
  result,
  type Turn,
  UNKNOWN_PLAN,
  UNKNOWN_TITLE,
  wishAck,
} from './turn.js';

/**
 * The title inside a longer sentence: "we read madeline at bedtime and it was really good" →
 * "madeline". Matching a whole sentence dilutes the title; the words before "at", "and", "it was"... do not.
 */
function findTitleIn(words: string, rejected: readonly string[]) {
  // "I'm and I read zog": what follows "read" or "called" is the title.
  const after = /\b(?:read|reading|readed|called|named|book is|title is)\s+(.+)$/i.exec(words)?.[1];
  const named = after ? findBook(after.replace(/,.*$/, ''), rejected) : null;
  if (named) return named;
  const core = words
    .replace(
      /^\s*(?:(?:i|we|my \w+ and i)\s+(?:just\s+|also\s+)?(?:read|readed|finished|looked at|love|loved|like|liked)\s+)/i,
      '',
    )
    .replace(
      /\s+\b(?:at|and|it was|because|with|yesterday|today|last night|in bed|before bed|at school|its|it's|which|who|that)\b.*$/i,
      '',
    )
    .trim();
  return core && core !== words ? findBook(core, rejected) : null;
}

/**
 * A book the child described instead of naming ("a pig who builds a house and a wolf blows it"):
 * hybrid retrieval over titles and the books' facts, in memory so a turn never waits on it. Only a
 * confident answer is offered; a vague one is a new story, which is kinder than a wrong title.
 */
function describedBook(words: string, rejected: readonly string[]): CatalogBook | null {
  const found = localKnowledge().identifyBookSync(words, rejected);
  return found?.confident ? found.book : null;
}

function sameTitle(words: string, title: string): boolean {
  const strip = (s: string) => normaliseText(s).replace(/^the /, '');
  return strip(words) === strip(title);
}

/** The book is settled (known or not): thank the child and ask the first discussion question. */
function startDiscussion(t: Turn, notes: AnalystNotes, book: BookInfo, opener: string): StoryAnalystResult {
  const catalog = bookById(book.catalogId);
  const plan = [...(catalog ? CATALOG_PLAN : UNKNOWN_PLAN)];
  const next: AnalystNotes = { ...notes, stage: 'discuss', plan, answers: {}, asked: [] };
  if (t.shared.rush) {
    // A child in a hurry gets the game now; the Game Designer fills in the rest from the book.
    const analysis = buildAnalysis(next, catalog);
    const go = t.voice.pick(["Let's make your game right now!", "Then let's make your game straight away!"]);
    return result(t, `${opener} ${go}`, next, { book, bookConfirmed: true, analysis });
  }
  const first = plan[0] ?? 'favourite';
  return result(t, `${opener} ${question(first, catalog, undefined, t.voice)}`, next, {
    book,
    bookConfirmed: true,
  });
}

function acceptUnknown(t: Turn, notes: AnalystNotes, about: string | undefined): StoryAnalystResult {
  const title = notes.pendingTitle ?? UNKNOWN_TITLE;
  const next: AnalystNotes = {
    ...notes,
    ...(about ? { about: cutGraphemes(about, MAX_ANSWER_GRAPHEMES) } : {}),
  };
  const opener =
    title === UNKNOWN_TITLE
      ? t.voice.pick(['Thank you! I love a new story.', 'Ooh, a new story! Thank you.'])
      : t.voice.pick([`Thank you! ${title} sounds like a great story.`, `Ooh, ${title}! That sounds fun.`]);
  return startDiscussion(t, next, { title }, opener);
}

function offerCandidate(t: Turn, notes: AnalystNotes, book: CatalogBook, lead = ''): StoryAnalystResult {
  const next: AnalystNotes = { ...notes, stage: 'confirm' };
  return result(t, `${lead}${askBook(book.title, book.author)}`, next, {
    book: infoOf(book),
    bookConfirmed: false,
  });
}

/** "Ooh, a wolf and a pig! Is that The Three Little Pigs?": the description is kept for a no. */
function offerDescribed(
  t: Turn,
  notes: AnalystNotes,
  book: CatalogBook,
  description: string,
  lead: string,
): StoryAnalystResult {
  const about = cutGraphemes(description, MAX_ANSWER_GRAPHEMES);
  const heard = t.voice.pick(['Ooh, I think I know that story!', 'That sounds like a story I know!']);
  return offerCandidate(t, { ...notes, about, describedId: book.id }, book, `${lead}${heard} `);
}

// Hurry words, taken out before the rest is read as a title ("the gruffalo, let's play!").
const RUSH_WORDS =
  /\b(?:let'?s play|can we play(?: now)?|i (?:want|wanna) (?:to )?play(?: now)?|make (?:the|my) game(?: now)?|build (?:the|my) game(?: now)?|play now|game now|right now|now|please|skip)\b/gi;

/** One identifying turn, read once: the handlers below share it. */
interface Heard {
  t: Turn;
  request: DesignRequest;
  /** The child's yes or no, and the words after it. */
  answer: 'yes' | 'no' | null;
  rest: string;
  /** An acknowledgement of a design wish said on the way ("I want to be a robot"). */
  lead: string;
  /** The words that may name the book: hurry words dropped ("Not Now, Bernard" keeps its "now"). */
  bookWords: string;
}

/** Which book? By stage: the turn limit first, then "is it X?", "what is it about?", the title. */
export function identify(t: Turn, request: DesignRequest): StoryAnalystResult {
  const { answer, rest } = splitYesNo(t.text);
  const h: Heard = {
    t,
    request,
    answer,
    rest,
    lead: hasRequest(request) ? `${wishAck(request, t.voice)} ` : '',
    bookWords: isRush(t.text) ? t.text.replace(RUSH_WORDS, ' ').replace(/\s+/g, ' ').trim() : t.text,
  };
  if (t.state.turnsInPhase >= MAX_IDENTIFY_TURNS) return atLimit(h);
  if (t.notes.stage === 'confirm' && t.state.book) return atConfirm(h, t.state.book);
  if (t.notes.stage === 'describe') return atDescribe(h);
  return atTitle(h);
}

/** Safety valve: a child who is stuck gets the book we have (or their story) and moves on. */
function atLimit({ t, answer, lead, bookWords }: Heard): StoryAnalystResult {
  const candidate = t.state.book;
  if (candidate && answer !== 'no') {
    return startDiscussion(t, t.notes, candidate, `${lead}Let's talk about ${candidate.title}!`);
  }
  const title = titleFromWords(bookWords);
  return acceptUnknown(t, title ? { ...t.notes, pendingTitle: title } : t.notes, bookWords || undefined);
}

/** "Is that X by Y?": yes starts the talk; no (or another title) looks again, never offering X twice. */
function atConfirm(h: Heard, candidate: BookInfo): StoryAnalystResult {
  const { t, answer, lead, bookWords } = h;
  const notes = t.notes;
  if (answer === 'yes' || (isRush(t.text) && answer !== 'no')) {
    const opener = t.voice.pick([
      'Great, I know that one!',
      'Yay, I love that book!',
      'Ooh, I know that one!',
    ]);
    return startDiscussion(t, notes, candidate, `${lead}${opener}`);
  }
  // Saying the same title again ("goodnight moon!") is a yes.
  const same = answer === null && bookWords ? findBook(bookWords) : null;
  if (same && same.book.id === candidate.catalogId) {
    return startDiscussion(t, notes, candidate, `${lead}Great, I know that one!`);
  }
  const rejected =
    answer === 'no' && candidate.catalogId ? [...notes.rejected, candidate.catalogId] : notes.rejected;
  const afterNo: AnalystNotes = { ...notes, rejected };
  // "no, it's The Gruffalo" or just a new title: look again, never offering a rejected book.
  const restWords = isRush(h.rest) ? h.rest.replace(RUSH_WORDS, ' ').trim() : h.rest;
  const other = restWords && !hasRequest(h.request) ? findBook(restWords, rejected) : null;
  if (other && other.book.id !== candidate.catalogId) {
    return offerCandidate(t, afterNo, other.book, answer === 'no' ? 'Oops! ' : '');
  }
  if (answer === 'no') return afterConfirmNo(t, afterNo, candidate, restWords);
  return result(t, `${lead}Is it ${candidate.title}? You can say yes or no.`, notes);
}

/** A plain "no" (or "no, it's <a title we do not know>") to the book we offered. */
function afterConfirmNo(
  t: Turn,
  afterNo: AnalystNotes,
  candidate: BookInfo,
  restWords: string,
): StoryAnalystResult {
  const title = restWords ? titleFromWords(restWords) : null;
  // Not the book their description sounded like: then it is a story new to us, and they have
  // already told us about it.
  if (!title && t.notes.about && t.notes.describedId === candidate.catalogId) {
    const { describedId: _offered, ...kept } = afterNo;
    return acceptUnknown(t, kept, t.notes.about);
  }
  if (title) {
    return result(
      t,
      `Oh, ${title}! I don't know that one yet. What is it about?`,
      { ...afterNo, stage: 'describe', pendingTitle: title },
      { book: null, bookConfirmed: false },
    );
  }
  return result(
    t,
    t.voice.pick(['Oops, my mistake! What is the book called?', 'Oh, sorry! What is the book called?']),
    { ...afterNo, stage: 'title' },
    { book: null, bookConfirmed: false },
  );
}

/** "What is it about?": a strong title match after all, a description we recognise, or a new story. */
function atDescribe({ t, request, lead, bookWords }: Heard): StoryAnalystResult {
  const notes = t.notes;
  const match = bookWords ? findBook(bookWords, notes.rejected) : null;
  // A strong match means they remembered the title after all.
  if (match && match.score >= 0.9) return offerCandidate(t, notes, match.book, lead);
  const about = isDontKnow(t.text) || hasRequest(request) || !hasContent(bookWords) ? undefined : bookWords;
  // A description we recognise: ask about it, keeping the description in case the answer is no.
  const described = about ? describedBook(about, notes.rejected) : null;
  if (described) return offerDescribed(t, notes, described, about as string, lead);
  return acceptUnknown(t, notes, about || undefined);
}

/**
 * "What book did you read?": a title we know (or one inside a sentence), a story we recognise from
 * what happens, or talk that is not a book yet (news, a wish, a question about us, "I don't know").
 */
function atTitle(h: Heard): StoryAnalystResult {
  const { t, request, lead, bookWords } = h;
  const notes = t.notes;
  const us = aboutUs(t.text, t.voice);
  if (us && notes.stage === 'title') return result(t, `${us} What book did you read?`, notes);
  if (isOffTopic(t.text) && notes.stage === 'title' && !findBook(bookWords)) {
    // "I have a new bike" is news, not a book: enjoy it, then ask again (the turn limit still ends this).
    const back = t.voice.pick(['Ooh, fun!', 'Ha, I like that!', 'Oh, wow!']);
    const ask = t.voice.pick(['Now, what book did you read?', 'And which book did you read?']);
    return result(t, `${back} ${ask}`, notes);
  }
  // A rejected book is offered again only when the child says its very title ("no" may have been
  // a slip; "the buffalo" twice is still not the Gruffalo).
  const searchable = Boolean(bookWords) && (!hasRequest(request) || bookWords.split(' ').length > 6);
  const again = searchable ? findBook(bookWords) : null;
  const exactAgain =
    again && notes.rejected.includes(again.book.id) && sameTitle(bookWords, again.book.title);
  const match = exactAgain
    ? again
    : searchable
      ? (findBook(bookWords, notes.rejected) ?? findTitleIn(bookWords, notes.rejected))
      : null;
  if (match) {
    const rejected = notes.rejected.filter((id) => id !== match.book.id);
    return offerCandidate(t, { ...notes, rejected }, match.book, lead);
  }
  // Not a title we know: perhaps what happens in a book we know.
  const described = searchable && !isDontKnow(t.text) ? describedBook(bookWords, notes.rejected) : null;
  if (described) return offerDescribed(t, notes, described, bookWords, lead);
  return notABookYet(h);
}

/** Words that name no book we know: ask again, ask what happens, or take them as the story. */
function notABookYet({ t, request, answer, rest, lead, bookWords }: Heard): StoryAnalystResult {
  const notes = t.notes;
  const turns = t.state.turnsInPhase;
  if (t.shared.rush && !titleFromWords(bookWords)) {
    // Ready to play but no book yet: ask once, then make a game from their own story.
    if (turns >= 1 && normaliseText(bookWords) !== '' && !hasRequest(request)) {
      return acceptUnknown(t, notes, isDontKnow(t.text) ? undefined : bookWords);
    }
    if (turns >= 1) return acceptUnknown(t, notes, undefined);
    const ask = t.voice.pick([
      "Let's make a game! Which book should it be about?",
      'Yes, a game! What book did you read?',
    ]);
    return result(t, `${lead}${ask}`, notes);
  }
  if (hasRequest(request)) {
    return result(
      t,
      `${lead}${t.voice.pick(['What book did you read?', 'Now, which book did you read?'])}`,
      notes,
    );
  }
  if (!hasContent(bookWords) && !isDontKnow(t.text) && !(answer && !rest)) {
    // "I'm [name] and I'm [age]": nothing about a book yet.
    const ask = t.voice.pick([
      'Tell me about your book! What is it called?',
      'Which book was it? Tell me its name!',
    ]);
    return result(t, ask, notes);
  }
  if (isDontKnow(t.text) || (answer && !rest) || !normaliseText(t.text)) {
    const ask = t.voice.pick([
      "That's okay! What was the story about?",
      'No problem! What happens in the story?',
    ]);
    return result(t, ask, { ...notes, stage: 'describe' });
  }
  const title = titleFromWords(bookWords);
  if (title) {
    const next: AnalystNotes = { ...notes, stage: 'describe', pendingTitle: title };
    return result(t, `${title}! I don't know that one yet. What is it about?`, next);
  }
  // They described it instead of naming it: that is the description.
  return acceptUnknown(t, notes, bookWords || undefined);
}
