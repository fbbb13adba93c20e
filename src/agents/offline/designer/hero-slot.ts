import type { GameDesignerResult } from '../../brain.js';
import { heroFrom, sameName } from '../design-context.js';
import { heroName } from '../design-words.js';
import { capitalise, withThe } from '../phrasing.js';
import type { SlotAnswer } from './slot.js';
import { type DesignTurn, finish, reply } from './turn.js';

/** "Who do you want to be?": a name from the answer or the suggestion; a first "no" asks again. */
export function answerHero(t: DesignTurn, a: SlotAnswer): GameDesignerResult {
  const { ctx, voice } = t;
  let d = a.d;
  const hero = t.request.hero
    ? d.hero
    : a.youPick || a.plainNo
      ? null
      : a.yesToSuggestion
        ? ctx.hero
        : heroFrom(a.answerText, ctx);
  if (hero) {
    d = { ...d, hero };
    const who = heroName(hero.name);
    return finish(
      t,
      d,
      voice.pick([`You are ${who}!`, `Ooh, ${who}! Good choice.`, `${capitalise(who)}, yes!`]),
    );
  }
  if (a.plainNo && a.refusals < 2) {
    const other = ctx.characters.find((c) => !sameName(c.name, ctx.hero.name));
    const idea = other
      ? `${withThe(other.name)}, a robot, or anyone you like`
      : 'a robot, a unicorn, or anyone you like';
    return reply(t, `Okay! Who do you want to be, then? Maybe ${idea}.`, 'hero', d, { refusals: a.refusals });
  }
  d = { ...d, hero: ctx.hero };
  return finish(
    t,
    d,
    voice.pick([
      `I pick ${heroName(ctx.hero.name)} for you!`,
      `Let's say you are ${heroName(ctx.hero.name)}!`,
    ]),
  );
}
