import { bookById, type CatalogBook, heroOf } from '../../../books/catalog.js';
import { cutGraphemes } from '../../../text/graphemes.js';
import type { StoryAnalystResult } from '../../brain.js';
import { buildAnalysis } from '../analysis.js';
import { type DesignRequest, hasRequest, isOffTopic } from '../intent.js';
import { type AnalystNotes, type QuestionKey, withAnswer } from '../notes.js';
import {
  contentWordCount,
  extractNames,
  extractPlace,
  extractThings,
  isDontKnow,
  isYouPick,
} from '../understand.js';
import { aboutUs, acknowledge, favouriteIn, question } from './questions.js';
import {
  CATALOG_PLAN,
  CHATTY_WORDS,
  MAX_ANSWER_GRAPHEMES,
  MAX_DISCUSS_TURNS,
  MAX_QUESTIONS,
  MIN_QUESTIONS,
  result,
  spokenTitle,
  type Turn,
  UNKNOWN_PLAN,
  wishAck,
} from './turn.js';

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

export function discuss(t: Turn, request: DesignRequest): StoryAnalystResult {
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
  const remaining = replan({ text, asked, rest, answers, askedSoFar, catalog, wishOnly, words, stored });

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

interface Replan {
  text: string;
  asked: QuestionKey | undefined;
  rest: QuestionKey[];
  /** The answers so far: an answer given ahead of its question is noted here. */
  answers: Partial<Record<QuestionKey, string>>;
  askedSoFar: QuestionKey[];
  catalog: CatalogBook | undefined;
  wishOnly: boolean;
  words: number;
  stored: string;
}

/** The questions still to ask after this answer: the plan grows for a chatty child, shrinks for a shy one. */
function replan(r: Replan): QuestionKey[] {
  const { text, asked, answers, askedSoFar, catalog, words } = r;
  let remaining = [...r.rest];
  // The child already told us where, or who the baddie is: do not ask again.
  if (!answers.where && remaining.includes('where') && !r.wishOnly) {
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
      answers.trouble = r.stored;
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
  return askedSoFar.length >= MIN_QUESTIONS && words <= 2 && previousShort ? [] : remaining;
}
