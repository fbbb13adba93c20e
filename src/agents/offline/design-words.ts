import { kindOfWord } from '../../games/emoji.js';
import type { GameType } from '../../games/spec.js';
import { normaliseText } from '../../text/normalise.js';
import type { GameDesign } from '../state.js';
import { type Context, completed } from './design-context.js';
import type { DesignRequest } from './intent.js';
import { type DesignerStage, type DesignWish, isShy, type SharedNotes } from './notes.js';
import { andList, capitalise, collectVerb, KID_TYPE, KID_TYPE_HINT, withThe } from './phrasing.js';
import type { Voice } from './voice.js';

/**
 * How the Game Designer says things: its questions, the one-sentence read-back, and what a change
 * did, each in a few wordings (the Voice picks ones not used yet in the conversation).
 */

/**
 * Things are spoken in lowercase ("Spicy Salsa" → "spicy salsa") when they are ordinary words;
 * names such as "Mr. McGregor" keep their capitals.
 */
export function speak(name: string): string {
  const last = name.trim().split(/\s+/).pop() ?? '';
  return kindOfWord(last) ? name.toLowerCase() : name;
}

/** "tacos" stays bare, "owl" becomes "the owl": how a child would say it. */
export function thing(name: string): string {
  const spoken = speak(name);
  return /s$/i.test(spoken) ? spoken : withThe(spoken);
}

export function heroName(name: string): string {
  return withThe(name);
}

export function sentence(design: GameDesign): string {
  const type = design.gameType ?? 'collector';
  const hero = heroName(design.hero?.name ?? 'Hero');
  const things = andList((design.collectibles ?? []).map((c) => thing(c.name)));
  const hazards = (design.hazards ?? []).map((h) => thing(h.name));
  const dodge = hazards.length ? ` and dodge ${andList(hazards)}` : '';
  return `you are ${hero}, you ${collectVerb(type)} ${things}${dodge} in ${KID_TYPE[type]}`;
}

/** The design in one sentence and the question. After a lead ("Done!") no second interjection. */
export function readBack(design: GameDesign, v: Voice, afterLead = false): string {
  const s = sentence(design);
  const plainOnes = [
    `So: ${s}. Shall I build it?`,
    `Here's the plan: ${s}. Shall I build it?`,
    `Let me check: ${s}. Does that sound good?`,
    `Right, so ${s}. Ready for me to build it?`,
  ];
  if (afterLead) return v.pick(plainOnes);
  return v.pick([
    ...plainOnes,
    `Okay! Now ${s}. Should I make it?`,
    `Got it! ${capitalise(s)}. Shall I build it?`,
  ]);
}

// Words that name a kind of game, wherever they come ("the maze", "a jumping game").
export const TYPE_WORDS =
  /\b(?:maze|labyrinth|platformer|runner|\w+ing game|\w+ing one|treasure hunt)\b|^(?:jumping|running|catching|dodging|racing|hopping)$/;

/** Which question a "change something" answer points at. */
export function changeTarget(text: string): Exclude<DesignerStage, 'confirm' | 'change' | 'place'> | null {
  const n = normaliseText(text);
  if (/\b(?:avoid|dodge|stay away|baddie|baddies|bad guy|bad guys|danger|enemy|enemies|monsters?)\b/.test(n))
    return 'avoid';
  if (/\b(?:hero|who i am|who i play|character|play as|player|me|who)\b/.test(n)) return 'hero';
  if (/\b(?:collect|catch|get|find|things|treasure|stuff)\b/.test(n)) return 'collect';
  if (/\b(?:game|type|kind)\b/.test(n)) return 'type';
  return null;
}

/**
 * The offer, each type with its reason in the book's own terms: "a running game where you run
 * from the fox" for the Gingerbread Man, "a treasure hunt where you find honey" for Pooh. Without
 * a name to use, the type's general hint.
 */
export function offerText(ctx: Context): string {
  return andList(
    ctx.offered.map((t) => `${KID_TYPE[t]} ${offerReason(t, ctx)}`),
    'or',
  );
}

// A place said in a breath ("the deep dark wood"); a long setting reads badly inside the offer.
const SHORT_PLACE_WORDS = 4;

