import { bookById } from '../../books/catalog.js';
import { normaliseText } from '../../text/normalise.js';
import type { GameDesignerResult } from '../brain.js';
import type { Asked, GameDesign, SessionState } from '../state.js';
import {
  applyRequest,
  bareName,
  completed,
  contextOf,
  heroFrom,
  namesIn,
  naturalSlot,
  needsHazard,
  offeredTypes,
  sameName,
  slotFor,
  thingsFrom,
} from './design-context.js';
import {
  ask,
  changedWords,
  changeTarget,
  heroName,
  nextStage,
  readBack,
  sentence,
  TYPE_WORDS,
  thing,
  wishWords,
} from './design-words.js';
import { type DesignRequest, hasRequest, isHold, isOffTopic, isRush, readRequest } from './intent.js';
import { hasContent, prepare } from './lexicon.js';
import {
  type DesignerNotes,
  type DesignerStage,
  type DesignWish,
  readDesigner,
  readShared,
  writeNotes,
} from './notes.js';
import { andList, capitalise, collectVerb, KID_TYPE, plain, withThe } from './phrasing.js';
import { isDontKnow, isNothing, isYouPick, parseGameType, splitYesNo, stripLeads } from './understand.js';
import { lastChild, seedOf, Voice } from './voice.js';

/**
 * The Game Designer without a model: offer the game types that fit the book, then ask who you
 * play as, what to collect and what to avoid (suggesting from the book, keeping the child's own
 * words), read the design back and build on a yes. "No", "wait" or a correction never builds: the
 * change is made and the design read back again. "Make the game now" fills the rest from the book
 * and builds; "you pick" gets a choice, said aloud; a shy child is asked less.
 */

/** The question a reply from each stage ends with. */
const ASKED_AT: Record<DesignerStage, Asked> = {
  type: 'type',
  hero: 'hero',
  collect: 'collect',
  avoid: 'avoid',
  confirm: 'read-back',
  change: 'change',
  place: 'place',
};

/** Design answers after which we stop asking and read back what we have. */
export const MAX_DESIGN_TURNS = 6;

