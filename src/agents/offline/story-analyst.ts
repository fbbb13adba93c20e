import { bookById } from '../../books/catalog.js';
import type { StoryAnalystResult } from '../brain.js';
import { derivePhase, type SessionState } from '../state.js';
import { discuss } from './analyst/discuss.js';
import { identify } from './analyst/identify.js';
import { knownCharacters, question } from './analyst/questions.js';
import { mergeWish, result, type Turn } from './analyst/turn.js';
import { isRush, readRequest } from './intent.js';
import { prepare } from './lexicon.js';
import { readAnalyst, readShared } from './notes.js';
import { lastChild, seedOf, Voice } from './voice.js';

export {
  MAX_DISCUSS_TURNS,
  MAX_IDENTIFY_TURNS,
  MAX_QUESTIONS,
  MIN_QUESTIONS,
  UNKNOWN_TITLE,
} from './analyst/turn.js';
/**
 * The Story Analyst without a model: identify the book from its title or from what happens in it
 * (hybrid retrieval → "Is that X by Y?" → yes/no),
 * accept books we do not know from the child's description, then talk about the story for as long
 * as the child enjoys it (two questions for a child of few words, up to six for a chatty one) and
 * hand back a BookAnalysis. A child who asks to play skips ahead; a wish ("I want to be a robot")
 * is kept for the Game Designer. Every path ends: turn limits move a stuck child on gently.
 */

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
