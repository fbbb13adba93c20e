import { normaliseText } from '../../../text/normalise.js';
import type { GameDesignerResult } from '../../brain.js';
import type { GameDesign } from '../../state.js';
import { applyRequest, naturalSlot } from '../design-context.js';
import { ask, changedWords, TYPE_WORDS } from '../design-words.js';
import { hasRequest, isOffTopic } from '../intent.js';
import { isDontKnow, isYouPick, parseGameType, splitYesNo, stripLeads } from '../understand.js';
import { answerAvoid } from './avoid-slot.js';
import { answerCollect } from './collect-slot.js';
import { answerHero } from './hero-slot.js';
import { again, type DesignTurn, requestFor } from './turn.js';
import { answerType } from './type-slot.js';

export type SlotStage = 'type' | 'hero' | 'collect' | 'avoid';

/** How the child answered one design question, read once for the slot's handler. */
export interface SlotAnswer {
  /** The design with any requests the message made applied. */
  d: GameDesign;
  /** The answer without "yes"/"no" leads ("yes the mouse" → "the mouse"). */
  answerText: string;
  /** "no", "not him", "not that one": the suggestion is turned down, nothing else said. */
  plainNo: boolean;
  /** "you pick", "I don't know": the designer chooses. */
  youPick: boolean;
  /** "Yes" to "Maybe the Mouse": the suggestion it is. */
  yesToSuggestion: boolean;
  /** Turn-downs of this question so far, this one included: a second "no" moves on. */
  refusals: number;
  /** A book name that belongs to another question ("the owl" when asked what to collect). */
  elsewhere: { slot: 'hero' | 'avoid' | 'collect'; name: string } | null;
}

const REFUSED = /^\s*not\s+(?:him|her|them|it|that|this|that one|this one|the one|those)\s*[.!]*$/i;

/**
 * An answer to one of the four design questions: off-topic talk and requests for other questions
 * are handled here (the question then still stands); the answer itself goes to the slot's handler.
 */
export function answerSlot(t: DesignTurn, stage: SlotStage): GameDesignerResult {
  const { text, request, ctx, voice } = t;
  if (isOffTopic(text) && !hasRequest(request)) {
    const back = voice.pick([
      "Ooh! Let's finish your game first.",
      'Hmm! After the game, maybe.',
      'Ha! First, your game.',
    ]);
    return again(t, `${back} ${ask(stage, t.design, ctx, voice)}`, stage, t.design);
  }
  const youPick = isYouPick(text) || isDontKnow(text);
  // "the maze" when asked who you are: a kind of game, not a hero called Maze.
  if (stage !== 'type' && !request.type && TYPE_WORDS.test(normaliseText(text))) {
    const type = parseGameType(text, t.offered);
    if (type) request.type = type;
  }
  const d = applyRequest(t.design, request, ctx) ?? t.design;
  const answered = {
    type: request.type,
    hero: request.hero,
    collect: request.collect?.length,
    avoid: request.avoid?.length || request.remove === 'all',
  }[stage];
  // Requests for other questions are kept ("I want to be a robot" while asked what to collect),
  // and then this question still stands.
  if (hasRequest(request) && !answered && !youPick)
    return again(t, `${changedWords(request)} ${ask(stage, d, ctx, voice)}`, stage, d);

  const answerText = stripLeads(text) || text;
  // A book name given to the wrong question goes where it belongs ("the mouse" is who you are).
  // (Any name can be something to dodge; and a child may want to be the baddie.)
  const natural = !youPick && !hasRequest(request) ? naturalSlot(answerText, ctx) : null;
  const elsewhere =
    natural && stage !== 'avoid' && natural.slot !== stage && !(stage === 'hero' && natural.slot === 'avoid')
      ? natural
      : null;
  if (elsewhere && stage !== 'type') {
    const r = requestFor(elsewhere.slot, elsewhere.name, true);
    // Only when it changes something: said twice, it is this question's answer after all.
    const moved = applyRequest(d, r, ctx);
    if (moved) return again(t, `${changedWords(r)} ${ask(stage, moved, ctx, voice)}`, stage, moved);
  }
  const { answer, rest } = splitYesNo(text);
  const a: SlotAnswer = {
    d,
    answerText,
    plainNo: (answer === 'no' && !stripLeads(rest)) || REFUSED.test(text),
    youPick,
    yesToSuggestion: answer === 'yes' && !stripLeads(text),
    refusals: (t.saved.refusals ?? 0) + 1,
    elsewhere,
  };
  switch (stage) {
    case 'type':
      return answerType(t, a);
    case 'hero':
      return answerHero(t, a);
    case 'collect':
      return answerCollect(t, a);
    case 'avoid':
      return answerAvoid(t, a);
  }
}
