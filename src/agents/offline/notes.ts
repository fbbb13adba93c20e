import { GAME_TYPES, type GameType } from '../../games/spec.js';
import type { VoiceNotes } from './voice.js';

/**
 * The offline brain's private notes (state.notes), namespaced per agent plus a few shared keys
 * (what the child wished for, whether they are in a hurry, how chatty they are, what was said).
 * They are plain JSON read back from storage, so every reader checks types instead of trusting the shape.
 */

export type AnalystStage = 'title' | 'confirm' | 'describe' | 'discuss';
export type QuestionKey = 'favourite' | 'happens' | 'where' | 'trouble' | 'things' | 'best';

export interface AnalystNotes {
  stage: AnalystStage;
  /** Catalog ids the child said no to, so we never offer them again. */
  rejected: string[];
  /** A title heard for a book we do not know. */
  pendingTitle?: string;
  /** The child's description of a book we do not know (or of one we offered from it). */
  about?: string;
  /** The catalog id offered because of `about`: a no to it means "a story you do not know". */
  describedId?: string;
  /** Discussion questions still to ask, in order; the first is the one just asked. */
  plan: QuestionKey[];
  answers: Partial<Record<QuestionKey, string>>;
  /** Questions asked so far in the discussion (the plan grows or shrinks with the child). */
  asked: QuestionKey[];
  /** The favourite character as understood ("he" read as the hero), beside the raw answer. */
  favourite?: string;
}

export type DesignerStage = 'type' | 'hero' | 'collect' | 'avoid' | 'confirm' | 'change' | 'place';

export interface DesignerNotes {
  stage: DesignerStage;
  offered: GameType[];
  /** Set while answering a "change" question: the next answer goes straight back to the read-back. */
  editing?: boolean;
  /** A name the child gave at the read-back that could be the hero or a baddie: asked which. */
  pending?: string;
  /** How many times the current question was turned down ("no"), so a second no moves on. */
  refusals?: number;
}

/** A design choice a child made before the design questions ("I want to be a robot"). */
export interface DesignWish {
  hero?: string;
  type?: GameType;
  collect?: string[];
  avoid?: string[];
}

/** How the child talks: answers of one or two words, and long ones. */
export interface TalkStyle {
  answers: number;
  short: number;
  long: number;
}

export interface SharedNotes {
  wish: DesignWish;
  /** The child asked to skip ahead: the next agent fills the rest and builds. */
  rush: boolean;
  style: TalkStyle;
  voice?: VoiceNotes;
}

type Notes = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const ANALYST_STAGES: readonly AnalystStage[] = ['title', 'confirm', 'describe', 'discuss'];
const QUESTION_KEYS: readonly QuestionKey[] = ['favourite', 'happens', 'where', 'trouble', 'things', 'best'];
const DESIGNER_STAGES: readonly DesignerStage[] = [
  'type',
  'hero',
  'collect',
  'avoid',
  'confirm',
  'change',
  'place',
];
const isQuestion = (k: string): k is QuestionKey => (QUESTION_KEYS as readonly string[]).includes(k);
export const isGameType = (v: string): v is GameType => (GAME_TYPES as readonly string[]).includes(v);

export function readAnalyst(notes: Notes): AnalystNotes {
  const a = isRecord(notes.analyst) ? notes.analyst : {};
  const stage = ANALYST_STAGES.find((s) => s === a.stage) ?? 'title';
  const answers: Partial<Record<QuestionKey, string>> = {};
  if (isRecord(a.answers)) {
    for (const k of QUESTION_KEYS) {
      const v = a.answers[k];
      if (typeof v === 'string') answers[k] = v;
    }
  }
  return {
    stage,
    rejected: strings(a.rejected),
    ...(typeof a.pendingTitle === 'string' ? { pendingTitle: a.pendingTitle } : {}),
    ...(typeof a.about === 'string' ? { about: a.about } : {}),
    ...(typeof a.describedId === 'string' ? { describedId: a.describedId } : {}),
    plan: strings(a.plan).filter(isQuestion),
    answers,
    asked: strings(a.asked).filter(isQuestion),
    ...(typeof a.favourite === 'string' ? { favourite: a.favourite } : {}),
  };
}

export function readDesigner(notes: Notes): DesignerNotes {
  const d = isRecord(notes.designer) ? notes.designer : {};
  return {
    stage: DESIGNER_STAGES.find((s) => s === d.stage) ?? 'type',
    offered: strings(d.offered).filter(isGameType),
    ...(d.editing === true ? { editing: true } : {}),
    ...(typeof d.pending === 'string' ? { pending: d.pending } : {}),
    ...(num(d.refusals) > 0 ? { refusals: num(d.refusals) } : {}),
  };
}

export function readShared(notes: Notes): SharedNotes {
  const w = isRecord(notes.wish) ? notes.wish : {};
  const s = isRecord(notes.style) ? notes.style : {};
  const type = typeof w.type === 'string' && isGameType(w.type) ? w.type : undefined;
  const collect = strings(w.collect);
  const avoid = strings(w.avoid);
  return {
    wish: {
      ...(typeof w.hero === 'string' ? { hero: w.hero } : {}),
      ...(type ? { type } : {}),
      ...(collect.length ? { collect } : {}),
      ...(avoid.length ? { avoid } : {}),
    },
    rush: notes.rush === true,
    style: { answers: num(s.answers), short: num(s.short), long: num(s.long) },
  };
}

/** The whole notes object with parts replaced (the graph replaces notes wholesale). */
export function writeNotes(
  notes: Notes,
  parts: {
    analyst?: AnalystNotes;
    designer?: DesignerNotes;
    wish?: DesignWish;
    rush?: boolean;
    style?: TalkStyle;
    voice?: VoiceNotes;
    /** The game types on offer, best first: read by the page's answer chips (src/agents/choices.ts). */
    offeredTypes?: readonly GameType[];
  },
): Notes {
  const out: Notes = { ...notes };
  if (parts.analyst) out.analyst = { ...parts.analyst };
  if (parts.designer) out.designer = { ...parts.designer };
  if (parts.wish) out.wish = { ...parts.wish };
  if (parts.rush !== undefined) out.rush = parts.rush;
  if (parts.style) out.style = { ...parts.style };
  if (parts.voice) out.voice = parts.voice;
  if (parts.offeredTypes) out.offeredTypes = [...parts.offeredTypes];
  return out;
}

/** The style after one more answer of `words` content words. */
export function withAnswer(style: TalkStyle, words: number): TalkStyle {
  return {
    answers: style.answers + 1,
    short: style.short + (words <= 2 ? 1 : 0),
    long: style.long + (words >= 10 ? 1 : 0),
  };
}

/** A child who has only ever given one- or two-word answers. */
export function isShy(style: TalkStyle): boolean {
  return style.answers >= 2 && style.short === style.answers;
}
