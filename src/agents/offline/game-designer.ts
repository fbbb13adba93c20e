import { bookById } from '../../books/catalog.js';
import type { GameDesignerResult } from '../brain.js';
import type { GameDesign, SessionState } from '../state.js';
import { applyRequest, contextOf, namesIn, offeredTypes } from './design-context.js';
import { greet } from './designer/greet.js';
import { placePending } from './designer/place.js';
import { atReadBack } from './designer/read-back.js';
import { answerSlot } from './designer/slot.js';
import { build, buildNow, type DesignTurn, MAX_DESIGN_EXCHANGES } from './designer/turn.js';
import { isHold, isRush, readRequest } from './intent.js';
import { prepare } from './lexicon.js';
import { readDesigner, readShared } from './notes.js';
import { lastChild, seedOf, Voice } from './voice.js';

export { MAX_DESIGN_EXCHANGES, MAX_DESIGN_TURNS } from './designer/turn.js';

/**
 * The Game Designer without a model: offer the game types that fit the book, then ask who you
 * play as, what to collect and what to avoid (suggesting from the book, keeping the child's own
 * words), read the design back and build on a yes. "No", "wait" or a correction never builds: the
 * change is made and the design read back again. "Make the game now" fills the rest from the book
 * and builds; "you pick" gets a choice, said aloud; a shy child is asked less. One handler per
 * stage, in ./designer: the slot questions, the read-back, "be it or dodge it?", the greeting.
 */
export async function gameDesigner(state: SessionState, message: string | null): Promise<GameDesignerResult> {
  const saved = readDesigner(state.notes);
  const catalog = bookById(state.book?.catalogId);
  const offered = saved.offered.length ? saved.offered : offeredTypes(state, catalog);
  const ctx = contextOf(state, offered);
  const voice = new Voice(
    state.notes,
    seedOf(state.recent.length, message ?? lastChild(state), state.book?.title ?? '', 'designer'),
  );
  const { confirmed: _confirmed, ...design }: GameDesign = state.design ?? {};
  const text = message?.trim() ? prepare(message) || 'um' : '';
  const request = text ? readRequest(text, [...ctx.known.map((k) => k.name), ...namesIn(design)]) : {};
  const t: DesignTurn = {
    state,
    saved,
    shared: readShared(state.notes),
    offered,
    ctx,
    voice,
    design,
    text,
    request,
    hold: text ? isHold(text) : false,
  };
  if (!text) return greet(t);
  if (state.turnsInPhase >= MAX_DESIGN_EXCHANGES) return moveOn(t);
  // "Make the game now": fill the rest from the book, say what was chosen, and build.
  if (isRush(text) && !t.hold) return buildNow(t, applyRequest(design, request, ctx) ?? design);
  switch (saved.stage) {
    case 'confirm':
    case 'change':
      return atReadBack(t);
    case 'place':
      return placePending(t);
    default:
      return answerSlot(t, saved.stage);
  }
}

/** After a long design talk: build what we have, kindly, and say it can still change. */
function moveOn(t: DesignTurn): GameDesignerResult {
  const lead = t.voice.pick([
    "We've had so many ideas! Let's play this one now. I'm building your game, and you can change it after.",
    "What a lot of great ideas! I'm building your game now, and we can change it once you've played.",
  ]);
  return build(t, t.design, lead);
}
