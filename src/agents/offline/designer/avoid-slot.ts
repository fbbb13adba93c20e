import type { GameDesignerResult } from '../../brain.js';
import { needsHazard, sameName, thingsFrom } from '../design-context.js';
import { thing } from '../design-words.js';
import { capitalise, KID_TYPE } from '../phrasing.js';
import { isNothing } from '../understand.js';
import type { SlotAnswer } from './slot.js';
import { type DesignTurn, finish } from './turn.js';

/**
 * "What do you dodge?": things from the answer; "nothing" where the game type allows it; else the
 * suggestion (another baddie after a "no" to a game that needs one).
 */
export function answerAvoid(t: DesignTurn, a: SlotAnswer): GameDesignerResult {
  const { ctx, voice } = t;
  let d = a.d;
  const type = d.gameType;
  const suggestion = ctx.avoid(d.hero?.name, d.collectibles ?? []);
  const none = isNothing(a.answerText) || a.plainNo || t.request.remove === 'all';
  if (none && !needsHazard(type)) {
    d = { ...d, hazards: [] };
    return finish(t, d, voice.pick(['No baddies, okay!', 'A game with nothing to dodge, lovely!']));
  }
  const things = t.request.avoid?.length
    ? (d.hazards ?? [])
    : a.youPick || none
      ? []
      : a.yesToSuggestion
        ? [suggestion]
        : thingsFrom(a.answerText, ctx, '🌩️');
  if (things.length) {
    d = { ...d, hazards: things };
    return finish(t, d, '');
  }
  const alt = none
    ? (ctx.villains.find((v) => !sameName(v.name, suggestion.name)) ?? suggestion)
    : suggestion;
  d = { ...d, hazards: [alt] };
  const lead = none
    ? `${capitalise(KID_TYPE[type ?? 'avoider'])} needs something to dodge, so let's dodge ${thing(alt.name)}!`
    : voice.pick([`Let's dodge ${thing(alt.name)} then!`, `Okay, watch out for ${thing(alt.name)}!`]);
  return finish(t, d, lead);
}