export function offerReason(type: GameType, ctx: Context): string {
  const hero = ctx.hero.name === 'Hero' ? undefined : ctx.hero.name;
  const baddie = ctx.villains.find((v) => !hero || normaliseText(v.name) !== normaliseText(hero));
  const treasure = ctx.objects.length ? ctx.collect : undefined;
  const place = ctx.catalog?.setting ?? ctx.setting;
  switch (type) {
    case 'runner':
      return baddie ? `where you run from ${thing(baddie.name)}` : KID_TYPE_HINT.runner;
    case 'avoider':
      return baddie ? `where you dodge ${thing(baddie.name)}` : KID_TYPE_HINT.avoider;
    case 'catcher':
      return treasure ? `where you catch ${thing(treasure.name)}` : KID_TYPE_HINT.catcher;
    case 'collector':
      return treasure ? `where you find ${thing(treasure.name)}` : KID_TYPE_HINT.collector;
    case 'platformer':
      return hero ? `where you hop up high like ${heroName(hero)}` : KID_TYPE_HINT.platformer;
    case 'maze':
      return place && place.split(/\s+/).length <= SHORT_PLACE_WORDS
        ? `where you find the way through ${withThe(place)}`
        : KID_TYPE_HINT.maze;
  }
}

export function ask(stage: DesignerStage, design: GameDesign, ctx: Context, v: Voice): string {
  const hero = design.hero?.name ?? ctx.hero.name;
  const type = design.gameType;
  switch (stage) {
    case 'type':
      return v.pick([
        `We could make ${offerText(ctx)}. Which kind of game would you like?`,
        `Let's pick a game: ${offerText(ctx)}. Which game sounds the most fun?`,
      ]);
    case 'hero': {
      const who = ctx.hero.name === 'Hero' ? 'a brave hero' : withThe(ctx.hero.name);
      return v.pick([
        `Who do you want to be in the game? Maybe ${who}.`,
        `Who should you play as? Maybe ${who}.`,
        `Who will be the hero? Maybe ${who}.`,
      ]);
    }
    case 'collect': {
      const suggestion = thing((design.collectibles?.[0] ?? ctx.collect).name);
      return type === 'catcher'
        ? v.pick([
            `What should you catch? Maybe ${suggestion}.`,
            `What should fall from the sky for you to catch? Maybe ${suggestion}.`,
          ])
        : v.pick([
            `What should you collect? Maybe ${suggestion}.`,
            `What should ${withThe(hero)} collect? Maybe ${suggestion}.`,
            `What treasure should you find? Maybe ${suggestion}.`,
          ]);
    }
    case 'avoid': {
      const suggestion = thing(ctx.avoid(hero, design.collectibles ?? []).name);
      return v.pick([
        `What should you stay away from? Maybe ${suggestion}.`,
        `What should you dodge? Maybe ${suggestion}.`,
        `And what should you avoid? Maybe ${suggestion}.`,
      ]);
    }
    case 'confirm':
      return readBack(completed(design, ctx), v);
    case 'change':
      return v.pick([
        'What should we change: the game, who you are, what you collect, or what you dodge?',
        'Okay! What shall we change: the kind of game, who you are, what you collect, or what you dodge?',
      ]);
    case 'place':
      return 'Should that be you, or something to dodge?';
  }
}

/** The next question for a design: the first thing not chosen yet. A shy child is asked less. */
export function nextStage(design: GameDesign, shared: SharedNotes): DesignerStage {
  if (!design.gameType) return 'type';
  if (isShy(shared.style)) return 'confirm';
  if (!design.hero) return 'hero';
  if (!design.collectibles?.length) return 'collect';
  if (design.hazards === undefined) return 'avoid';
  return 'confirm';
}

export function wishWords(w: DesignWish): string[] {
  const out: string[] = [];
  if (w.hero) out.push(`you are ${heroName(w.hero)}`);
  if (w.type) out.push(`it's ${KID_TYPE[w.type]}`);
  if (w.collect?.length) out.push(`you collect ${andList(w.collect.map(thing))}`);
  if (w.avoid?.length) out.push(`you dodge ${andList(w.avoid.map(thing))}`);
  return out;
}

/** What a request changed, said back ("Okay, it's a jumping game now!"). */
export function changedWords(r: DesignRequest): string {
  const parts = wishWords({
    ...(r.hero ? { hero: r.hero } : {}),
    ...(r.type ? { type: r.type } : {}),
    ...(r.collect ? { collect: r.collect } : {}),
    ...(r.avoid ? { avoid: r.avoid } : {}),
  });
  return parts.length ? `Okay, ${andList(parts)}!` : 'Okay!';
}
