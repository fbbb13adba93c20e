import type { GameDesignerResult } from '../../brain.js';
import { sameName, thingsFrom } from '../design-context.js';
import { thing } from '../design-words.js';
import { andList, capitalise, collectVerb } from '../phrasing.js';
import type { SlotAnswer } from './slot.js';
import { type DesignTurn, finish } from './turn.js';

/** "What do you collect?": things from the answer, else the suggestion (another one after a "no"). */
export function answerCollect(t: DesignTurn, a: SlotAnswer): GameDesignerResult {
  const { ctx, voice } = t;
  let d = a.d;
  const things = t.request.collect?.length
    ? (d.collectibles ?? [])
    : a.youPick
      ? []
      : a.yesToSuggestion
        ? [ctx.collect]
        : thingsFrom(a.answerText, ctx, '⭐');
  if (things.length) {
    d = { ...d, collectibles: things };
    const said = andList(things.map((c) => thing(c.name)));
    return finish(
      t,
      d,
      voice.pick([`${capitalise(said)}, yes!`, `Ooh, ${said}!`, `${capitalise(said)}, good idea!`]),
    );
  }
  const suggestion = a.plainNo
    ? (ctx.objects.find((o) => !sameName(o.name, ctx.collect.name)) ?? ctx.collect)
    : ctx.collect;
  d = { ...d, collectibles: [suggestion] };
  const said = thing(suggestion.name);
  return finish(
    t,
    d,
    voice.pick([`Let's ${collectVerb(d.gameType)} ${said} then!`, `Okay, how about ${said}!`]),
  );
}
