import type { GameDesignerResult } from '../../brain.js';
import { applyRequest } from '../design-context.js';
import { ask, wishWords } from '../design-words.js';
import { hasRequest } from '../intent.js';
import { andList } from '../phrasing.js';
import { askNext, buildNow, type DesignTurn, reply } from './turn.js';

/**
 * The designer speaks first (right after the discussion) or hears nothing: the open question again,
 * or the greeting with the wishes from the talk already in the design (a child in a hurry gets the game).
 */
export function greet(t: DesignTurn): GameDesignerResult {
  const { saved, shared, voice } = t;
  if (saved.stage !== 'type' && t.state.design)
    return reply(t, ask(saved.stage, t.design, t.ctx, voice), saved.stage, t.design);
  const wished = applyRequest(t.design, shared.wish, t.ctx) ?? t.design;
  if (shared.rush) return buildNow(t, wished);
  const hello = voice.pick([
    "Now let's make your game!",
    'Time to make your game!',
    "Let's design your game!",
  ]);
  const remembered = hasRequest(shared.wish) ? ` Like you said, ${andList(wishWords(shared.wish))}.` : '';
  return askNext(t, wished, `${hello}${remembered}`, { wish: {} });
}
