import { normaliseText } from '../../../text/normalise.js';
import type { GameDesignerResult } from '../../brain.js';
import type { GameDesign } from '../../state.js';
import { applyRequest, bareName, completed, slotFor } from '../design-context.js';
import { ask, changeTarget, readBack, TYPE_WORDS } from '../design-words.js';
import { isOffTopic } from '../intent.js';
import { hasContent } from '../lexicon.js';
import { andList, withThe } from '../phrasing.js';
import { isDontKnow, parseGameType, splitYesNo, stripLeads } from '../understand.js';
import { build, type DesignTurn, MAX_DESIGN_TURNS, reply } from './turn.js';

/**
 * At the read-back ("Shall I build it?") and after "what should we change?": a change is made and
 * read back, "no" or "wait" asks what to change, and only a yes (or, late, a shrug) builds.
 */
export function atReadBack(t: DesignTurn): GameDesignerResult {
  const { text, request, voice, ctx } = t;
  const base = completed(t.design, ctx);
  const stripped = stripLeads(text);
  const changed = changeIn(t, base, stripped);
  if (changed && 'reply' in changed) return changed;
  if (changed) {
    const full = completed(changed, ctx);
    const lead = voice.pick(['Okay, I changed it!', 'Done!', 'Good idea!', 'Changed!']);
    return reply(t, `${lead} ${readBack(full, voice, true)}`, 'confirm', full);
  }
  if (Array.isArray(request.remove)) {
    // "Not the owl" when there is no owl: nothing to take out, and never a reason to add it.
    return reply(t, `Okay, no ${andList(request.remove)}! ${readBack(base, voice, true)}`, 'confirm', base);
  }
  const { answer } = splitYesNo(text);
  const editing = t.saved.stage === 'change';
  const target = changeTarget(stripped || text);
  if (target && (t.hold || editing || answer === null)) {
    const question = ask(target, base, ctx, voice);
    return reply(t, voice.pick([`Okay! ${question}`, `Sure! ${question}`]), target, base, { editing: true });
  }
  // "No", "wait", "not that" and nothing else: never build; ask what to change.
  if (t.hold) {
    if (editing) return reply(t, readBack(base, voice), 'confirm', base);
    return reply(t, ask('change', base, ctx, voice), 'change', base);
  }
  // Nothing to change after all ("nothing", "it's fine"): read it back once more.
  if (editing) return reply(t, readBack(base, voice), 'confirm', base);
  if (answer === 'yes' || isDontKnow(text)) return build(t, base);
  // After many turns, something that is neither a change nor a "no" ("lalala", "🤷", or naming
  // what is already in the game, long after) is a go-ahead.
  const turns = t.state.turnsInPhase;
  const late = turns >= 2 * MAX_DESIGN_TURNS;
  if (turns >= MAX_DESIGN_TURNS && (late || !hasContent(stripped || text) || isOffTopic(text)))
    return build(t, base, "Let's build it! I'm making your game now.");
  return reply(
    t,
    voice.pick([
      'Shall I build it? You can say yes, or tell me what to change.',
      'Should I make it now? Say yes, or tell me what to change.',
    ]),
    'confirm',
    base,
  );
}

/**
 * The design with the change the message asks for: said outright ("the owl is the baddie", "make
 * it a jumping game"), or a bare name or game type after "no"/"wait" put where it belongs. A name
 * that could be the hero or a baddie gets the question "be it or dodge it?" instead.
 */
function changeIn(t: DesignTurn, base: GameDesign, stripped: string): GameDesign | GameDesignerResult | null {
  const { request, ctx, voice } = t;
  const changed = applyRequest(base, request, ctx);
  if (changed) return changed;
  const removing = Array.isArray(request.remove) || request.remove === 'all';
  if (removing) return null;
  // "a maze", "jumping": a kind of game, not a name.
  if (TYPE_WORDS.test(normaliseText(stripped))) {
    const type = parseGameType(stripped, t.offered);
    return type && type !== base.gameType ? { ...base, gameType: type } : null;
  }
  if (!stripped || isDontKnow(stripped) || changeTarget(stripped) !== null) return null;
  const name = bareName(stripped, ctx);
  if (!name) {
    const type = parseGameType(stripped, []);
    return type && type !== base.gameType ? { ...base, gameType: type } : null;
  }
  const slot = slotFor(name, ctx, base, request.add === true);
  if (slot === 'ask') {
    const who = withThe(name);
    const question = voice.pick([
      `Should you be ${who}, or should you dodge ${who}?`,
      `Ooh, ${who}! Should you be ${who}, or dodge ${who}?`,
    ]);
    return reply(t, question, 'place', base, { pending: name });
  }
  if (slot === 'hero') return applyRequest(base, { hero: name }, ctx);
  if (slot === 'avoid') return applyRequest(base, { avoid: [name], add: true }, ctx);
  if (slot === 'collect') return applyRequest(base, { collect: [name], add: request.add === true }, ctx);
  return null;
}
