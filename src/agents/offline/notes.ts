import { z } from 'zod';
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

const ANALYST_STAGES = ['title', 'confirm', 'describe', 'discuss'] as const satisfies readonly AnalystStage[];
const QUESTION_KEYS = [
  'favourite',
  'happens',
  'where',
  'trouble',
  'things',
  'best',
] as const satisfies readonly QuestionKey[];
const DESIGNER_STAGES = [
  'type',
  'hero',
  'collect',
  'avoid',
  'confirm',
  'change',
  'place',
] as const satisfies readonly DesignerStage[];
const isQuestion = (k: string): k is QuestionKey => (QUESTION_KEYS as readonly string[]).includes(k);
export const isGameType = (v: string): v is GameType => (GAME_TYPES as readonly string[]).includes(v);

// The notes are plain JSON read back from storage: each field is parsed on its own, and a field
// that is missing or of the wrong shape takes its default instead of failing the whole turn.
const Strings = z
  .array(z.unknown())
  .catch([])
  .transform((a) => a.filter((x): x is string => typeof x === 'string'));
const Text = z.string().optional().catch(undefined);
const Count = z.number().finite().catch(0);
const Section = z.record(z.string(), z.unknown()).catch({});

const AnalystSchema = z.object({
  stage: z.enum(ANALYST_STAGES).catch('title'),
  rejected: Strings,
  pendingTitle: Text,
  about: Text,
  describedId: Text,
  plan: Strings.transform((a) => a.filter(isQuestion)),
  answers: z
    .object(Object.fromEntries(QUESTION_KEYS.map((k) => [k, Text])) as Record<QuestionKey, typeof Text>)
    .catch({}),
  asked: Strings.transform((a) => a.filter(isQuestion)),
  favourite: Text,
});

const DesignerSchema = z.object({
  stage: z.enum(DESIGNER_STAGES).catch('type'),
  offered: Strings.transform((a) => a.filter(isGameType)),
  editing: z.literal(true).optional().catch(undefined),
  pending: Text,
  refusals: z.number().finite().positive().optional().catch(undefined),
});

const NonEmpty = Strings.transform((a) => (a.length ? a : undefined));
const WishSchema = z.object({
  hero: Text,
  type: z.enum(GAME_TYPES).optional().catch(undefined),
  collect: NonEmpty,
  avoid: NonEmpty,
});
const StyleSchema = z.object({ answers: Count, short: Count, long: Count });

/** The parsed value without the keys that came out undefined (as the stored JSON would have them). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function readAnalyst(notes: Notes): AnalystNotes {
  const a = AnalystSchema.parse(Section.parse(notes.analyst));
  return defined({ ...a, answers: defined(a.answers) }) as AnalystNotes;
}

export function readDesigner(notes: Notes): DesignerNotes {
  return defined(DesignerSchema.parse(Section.parse(notes.designer))) as DesignerNotes;
}

export function readShared(notes: Notes): SharedNotes {
  return {
    wish: defined(WishSchema.parse(Section.parse(notes.wish))) as DesignWish,
    rush: notes.rush === true,
    style: StyleSchema.parse(Section.parse(notes.style)),
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
