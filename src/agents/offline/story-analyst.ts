import { bookById, type CatalogBook, heroOf } from '../../books/catalog.js';
import { localKnowledge } from '../../books/local-knowledge.js';
import { findBook } from '../../books/match.js';
import { kindOfWord } from '../../games/emoji.js';
import { cutGraphemes } from '../../text/graphemes.js';
import { normaliseText } from '../../text/normalise.js';
import type { StoryAnalystResult } from '../brain.js';
import { type Asked, type BookInfo, derivePhase, type SessionState } from '../state.js';
import { buildAnalysis } from './analysis.js';
import { type DesignRequest, hasRequest, isOffTopic, isRush, readRequest } from './intent.js';
import { hasCharacterPronoun, hasContent, prepare } from './lexicon.js';
import {
  type AnalystNotes,
  type DesignWish,
  type QuestionKey,
  readAnalyst,
  readShared,
  type SharedNotes,
  withAnswer,
  writeNotes,
} from './notes.js';
import { andList, askBook, capitalise, KID_TYPE, plain, withThe } from './phrasing.js';
import {
  contentWordCount,
  extractNames,
  extractPlace,
  extractThings,
  isDontKnow,
  isNothing,
  isYouPick,
  nounPhrases,
  splitYesNo,
  titleFromWords,
} from './understand.js';
import { lastChild, seedOf, Voice } from './voice.js';

/**
 * The Story Analyst without a model: identify the book from its title or from what happens in it
 * (hybrid retrieval → "Is that X by Y?" → yes/no),
 * accept books we do not know from the child's description, then talk about the story for as long
 * as the child enjoys it (two questions for a child of few words, up to six for a chatty one) and
 * hand back a BookAnalysis. A child who asks to play skips ahead; a wish ("I want to be a robot")
 * is kept for the Game Designer. Every path ends: turn limits move a stuck child on gently.
 */

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
const CHATTY_WORDS = 10;
/** How much of an answer we keep: enough for a description, never an essay. */
const MAX_ANSWER_GRAPHEMES = 300;

const CATALOG_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble'];
const UNKNOWN_PLAN: QuestionKey[] = ['favourite', 'happens', 'where', 'trouble', 'things'];

interface Turn {
  state: SessionState;
  /** The child's words, prepared (bounded, placeholders out, emoji as words). */
  text: string;
  notes: AnalystNotes;
  shared: SharedNotes;
  voice: Voice;
}

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

function infoOf(book: CatalogBook): BookInfo {
  return { title: book.title, author: book.author, catalogId: book.id };
}

/** How the story is named aloud: its title, or "your story" for one the child could not name. */
function spokenTitle(book: BookInfo | null | undefined): string {
  return !book || book.title === UNKNOWN_TITLE ? 'your story' : book.title;
}

