import type { GameType } from '../../../games/spec.js';
import type { GameDesignerResult } from '../../brain.js';
import { applyRequest } from '../design-context.js';
import { changedWords } from '../design-words.js';
import { andList, capitalise, KID_TYPE } from '../phrasing.js';
import { parseGameType } from '../understand.js';
import type { SlotAnswer } from './slot.js';
import { type DesignTurn, finish, reply, requestFor } from './turn.js';

const EVERY_TYPE: readonly GameType[] = ['platformer', 'runner', 'maze', 'catcher', 'collector', 'avoider'];

/** "Which kind of game?": a type named or said yes to; a first "no" offers others; else we pick. */
export function answerType(t: DesignTurn, a: SlotAnswer): GameDesignerResult {
  const { request, offered, voice } = t;
  let d = a.d;
  const chosen =
    request.type ??
    (a.yesToSuggestion ? (offered[0] ?? null) : a.youPick ? null : parseGameType(a.answerText, offered));
  if (chosen) {
    d = { ...d, gameType: chosen };
    return finish(
      t,
      d,
      voice.pick(['Great pick!', `${capitalise(KID_TYPE[chosen])} it is!`, 'Ooh, good choice!']),
    );
  }
  if (a.elsewhere) {
    // A name for another question: kept there, and the type is picked for the child.
    const r = requestFor(a.elsewhere.slot, a.elsewhere.name, false);
    d = applyRequest(d, r, t.ctx) ?? d;
    const pickType = d.gameType ?? offered[0] ?? 'collector';
    d = { ...d, gameType: pickType };
    return finish(t, d, `${changedWords(r)} And I pick ${KID_TYPE[pickType]}.`);
  }
  if (a.plainNo && a.refusals < 2) {
    const others = EVERY_TYPE.filter((type) => !offered.includes(type));
    const kinds = andList(
      others.slice(0, 2).map((type) => KID_TYPE[type]),
      'or',
    );
    return reply(t, `Okay! We could also make ${kinds}. Which kind of game would you like?`, 'type', d, {
      refusals: a.refusals,
    });
  }
  const pickType = d.gameType ?? offered[0] ?? 'collector';
  d = { ...d, gameType: pickType };
  return finish(
    t,
    d,
    voice.pick([`Okay, I pick ${KID_TYPE[pickType]}!`, `Let's try ${KID_TYPE[pickType]} then!`]),
  );
}
