import type { GameType } from '../../../games/spec.js';
import type { GameDesignerResult } from '../../brain.js';
import type { Asked, GameDesign, SessionState } from '../../state.js';
import { type Context, completed } from '../design-context.js';
import { ask, nextStage, readBack, sentence } from '../design-words.js';
import type { DesignRequest } from '../intent.js';
import {
  type DesignerNotes,
  type DesignerStage,
  type DesignWish,
  type SharedNotes,
  writeNotes,
} from '../notes.js';
import { capitalise, plain } from '../phrasing.js';
import type { Voice } from '../voice.js';

/** Design answers after which we stop asking and read back what we have. */
export const MAX_DESIGN_TURNS = 6;
/**
 * The turn cap: past this many design answers the game is built from what we have, whatever the
 * child says (a "no" included), so no conversation is a dead end; the game can still be changed
 * once it is made ("faster", "easier", another game).
 */
export const MAX_DESIGN_EXCHANGES = 15;

/** Everything one Game Designer turn reads: built once by gameDesigner, passed to each handler. */
export interface DesignTurn {
  state: SessionState;
  saved: DesignerNotes;
  shared: SharedNotes;
  offered: GameType[];
  ctx: Context;
  voice: Voice;
  /** The design so far, without its confirmation. */
  design: GameDesign;
  /** The child's words, prepared; '' when the designer speaks first. */
  text: string;
  request: DesignRequest;
  /** "wait", "no", "not that": never a go-ahead. */
  hold: boolean;
}

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

export interface ReplyOptions {
  build?: boolean;
  editing?: boolean;
  pending?: string;
  refusals?: number;
  wish?: DesignWish;
}

/** The turn's result: the words, the design, and the notes that say which question is open. */
export function reply(
  t: DesignTurn,
  text: string,
  stage: DesignerStage,
  d: GameDesign,
  opts: ReplyOptions = {},
): GameDesignerResult {
  const notes: DesignerNotes = {
    stage,
    offered: t.offered,
    ...(opts.editing ? { editing: true } : {}),
    ...(opts.pending ? { pending: opts.pending } : {}),
    ...(opts.refusals ? { refusals: opts.refusals } : {}),
  };
  return {
    reply: t.voice.finish(plain(text)),
    design: d,
    asked: opts.build ? 'none' : ASKED_AT[stage],
    ...(opts.build ? { readyToBuild: true } : {}),
    notes: writeNotes(t.state.notes, {
      designer: notes,
      voice: t.voice.notes(),
      offeredTypes: t.offered,
      ...(opts.wish ? { wish: opts.wish } : {}),
      ...(opts.build ? { rush: false } : {}),
    }),
  };
}

/** The same question again, keeping an edit in progress (a "change" answer goes back to the read-back). */
export function again(t: DesignTurn, text: string, stage: DesignerStage, d: GameDesign): GameDesignerResult {
  return reply(t, text, stage, d, t.saved.editing ? { editing: true } : {});
}

/** Fills what is missing from the book and builds. */
export function build(t: DesignTurn, d: GameDesign, lead?: string): GameDesignerResult {
  const full = completed(d, t.ctx);
  const text =
    lead ??
    t.voice.pick([
      "Hooray! I'm building your game now.",
      'Yay! Building your game now.',
      'Brilliant! Your game is on its way.',
    ]);
  return reply(t, text, 'confirm', full, { build: true });
}

/** Builds at once, saying what was chosen: for a child who asked to play now. */
export function buildNow(t: DesignTurn, d: GameDesign): GameDesignerResult {
  const full = completed(d, t.ctx);
  const lead = t.voice.pick([
    `Here's your game: ${sentence(full)}. I'm building it now!`,
    `Okay, let's go! ${capitalise(sentence(full))}. I'm building it now!`,
  ]);
  return build(t, full, lead);
}

/** The next open question, or the read-back when none is left (or the turn limit is reached). */
export function askNext(
  t: DesignTurn,
  d: GameDesign,
  lead: string,
  extra: { wish?: DesignWish } = {},
): GameDesignerResult {
  // Safety valve: after enough answers, no new questions; the read-back (a "no" still never builds).
  const stage = t.state.turnsInPhase >= MAX_DESIGN_TURNS ? 'confirm' : nextStage(d, t.shared);
  if (stage === 'confirm') {
    const full = completed(d, t.ctx);
    return reply(t, `${lead} ${readBack(full, t.voice, lead.trim() !== '')}`, 'confirm', full, extra);
  }
  return reply(t, `${lead} ${ask(stage, d, t.ctx, t.voice)}`, stage, d, extra);
}

/** After an answer: on to the next question, or straight back to the read-back when editing. */
export function finish(t: DesignTurn, next: GameDesign, lead: string): GameDesignerResult {
  if (!t.saved.editing) return askNext(t, next, lead);
  const full = completed(next, t.ctx);
  return reply(t, `${lead} ${readBack(full, t.voice, lead !== '')}`, 'confirm', full);
}

/** A design request as one slot's change ("the owl" → dodge the owl). */
export function requestFor(slot: 'hero' | 'avoid' | 'collect', name: string, add: boolean): DesignRequest {
  if (slot === 'hero') return { hero: name };
  return slot === 'avoid'
    ? { avoid: [name], ...(add ? { add: true } : {}) }
    : { collect: [name], ...(add ? { add: true } : {}) };
}