export async function gameDesigner(state: SessionState, message: string | null): Promise<GameDesignerResult> {
  const saved = readDesigner(state.notes);
  const shared = readShared(state.notes);
  const catalog = bookById(state.book?.catalogId);
  const offered = saved.offered.length ? saved.offered : offeredTypes(state, catalog);
  const ctx = contextOf(state, offered);
  const voice = new Voice(
    state.notes,
    seedOf(state.recent.length, message ?? lastChild(state), state.book?.title ?? '', 'designer'),
  );
  const { confirmed: _confirmed, ...design }: GameDesign = state.design ?? {};

  const reply = (
    text: string,
    stage: DesignerStage,
    d: GameDesign,
    opts: { build?: boolean; editing?: boolean; pending?: string; refusals?: number; wish?: DesignWish } = {},
  ): GameDesignerResult => {
    const notes: DesignerNotes = {
      stage,
      offered,
      ...(opts.editing ? { editing: true } : {}),
      ...(opts.pending ? { pending: opts.pending } : {}),
      ...(opts.refusals ? { refusals: opts.refusals } : {}),
    };
    return {
      reply: voice.finish(plain(text)),
      design: d,
      asked: opts.build ? 'none' : ASKED_AT[stage],
      ...(opts.build ? { readyToBuild: true } : {}),
      notes: writeNotes(state.notes, {
        designer: notes,
        voice: voice.notes(),
        offeredTypes: offered,
        ...(opts.wish ? { wish: opts.wish } : {}),
        ...(opts.build ? { rush: false } : {}),
      }),
    };
  };

  const build = (d: GameDesign, lead?: string) => {
    const full = completed(d, ctx);
    const text =
      lead ??
      voice.pick([
        "Hooray! I'm building your game now.",
        'Yay! Building your game now.',
        'Brilliant! Your game is on its way.',
      ]);
    return reply(text, 'confirm', full, { build: true });
  };

  /** Builds at once, saying what was chosen: for a child who asked to play now. */
  const buildNow = (d: GameDesign) => {
    const full = completed(d, ctx);
    const lead = voice.pick([
      `Here's your game: ${sentence(full)}. I'm building it now!`,
      `Okay, let's go! ${capitalise(sentence(full))}. I'm building it now!`,
    ]);
    return build(full, lead);
  };

  const askNext = (d: GameDesign, lead: string, extra: { wish?: DesignWish } = {}) => {
    // Safety valve: after enough answers, no new questions; the read-back (a "no" still never builds).
    const stage = state.turnsInPhase >= MAX_DESIGN_TURNS ? 'confirm' : nextStage(d, shared);
    if (stage === 'confirm') {
      const full = completed(d, ctx);
      return reply(`${lead} ${readBack(full, voice, lead.trim() !== '')}`, 'confirm', full, extra);
    }
    return reply(`${lead} ${ask(stage, d, ctx, voice)}`, stage, d, extra);
  };

  if (message === null || !message.trim()) {
    if (saved.stage !== 'type' && state.design)
      return reply(ask(saved.stage, design, ctx, voice), saved.stage, design);
    // The greeting right after the discussion: wishes from the talk are already in the design.
    const wished = applyRequest(design, shared.wish, ctx) ?? design;
    if (shared.rush) return buildNow(wished);
    const greet = voice.pick([
      "Now let's make your game!",
      'Time to make your game!',
      "Let's design your game!",
    ]);
    const remembered = hasRequest(shared.wish) ? ` Like you said, ${andList(wishWords(shared.wish))}.` : '';
    return askNext(wished, `${greet}${remembered}`, { wish: {} });
  }

  const text = prepare(message) || 'um';
  const names = [...ctx.known.map((k) => k.name), ...namesIn(design)];
  const request = readRequest(text, names);
  const hold = isHold(text);

  // "Make the game now": fill the rest from the book, say what was chosen, and build.
  if (isRush(text) && !hold) return buildNow(applyRequest(design, request, ctx) ?? design);

  switch (saved.stage) {
    case 'confirm':
    case 'change':
      return atReadBack();
    case 'place':
      return placePending();
    default:
      return answerSlot(saved.stage);
  }

  function answerSlot(stage: 'type' | 'hero' | 'collect' | 'avoid'): GameDesignerResult {
    const { answer, rest } = splitYesNo(text);
    // "no", "not him", "not that one": the suggestion is turned down, nothing else said.
    const refused = /^\s*not\s+(?:him|her|them|it|that|this|that one|this one|the one|those)\s*[.!]*$/i.test(
      text,
    );
    const plainNo = (answer === 'no' && !stripLeads(rest)) || refused;
    if (isOffTopic(text) && !hasRequest(request)) {
      const back = voice.pick([
        "Ooh! Let's finish your game first.",
        'Hmm! After the game, maybe.',
        'Ha! First, your game.',
      ]);
      return reply(
        `${back} ${ask(stage, design, ctx, voice)}`,
        stage,
        design,
        saved.editing ? { editing: true } : {},
      );
    }
    const youPick = isYouPick(text) || isDontKnow(text);
    // Requests for other questions are kept ("I want to be a robot" while asked what to collect),
    // and then this question still stands.
    // "the maze" when asked who you are: a kind of game, not a hero called Maze.
    const typeWords = TYPE_WORDS.test(normaliseText(text));
    if (stage !== 'type' && !request.type && typeWords) {
      const type = parseGameType(text, offered);
      if (type) request.type = type;
    }
    let d = applyRequest(design, request, ctx) ?? design;
    const answered = {
      type: request.type,
      hero: request.hero,
      collect: request.collect?.length,
      avoid: request.avoid?.length || request.remove === 'all',
    }[stage];
    const otherOnly = hasRequest(request) && !answered && !youPick;
    if (otherOnly)
      return reply(
        `${changedWords(request)} ${ask(stage, d, ctx, voice)}`,
        stage,
        d,
        saved.editing ? { editing: true } : {},
      );
    const answerText = stripLeads(text) || text;
    const refusals = (saved.refusals ?? 0) + 1;
    const finish = (next: GameDesign, lead: string) =>
      saved.editing
        ? reply(
            `${lead} ${readBack(completed(next, ctx), voice, lead !== '')}`,
            'confirm',
            completed(next, ctx),
          )
        : askNext(next, lead);

    // A book name given to the wrong question goes where it belongs ("the mouse" is who you are).
    const natural = !youPick && !hasRequest(request) ? naturalSlot(answerText, ctx) : null;
    // (Any name can be something to dodge; and a child may want to be the baddie.)
    const elsewhere =
      natural &&
      stage !== 'avoid' &&
      natural.slot !== stage &&
      !(stage === 'hero' && natural.slot === 'avoid')
        ? natural
        : null;
    if (elsewhere && stage !== 'type') {
      const r: DesignRequest =
        elsewhere.slot === 'hero'
          ? { hero: elsewhere.name }
          : elsewhere.slot === 'avoid'
            ? { avoid: [elsewhere.name], add: true }
            : { collect: [elsewhere.name], add: true };
      // Only when it changes something: said twice, it is this question's answer after all.
      const moved = applyRequest(d, r, ctx);
      if (moved)
        return reply(
          `${changedWords(r)} ${ask(stage, moved, ctx, voice)}`,
          stage,
          moved,
          saved.editing ? { editing: true } : {},
        );
    }
    // "Yes" to "Maybe the Mouse": the suggestion it is.
    const yesToSuggestion = answer === 'yes' && !stripLeads(text);

    switch (stage) {
      case 'type': {
        const chosen =
          request.type ??
          (yesToSuggestion ? (offered[0] ?? null) : youPick ? null : parseGameType(answerText, offered));
        if (chosen) {
          d = { ...d, gameType: chosen };
          return finish(
            d,
            voice.pick(['Great pick!', `${capitalise(KID_TYPE[chosen])} it is!`, 'Ooh, good choice!']),
          );
        }
        if (elsewhere) {
          const r: DesignRequest =
            elsewhere.slot === 'hero'
              ? { hero: elsewhere.name }
              : elsewhere.slot === 'avoid'
                ? { avoid: [elsewhere.name] }
                : { collect: [elsewhere.name] };
          d = applyRequest(d, r, ctx) ?? d;
          const pickType = d.gameType ?? offered[0] ?? 'collector';
          d = { ...d, gameType: pickType };
          return finish(d, `${changedWords(r)} And I pick ${KID_TYPE[pickType]}.`);
        }
        if (plainNo && refusals < 2) {
          const others = (
            ['platformer', 'runner', 'maze', 'catcher', 'collector', 'avoider'] as const
          ).filter((t) => !offered.includes(t));
          return reply(
            `Okay! We could also make ${andList(
              others.slice(0, 2).map((t) => KID_TYPE[t]),
              'or',
            )}. Which kind of game would you like?`,
            'type',
            d,
            { refusals },
          );
        }
        const pickType = d.gameType ?? offered[0] ?? 'collector';
        d = { ...d, gameType: pickType };
        return finish(
          d,
          voice.pick([`Okay, I pick ${KID_TYPE[pickType]}!`, `Let's try ${KID_TYPE[pickType]} then!`]),
        );
      }
      case 'hero': {
        const hero = request.hero
          ? d.hero
          : youPick || plainNo
            ? null
            : yesToSuggestion
              ? ctx.hero
              : heroFrom(answerText, ctx);
        if (hero) {
          d = { ...d, hero };
          const who = heroName(hero.name);
          return finish(
            d,
            voice.pick([`You are ${who}!`, `Ooh, ${who}! Good choice.`, `${capitalise(who)}, yes!`]),
          );
        }
        if (plainNo && refusals < 2) {
          const other = ctx.characters.find((c) => !sameName(c.name, ctx.hero.name));
          const idea = other
            ? `${withThe(other.name)}, a robot, or anyone you like`
            : 'a robot, a unicorn, or anyone you like';
          return reply(`Okay! Who do you want to be, then? Maybe ${idea}.`, 'hero', d, { refusals });
        }
        d = { ...d, hero: ctx.hero };
        return finish(
          d,
          voice.pick([
            `I pick ${heroName(ctx.hero.name)} for you!`,
            `Let's say you are ${heroName(ctx.hero.name)}!`,
          ]),
        );
      }
      case 'collect': {
        const things = request.collect?.length
          ? (d.collectibles ?? [])
          : youPick
            ? []
            : yesToSuggestion
              ? [ctx.collect]
              : thingsFrom(answerText, ctx, '⭐');
        if (things.length) {
          d = { ...d, collectibles: things };
          const said = andList(things.map((c) => thing(c.name)));
          return finish(
            d,
            voice.pick([`${capitalise(said)}, yes!`, `Ooh, ${said}!`, `${capitalise(said)}, good idea!`]),
          );
        }
        const suggestion = plainNo
          ? (ctx.objects.find((o) => !sameName(o.name, ctx.collect.name)) ?? ctx.collect)
          : ctx.collect;
        d = { ...d, collectibles: [suggestion] };
        const said = thing(suggestion.name);
        return finish(
          d,
          voice.pick([`Let's ${collectVerb(d.gameType)} ${said} then!`, `Okay, how about ${said}!`]),
        );
      }
      case 'avoid': {
        const type = d.gameType;
        const suggestion = ctx.avoid(d.hero?.name, d.collectibles ?? []);
        const none = isNothing(answerText) || plainNo || request.remove === 'all';
        if (none && !needsHazard(type)) {
          d = { ...d, hazards: [] };
          return finish(d, voice.pick(['No baddies, okay!', 'A game with nothing to dodge, lovely!']));
        }
        const things = request.avoid?.length
          ? (d.hazards ?? [])
          : youPick || none
            ? []
            : yesToSuggestion
              ? [suggestion]
              : thingsFrom(answerText, ctx, '🌩️');
        if (things.length) {
          d = { ...d, hazards: things };
          return finish(d, '');
        }
        const alt = none
          ? (ctx.villains.find((v) => !sameName(v.name, suggestion.name)) ?? suggestion)
          : suggestion;
        d = { ...d, hazards: [alt] };
        const lead = none
          ? `${capitalise(KID_TYPE[type ?? 'avoider'])} needs something to dodge, so let's dodge ${thing(alt.name)}!`
          : voice.pick([`Let's dodge ${thing(alt.name)} then!`, `Okay, watch out for ${thing(alt.name)}!`]);
        return finish(d, lead);
      }
    }
  }

  function atReadBack(): GameDesignerResult {
    const { answer } = splitYesNo(text);
    const base = completed(design, ctx);
    const stripped = stripLeads(text);
    // 1. A change said outright: "the owl is the baddie", "make it a jumping game", "no owl".
    let changed = applyRequest(base, request, ctx);
    // 2. A bare name or game type after "no"/"wait" (or on its own): put it where it belongs.
    const removing = Array.isArray(request.remove) || request.remove === 'all';
    // "a maze", "jumping": a kind of game, not a name.
    if (!changed && !removing && TYPE_WORDS.test(normaliseText(stripped))) {
      const type = parseGameType(stripped, offered);
      if (type && type !== base.gameType) changed = { ...base, gameType: type };
    }
    if (
      !changed &&
      !removing &&
      stripped &&
      !isDontKnow(stripped) &&
      changeTarget(stripped) === null &&
      !TYPE_WORDS.test(normaliseText(stripped))
    ) {
      const name = bareName(stripped, ctx);
      if (name) {
        const slot = slotFor(name, ctx, base, request.add === true);
        if (slot === 'ask') {
          return reply(
            voice.pick([
              `Should you be ${withThe(name)}, or should you dodge ${withThe(name)}?`,
              `Ooh, ${withThe(name)}! Should you be ${withThe(name)}, or dodge ${withThe(name)}?`,
            ]),
            'place',
            base,
            { pending: name },
          );
        }
        if (slot === 'hero') changed = applyRequest(base, { hero: name }, ctx);
        if (slot === 'avoid') changed = applyRequest(base, { avoid: [name], add: true }, ctx);
        if (slot === 'collect')
          changed = applyRequest(base, { collect: [name], add: request.add === true }, ctx);
      } else {
        const type = parseGameType(stripped, []);
        if (type && type !== base.gameType) changed = { ...base, gameType: type };
      }
    }
    if (changed) {
      const full = completed(changed, ctx);
      const lead = voice.pick(['Okay, I changed it!', 'Done!', 'Good idea!', 'Changed!']);
      return reply(`${lead} ${readBack(full, voice, true)}`, 'confirm', full);
    }
    if (Array.isArray(request.remove)) {
      // "Not the owl" when there is no owl: nothing to take out, and never a reason to add it.
      return reply(`Okay, no ${andList(request.remove)}! ${readBack(base, voice, true)}`, 'confirm', base);
    }
    const target = changeTarget(stripped || text);
    if (target && (hold || saved.stage === 'change' || answer === null)) {
      const question = ask(target, base, ctx, voice);
      return reply(voice.pick([`Okay! ${question}`, `Sure! ${question}`]), target, base, { editing: true });
    }
    // "No", "wait", "not that" and nothing else: never build; ask what to change.
    if (hold) {
      if (saved.stage === 'change') return reply(readBack(base, voice), 'confirm', base);
      return reply(ask('change', base, ctx, voice), 'change', base);
    }
    if (saved.stage === 'change') {
      // Nothing to change after all ("nothing", "it's fine"): read it back once more.
      return reply(readBack(base, voice), 'confirm', base);
    }
    if (answer === 'yes' || isDontKnow(text)) return build(base);
    // After many turns, something that is neither a change nor a "no" ("lalala", "🤷", or naming
    // what is already in the game, long after) is a go-ahead.
    const late = state.turnsInPhase >= 2 * MAX_DESIGN_TURNS;
    if (state.turnsInPhase >= MAX_DESIGN_TURNS && (late || !hasContent(stripped || text) || isOffTopic(text)))
      return build(base, "Let's build it! I'm making your game now.");
    return reply(
      voice.pick([
        'Shall I build it? You can say yes, or tell me what to change.',
        'Should I make it now? Say yes, or tell me what to change.',
      ]),
      'confirm',
      base,
    );
  }

  function placePending(): GameDesignerResult {
    const base = completed(design, ctx);
    const name = saved.pending ?? '';
    const n = normaliseText(text);
    let changed: GameDesign | null = null;
    if (name && /\b(?:dodge|avoid|away|baddie|bad|enemy|second|2nd|two|other)\b/.test(n))
      changed = applyRequest(base, { avoid: [name], add: true }, ctx);
    else if (name && /\b(?:collect|catch|get|find|eat)\b/.test(n))
      changed = applyRequest(base, { collect: [name], add: true }, ctx);
    else if (name && /\b(?:be|me|hero|play|first|1st|one|yes|i)\b/.test(n))
      changed = applyRequest(base, { hero: name }, ctx);
    const full = completed(changed ?? base, ctx);
    const lead = changed
      ? voice.pick(['Okay, I changed it!', 'Done!'])
      : voice.pick(["Okay, let's leave it out.", 'Alright!']);
    return reply(`${lead} ${readBack(full, voice, true)}`, 'confirm', full);
  }
}
