import { readFileSync } from 'node:fs';
import { PERSONAL_DATA_KINDS, type PersonalDataKind, PLACEHOLDERS } from '../../src/safety/placeholders.js';

/**
 * The labelled corpus `bench/data/pii-corpus.json`: utterances with their personal data marked
 * inline ("I'm {name:Emma} and I'm {age:7}"), and how a scrubber's finds score against it. Shared by
 * the corpus test and `bench/scrub.ts`.
 */
export interface Span {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export interface LabelledCase {
  /** What the child said (marks removed). */
  text: string;
  /** The personal data in it. */
  spans: Span[];
  /** `text` as it should be stored. */
  expected: string;
}

const MARK = /\{(\w+):([^}]*)\}/g;

export function parseCase(marked: string): LabelledCase {
  let text = '';
  let expected = '';
  const spans: Span[] = [];
  let at = 0;
  for (const m of marked.matchAll(MARK)) {
    const kind = m[1] as PersonalDataKind;
    if (!PERSONAL_DATA_KINDS.includes(kind)) throw new Error(`unknown kind "${kind}" in: ${marked}`);
    const before = marked.slice(at, m.index);
    text += before;
    expected += before + PLACEHOLDERS[kind];
    spans.push({ kind, start: text.length, end: text.length + (m[2] as string).length });
    text += m[2];
    at = m.index + m[0].length;
  }
  text += marked.slice(at);
  expected += marked.slice(at);
  return { text, spans, expected };
}

/** The corpus of issue 32 (tests/safety/data/scrub-corpus.json): each case with its kind and point. */
export function loadScrubCorpus(): Array<LabelledCase & { kind: string; point: string }> {
  const url = new URL('./data/scrub-corpus.json', import.meta.url);
  const { cases } = JSON.parse(readFileSync(url, 'utf8')) as {
    cases: Array<{ text: string; kind: string; point: string }>;
  };
  return cases.map((c) => ({ ...parseCase(c.text), kind: c.kind, point: c.point }));
}

export function loadCorpus(): LabelledCase[] {
  const url = new URL('../../bench/data/pii-corpus.json', import.meta.url);
  const { cases } = JSON.parse(readFileSync(url, 'utf8')) as { cases: Array<{ text: string }> };
  return cases.map((c) => parseCase(c.text));
}

export interface Tally {
  /** Labelled spans found (same kind, overlapping). */
  found: number;
  labelled: number;
  /** Reported spans that match a labelled one. */
  right: number;
  reported: number;
}

export interface Score {
  byKind: Record<PersonalDataKind, Tally>;
  all: Tally;
  /** Cases whose scrubbed text is exactly as labelled. */
  exact: number;
  failures: Array<{ text: string; expected: string; got: string; missed: Span[]; wrong: Span[] }>;
}

const overlaps = (a: Span, b: Span) => a.kind === b.kind && a.start < b.end && b.start < a.end;

/** Scores a scrubber's finds per personal-data span: a find counts when it overlaps a labelled span of its kind. */
export function score(
  corpus: readonly LabelledCase[],
  find: (text: string) => Span[],
  scrub: (text: string) => string,
): Score {
  const tally = (): Tally => ({ found: 0, labelled: 0, right: 0, reported: 0 });
  const byKind = Object.fromEntries(PERSONAL_DATA_KINDS.map((k) => [k, tally()])) as Record<
    PersonalDataKind,
    Tally
  >;
  const all = tally();
  let exact = 0;
  const failures: Score['failures'] = [];
  for (const c of corpus) {
    const got = find(c.text);
    const missed = c.spans.filter((e) => !got.some((g) => overlaps(g, e)));
    const wrong = got.filter((g) => !c.spans.some((e) => overlaps(g, e)));
    for (const e of c.spans) {
      const hit = !missed.includes(e);
      for (const t of [byKind[e.kind], all]) {
        t.labelled++;
        if (hit) t.found++;
      }
    }
    for (const g of got) {
      const ok = !wrong.includes(g);
      for (const t of [byKind[g.kind], all]) {
        t.reported++;
        if (ok) t.right++;
      }
    }
    const scrubbed = scrub(c.text);
    if (scrubbed === c.expected) exact++;
    else failures.push({ text: c.text, expected: c.expected, got: scrubbed, missed, wrong });
  }
  return { byKind, all, exact, failures };
}

export const precision = (t: Tally) => (t.reported ? t.right / t.reported : 1);
export const recall = (t: Tally) => (t.labelled ? t.found / t.labelled : 1);