function result(
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

function mergeWish(wish: DesignWish, r: DesignRequest): DesignWish {
  return {
    ...wish,
    ...(r.hero ? { hero: r.hero } : {}),
    ...(r.type ? { type: r.type } : {}),
    ...(r.collect?.length ? { collect: r.collect } : {}),
    ...(r.avoid?.length ? { avoid: r.avoid } : {}),
  };
}

function wishAck(r: DesignRequest, voice: Voice): string {
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

// ---------------------------------------------------------------------------------------------
// Questions and answers

function knownCharacters(catalog: CatalogBook | undefined): string[] {
  return catalog?.characters.map((c) => c.name) ?? [];
}

/** Two characters to offer: the hero and a villain. A hero and a friend may be one character twice
 * (the Caterpillar becomes the Butterfly), so without a villain only the hero is named. */
function favouriteOptions(catalog: CatalogBook | undefined): { a?: string; b?: string } {
  if (!catalog) return {};
  const hero = heroOf(catalog);
  const villain = catalog.characters.find((c) => c.role === 'villain' && c.name !== hero?.name);
  return { ...(hero ? { a: hero.name } : {}), ...(villain ? { b: villain.name } : {}) };
}

function question(
  key: QuestionKey,
  catalog: CatalogBook | undefined,
  favourite: string | undefined,
  v: Voice,
): string {
  switch (key) {
    case 'favourite': {
      const { a, b } = favouriteOptions(catalog);
      if (a && b)
        return v.pick([
          `Who was your favourite character? Was it ${withThe(a)} or ${withThe(b)}?`,
          `Which character did you like best: ${withThe(a)} or ${withThe(b)}?`,
        ]);
      if (a)
        return v.pick([
          `Who was your favourite character? Was it ${withThe(a)}, or someone else?`,
          `Which character did you like best? Maybe ${withThe(a)}?`,
        ]);
      return v.pick(['Who was your favourite character in the story?', 'Which character did you like best?']);
    }
    case 'happens':
      return favourite
        ? v.pick([
            `What does ${withThe(favourite)} do in the story?`,
            `What happens to ${withThe(favourite)}?`,
            `What is ${withThe(favourite)} up to in the story?`,
          ])
        : v.pick(['What happens in the story?', 'What happens in the story? Tell me a bit!']);
    case 'where':
      return v.pick([
        'Where does the story happen?',
        'Where does the story take place?',
        'And where is the story set? In a forest, a town, or somewhere else?',
      ]);
    case 'trouble':
      return v.pick([
        'Was there any trouble in the story, like a baddie or something scary?',
        'Did anything go wrong in the story?',
        'Was there a baddie in the story, or something scary?',
      ]);
    case 'things':
      return v.pick([
        'What special things are in the story, like food, toys or treasure?',
        'What things are in the story, like food, toys or treasure?',
      ]);
    case 'best':
      return v.pick(['What was the best bit of the story?', 'What part made you laugh or smile?']);
  }
}

/** The favourite character named in an answer, with "he" or "her" read as the book's hero. */
function favouriteIn(
  answer: string,
  catalog: CatalogBook | undefined,
  about: string | undefined,
): string | undefined {
  const known = knownCharacters(catalog);
  const hero = () =>
    (catalog ? heroOf(catalog)?.name : undefined) ??
    (about ? nounPhrases(about).find((p) => p.kind === 'creature')?.phrase : undefined);
  // "he finds the braid": the one doing things is the hero, whatever else is named.
  if (/^\s*(?:he|she|him|her|they)\b/i.test(answer)) return hero();
  const name = extractNames(answer, known)[0];
  // A character, not a thing ("I like ice cream", "the golden braid" name no one).
  const last = name?.split(/\s+/).at(-1) ?? '';
  const object = catalog?.storyObjects.some((o) => normaliseText(o.name) === normaliseText(name ?? ''));
  if (name && (known.includes(name) || (kindOfWord(last) !== 'thing' && !object))) return name;
  return hasCharacterPronoun(answer) ? hero() : undefined;
}

/** A short, warm echo of the child's answer, so they know we listened; varied, never a non-name. */
function acknowledge(
  key: QuestionKey,
  answer: string,
  catalog: CatalogBook | undefined,
  favourite: string | undefined,
  v: Voice,
): string {
  const { answer: yesNo, rest } = splitYesNo(answer);
  const calm = () => v.pick(['No trouble, phew!', 'Phew, what a calm story!', 'A gentle story, lovely!']);
  if (isYouPick(answer) && key === 'favourite' && favourite)
    return v.pick([`Then I pick ${withThe(favourite)}!`, `Okay, I'll pick ${withThe(favourite)} for you!`]);
  if (isDontKnow(answer) || (yesNo === 'no' && !rest))
    return key === 'trouble' ? calm() : v.pick(["That's okay!", 'No problem!', "That's fine!"]);
  if (key === 'trouble' && isNothing(answer)) return calm();
  if (key === 'favourite' && favourite) {
    const who = withThe(favourite);
    return v.pick([`${capitalise(who)}, great choice!`, `Ooh, ${who}! Good pick.`, `I like ${who} too!`]);
  }
  if (key === 'where') {
    const place = extractPlace(answer);
    if (place)
      return v.pick([`${capitalise(place)}, what a place!`, `Ooh, ${place}!`, `I'd love to visit ${place}!`]);
  }
  if (key === 'trouble') {
    const villains = catalog?.characters.filter((c) => c.role === 'villain').map((c) => c.name) ?? [];
    const named = extractNames(answer, villains)[0];
    const baddie = named && villains.includes(named) ? named : nounPhrases(answer)[0]?.phrase;
    if (baddie) {
      const who = withThe(baddie);
      return v.pick([`Oh no, ${who}!`, `Yikes, ${who}!`, `Eek, ${who}!`, `Uh-oh, ${who}!`]);
    }
  }
  if (key === 'trouble') return v.pick(['Oh dear!', 'Oh no!', 'Uh-oh, what trouble!']);
  if (key === 'things') {
    const things = extractThings(answer, 3).filter(
      (x) => kindOfWord(x.split(/\s+/).at(-1) ?? '') !== 'creature',
    );
    if (things.length) return v.pick([`Ooh, ${andList(things)}!`, `Yum, ${andList(things)}!`]);
  }
  return v.pick([
    'Ooh, I love that!',
    'That sounds exciting!',
    'What a story!',
    'Wow, that sounds fun!',
    'Ha, I like that!',
    'Oh, how lovely!',
  ]);
}

// ---------------------------------------------------------------------------------------------
// Identifying the book

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

function identify(t: Turn, request: DesignRequest): StoryAnalystResult {
  const { state, text, notes } = t;
  const candidate = state.book;
  const { answer, rest } = splitYesNo(text);
  const lead = hasRequest(request) ? `${wishAck(request, t.voice)} ` : '';
  // Only a child in a hurry has hurry words to drop ("Not Now, Bernard" keeps its "now").
  const bookWords = isRush(text) ? text.replace(RUSH_WORDS, ' ').replace(/\s+/g, ' ').trim() : text;

  // Safety valve: a child who is stuck gets the book we have (or their story) and moves on.
  if (state.turnsInPhase >= MAX_IDENTIFY_TURNS) {
    if (candidate && answer !== 'no') {
      return startDiscussion(t, notes, candidate, `${lead}Let's talk about ${candidate.title}!`);
    }
    const title = titleFromWords(bookWords);
    return acceptUnknown(t, title ? { ...notes, pendingTitle: title } : notes, bookWords || undefined);
  }

  if (notes.stage === 'confirm' && candidate) {
    if (answer === 'yes' || (isRush(text) && answer !== 'no')) {
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
    const restWords = isRush(rest) ? rest.replace(RUSH_WORDS, ' ').trim() : rest;
    const other = restWords && !hasRequest(request) ? findBook(restWords, rejected) : null;
    if (other && other.book.id !== candidate.catalogId) {
      return offerCandidate(t, afterNo, other.book, answer === 'no' ? 'Oops! ' : '');
    }
    if (answer === 'no') {
      const title = restWords ? titleFromWords(restWords) : null;
      // Not the book their description sounded like: then it is a story new to us, and they have
      // already told us about it.
      if (!title && notes.about && notes.describedId === candidate.catalogId) {
        const { describedId: _offered, ...kept } = afterNo;
        return acceptUnknown(t, kept, notes.about);
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
    return result(t, `${lead}Is it ${candidate.title}? You can say yes or no.`, notes);
  }

  if (notes.stage === 'describe') {
    const match = bookWords ? findBook(bookWords, notes.rejected) : null;
    // A strong match means they remembered the title after all.
    if (match && match.score >= 0.9) return offerCandidate(t, notes, match.book, lead);
    const about = isDontKnow(text) || hasRequest(request) || !hasContent(bookWords) ? undefined : bookWords;
    // A description we recognise: ask about it, keeping the description in case the answer is no.
    const described = about ? describedBook(about, notes.rejected) : null;
    if (described) return offerDescribed(t, notes, described, about as string, lead);
    return acceptUnknown(t, notes, about || undefined);
  }

  const us = aboutUs(text, t.voice);
  if (us && notes.stage === 'title') return result(t, `${us} What book did you read?`, notes);
  if (isOffTopic(text) && notes.stage === 'title' && !findBook(bookWords)) {
    // "I have a new bike" is news, not a book: enjoy it, then ask again (the turn limit still ends this).
    const back = t.voice.pick(['Ooh, fun!', 'Ha, I like that!', 'Oh, wow!']);
    return result(
      t,
      `${back} ${t.voice.pick(['Now, what book did you read?', 'And which book did you read?'])}`,
      notes,
    );
  }

  // stage 'title': what book did you read? A rejected book is offered again only when the child
  // says its very title ("no" may have been a slip; "the buffalo" twice is still not the Gruffalo).
  const searchable = bookWords && (!hasRequest(request) || bookWords.split(' ').length > 6);
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
  const described = searchable && !isDontKnow(text) ? describedBook(bookWords, notes.rejected) : null;
  if (described) return offerDescribed(t, notes, described, bookWords, lead);
  if (t.shared.rush && !titleFromWords(bookWords)) {
    // Ready to play but no book yet: ask once, then make a game from their own story.
    if (state.turnsInPhase >= 1 && normaliseText(bookWords) !== '' && !hasRequest(request)) {
      return acceptUnknown(t, notes, isDontKnow(text) ? undefined : bookWords);
    }
    if (state.turnsInPhase >= 1) return acceptUnknown(t, notes, undefined);
    return result(
      t,
      `${lead}${t.voice.pick(["Let's make a game! Which book should it be about?", 'Yes, a game! What book did you read?'])}`,
      notes,
    );
  }
  if (hasRequest(request)) {
    return result(
      t,
      `${lead}${t.voice.pick(['What book did you read?', 'Now, which book did you read?'])}`,
      notes,
    );
  }
  if (!hasContent(bookWords) && !isDontKnow(text) && !(answer && !rest)) {
    // "I'm [name] and I'm [age]": nothing about a book yet.
    return result(
      t,
      t.voice.pick(['Tell me about your book! What is it called?', 'Which book was it? Tell me its name!']),
      notes,
    );
  }
  if (isDontKnow(text) || (answer && !rest) || !normaliseText(text)) {
    return result(
      t,
      t.voice.pick(["That's okay! What was the story about?", 'No problem! What happens in the story?']),
      { ...notes, stage: 'describe' },
    );
  }
  const title = titleFromWords(bookWords);
  if (title) {
    return result(t, `${title}! I don't know that one yet. What is it about?`, {
      ...notes,
      stage: 'describe',
      pendingTitle: title,
    });
  }
  // They described it instead of naming it: that is the description.
  return acceptUnknown(t, notes, bookWords || undefined);
}

// ---------------------------------------------------------------------------------------------
// Talking about the story

function finishDiscussion(
  t: Turn,
  notes: AnalystNotes,
  lead: string,
  style = t.shared.style,
): StoryAnalystResult {
  const catalog = bookById(t.state.book?.catalogId);
  const analysis = buildAnalysis(notes, catalog);
  const title = spokenTitle(t.state.book);
  const thanks = t.shared.rush
    ? t.voice.pick(["Okay, let's make your game now!", "Sure, let's skip to the game!"])
    : t.voice.pick([
        `Thank you for telling me all about ${title}!`,
        `I loved hearing about ${title}!`,
        'What a great story. Thank you for telling me!',
      ]);
  return result(t, `${lead} ${thanks}`, notes, { analysis }, { style });
}

// Questions a child asks us ("what's your name?"): answered in a breath, then back to the story.
const ABOUT_US =
  /\b(?:whats your name|what is your name|who are you|are you a robot|are you real|are you a person|how old are you|where do you live|do you have a name)\b/;

function aboutUs(text: string, v: Voice): string | null {
  if (!ABOUT_US.test(normaliseText(text))) return null;
  return v.pick([
    "I'm your story helper! I help turn books into games.",
    "I'm the story helper, a computer friend who loves books!",
  ]);
}

function discuss(t: Turn, request: DesignRequest): StoryAnalystResult {
  const { state, text } = t;
  const notes = t.notes;
  const catalog = bookById(state.book?.catalogId);
  const plan = notes.plan.length ? notes.plan : [...(catalog ? CATALOG_PLAN : UNKNOWN_PLAN)];
  const [asked, ...rest] = plan;
  const us = aboutUs(text, t.voice);
  if (us && asked && state.turnsInPhase + 1 < MAX_DISCUSS_TURNS) {
    const fav = notes.favourite ?? (catalog ? heroOf(catalog)?.name : undefined);
    return result(t, `${us} ${question(asked, catalog, fav, t.voice)}`, notes);
  }
  const offTopic = isOffTopic(text) && !hasRequest(request);
  const wishOnly =
    offTopic ||
    (hasRequest(request) &&
      extractThings(text.replace(/\b(?:i want to be|be|play as)\b.*$/i, ''), 1).length === 0);
  const words = contentWordCount(text);
  const style = wishOnly ? t.shared.style : withAnswer(t.shared.style, words);
  const wishLead = hasRequest(request)
    ? wishAck(request, t.voice)
    : offTopic
      ? t.voice.pick(['Ha! Back to the story.', 'Ooh! Now, back to the book.', 'Hee hee! Back to the story.'])
      : '';

  if (t.shared.rush) return finishDiscussion(t, { ...notes, plan: rest }, wishLead, style);

  const stored = cutGraphemes(text, MAX_ANSWER_GRAPHEMES);
  let favourite: string | undefined;
  const answers = { ...notes.answers };
  let favouriteNote = notes.favourite;
  if (asked && !wishOnly) {
    answers[asked] = stored;
    if (asked === 'favourite') {
      favourite = isYouPick(text) || isDontKnow(text) ? undefined : favouriteIn(text, catalog, notes.about);
      const picked = isYouPick(text) && catalog ? heroOf(catalog)?.name : undefined;
      favourite ??= picked;
      if (favourite) favouriteNote = favourite;
    }
  }
  const askedSoFar = asked ? [...notes.asked, asked] : notes.asked;
  let remaining = [...rest];

  // The child already told us where, or who the baddie is: do not ask again.
  if (!answers.where && remaining.includes('where') && !wishOnly) {
    const place = /\b(?:in|at|on|inside|under|into)\s/i.test(text) ? extractPlace(text) : null;
    if (place && asked !== 'where') {
      answers.where = place;
      remaining = remaining.filter((k) => k !== 'where');
    }
  }
  if (!answers.trouble && remaining.includes('trouble') && catalog && asked !== 'favourite') {
    const villains = catalog.characters.filter((c) => c.role === 'villain').map((c) => c.name);
    const named = extractNames(text, villains)[0];
    if (named && villains.includes(named)) {
      answers.trouble = stored;
      remaining = remaining.filter((k) => k !== 'trouble');
    }
  }
  // A chatty child gets a question or two more; a child of few words gets fewer.
  if (words >= CHATTY_WORDS && askedSoFar.length + remaining.length < MAX_QUESTIONS) {
    const extra = (['best', 'things'] as const).find(
      (k) => !askedSoFar.includes(k) && !remaining.includes(k),
    );
    if (extra) remaining.push(extra);
  }
  const previous = askedSoFar.at(-2);
  const previousShort = previous ? contentWordCount(answers[previous] ?? '') <= 2 : false;
  if (askedSoFar.length >= MIN_QUESTIONS && words <= 2 && previousShort) remaining = [];

  const next: AnalystNotes = {
    ...notes,
    stage: 'discuss',
    plan: remaining,
    answers,
    asked: askedSoFar,
    ...(favouriteNote ? { favourite: favouriteNote } : {}),
  };
  const ack = wishLead || (asked ? acknowledge(asked, text, catalog, favourite, t.voice) : '');

  const following = remaining[0];
  if (!following || state.turnsInPhase + 1 >= MAX_DISCUSS_TURNS || askedSoFar.length >= MAX_QUESTIONS) {
    return finishDiscussion(t, next, ack, style);
  }
  const fav = favouriteNote ?? (catalog ? heroOf(catalog)?.name : undefined);
  return result(t, `${ack} ${question(following, catalog, fav, t.voice)}`, next, {}, { style });
}

export async function storyAnalyst(state: SessionState, message: string | null): Promise<StoryAnalystResult> {
  const phase = derivePhase(state);
  const notes = readAnalyst(state.notes);
  const shared = readShared(state.notes);
  const voice = new Voice(
    state.notes,
    seedOf(state.recent.length, message ?? lastChild(state), state.book?.title ?? ''),
  );
  // A message of only emoji we do not know, or only placeholders, reads as "um": a child who is
  // stuck, which every question already handles (and which the turn limits end).
  const prepared = message === null ? '' : prepare(message);
  const text = prepared || (message?.trim() ? 'um' : '');
  const t: Turn = { state, text, notes, shared, voice };
  if (!text) {
    if (phase === 'discussing') {
      const catalog = bookById(state.book?.catalogId);
      return result(t, question(notes.plan[0] ?? 'favourite', catalog, undefined, voice), notes);
    }
    return result(t, 'What book did you read?', notes);
  }
  const catalog = bookById(state.book?.catalogId);
  const request = readRequest(text, knownCharacters(catalog));
  const rush = shared.rush || isRush(text);
  const turn: Turn = { ...t, shared: { ...shared, rush, wish: mergeWish(shared.wish, request) } };
  return phase === 'identifying' ? identify(turn, request) : discuss(turn, request);
}
