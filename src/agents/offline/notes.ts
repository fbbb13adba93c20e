import type { GameType } from '../../games/spec.js';

/**
 * The offline brain's private notes (state.notes), namespaced per agent. They are plain JSON read
 * back from storage, so every reader checks types instead of trusting the shape.
 */

export type AnalystStage = 'title' | 'confirm' | 'describe' | 'discuss';
export type QuestionKey = 'favourite' | 'happens' | 'where' | 'trouble' | 'things';

export interface AnalystNotes {
  stage: AnalystStage;
  /** Catalog ids the child said no to, so we never offer them again. */
  rejected: string[];
  /** A title heard for a book we do not know. */
  pendingTitle?: string;
  /** The child's description of a book we do not know. */
  about?: string;
  /** Discussion questions still to ask, in order; the first is the one just asked. */
  plan: QuestionKey[];
  answers: Partial<Record<QuestionKey, string>>;
}

export type DesignerStage = 'type' | 'hero' | 'collect' | 'avoid' | 'confirm' | 'change';

export interface DesignerNotes {
  stage: DesignerStage;
  offered: GameType[];
  /** Set while answering a "change" question: the next answer goes straight back to the read-back. */
  editing?: boolean;
}

type Notes = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const ANALYST_STAGES: readonly AnalystStage[] = ['title', 'confirm', 'describe', 'discuss'];
const QUESTION_KEYS: readonly QuestionKey[] = ['favourite', 'happens', 'where', 'trouble', 'things'];
const DESIGNER_STAGES: readonly DesignerStage[] = ['type', 'hero', 'collect', 'avoid', 'confirm', 'change'];

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
    plan: strings(a.plan).filter((k): k is QuestionKey => (QUESTION_KEYS as readonly string[]).includes(k)),
    answers,
  };
}

export function readDesigner(notes: Notes, isGameType: (v: string) => v is GameType): DesignerNotes {
  const d = isRecord(notes.designer) ? notes.designer : {};
  return {
    stage: DESIGNER_STAGES.find((s) => s === d.stage) ?? 'type',
    offered: strings(d.offered).filter(isGameType),
    ...(d.editing === true ? { editing: true } : {}),
  };
}

/** The whole notes object with one agent's part replaced (the graph replaces notes wholesale). */
export function withNotes(
  notes: Notes,
  key: 'analyst' | 'designer',
  value: AnalystNotes | DesignerNotes,
): Notes {
  return { ...notes, [key]: { ...value } };
}
