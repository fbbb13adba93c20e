/**
 * `npx tsx bench/scrub.ts`: how well the personal-data scrubber does on the labelled corpus
 * (bench/data/pii-corpus.json) and on issue 32's (tests/safety/data/scrub-corpus.json), and how fast
 * it is.
 *
 * - Precision and recall per kind and overall, counted per personal-data span: a find counts when
 *   it overlaps a labelled span of the same kind. Also the cases scrubbed exactly as labelled.
 * - Time per message (median, p99) over the corpus and over ~80-character messages, the first call
 *   (word lists and book words loaded), and 2,000-character adversarial inputs.
 * - `--compare`: the same scores with person names from the compromise NLP library instead of, and
 *   as well as, the scrubber's own name rules (compromise is a dev dependency for this only).
 * - `--failures`: every case not scrubbed exactly as labelled.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PLACEHOLDERS } from '../src/safety/placeholders.js';
import { findPersonalData, type PersonalDataSpan, scrubPersonalData } from '../src/safety/scrub.js';
import {
  type LabelledCase,
  loadCorpus,
  loadScrubCorpus,
  precision,
  recall,
  type Score,
  score,
} from '../tests/safety/pii-corpus.js';

const { values } = parseArgs({
  options: { compare: { type: 'boolean', default: false }, failures: { type: 'boolean', default: false } },
});

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const pct = (x: number) => x.toFixed(3);
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function printScore(title: string, s: Score, total: number) {
  console.log(`\n${title}`);
  console.log('kind      precision  recall   found/labelled  right/reported');
  for (const [kind, t] of [...Object.entries(s.byKind), ['overall', s.all] as const]) {
    console.log(
      `${kind.padEnd(9)} ${pct(precision(t)).padStart(9)}  ${pct(recall(t)).padStart(6)}   ${`${t.found}/${t.labelled}`.padStart(14)}  ${`${t.right}/${t.reported}`.padStart(14)}`,
    );
  }
  console.log(`cases scrubbed exactly as labelled: ${s.exact}/${total}`);
}

function scrubWith(find: (text: string) => PersonalDataSpan[]) {
  return (text: string) => {
    let out = '';
    let at = 0;
    for (const s of find(text)) {
      out += text.slice(at, s.start) + PLACEHOLDERS[s.kind];
      at = s.end;
    }
    return out + text.slice(at);
  };
}

/** Time per call of `fn(text)`, in ms, for each text: the mean of `reps` calls after a warm-up. */
function timeEach(texts: readonly string[], fn: (t: string) => unknown, reps: number): number[] {
  for (const t of texts) fn(t);
  return texts.map((t) => {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn(t);
    return (performance.now() - start) / reps;
  });
}

/** Messages of about 80 characters: corpus utterances run together, as a child's run-on speech is. */
function eightyCharMessages(corpus: readonly LabelledCase[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const c of corpus) {
    cur = cur ? `${cur} ${c.text}` : c.text;
    if (cur.length >= 70) {
      out.push(cur);
      cur = '';
    }
  }
  return out;
}

const ADVERSARIAL: Record<string, string> = {
  'my name is ×': 'my name is '.repeat(182),
  'digits and spaces': '5 '.repeat(1000),
  'one long number': '5'.repeat(2000),
  'digit words': 'five '.repeat(400),
  'a.a.a… (email-like)': 'a.'.repeat(1000),
  'a@a@a…': 'a@'.repeat(1000),
  'at x dot …': 'emma at x '.repeat(50) + 'dot com '.repeat(150),
  'capitalised words': 'Emma Smith '.repeat(182),
  'mrs ×': 'Mrs '.repeat(500),
  '12 oak …': '12 oak '.repeat(285),
  'emoji and names': 'I’m Zoë 🦕👩‍👩‍👧 '.repeat(100),
  'no spaces': 'x'.repeat(2000),
};

async function main() {
  const corpus = loadCorpus();
  const spans = corpus.reduce((n, c) => n + c.spans.length, 0);
  const negatives = corpus.filter((c) => !c.spans.length).length;

  const coldStart = performance.now();
  scrubPersonalData('warm up: my name is Emma and I read the Gruffalo');
  const cold = performance.now() - coldStart;

  console.log(`corpus: ${corpus.length} utterances, ${spans} personal-data spans, ${negatives} with none`);
  const mine = score(corpus, findPersonalData, scrubPersonalData);
  printScore('scrubber (src/safety/scrub.ts)', mine, corpus.length);

  // Issue 32's corpus: every kind of personal utterance at three points of a conversation.
  const corpus32 = loadScrubCorpus();
  const s32 = score(corpus32, findPersonalData, scrubPersonalData);
  console.log(
    `\nissue 32 corpus (tests/safety/data/scrub-corpus.json): ${corpus32.length} utterances, ${corpus32.filter((c) => !c.spans.length).length} with none`,
  );
  printScore('scrubber on the issue 32 corpus', s32, corpus32.length);
  if (values.failures)
    for (const f of s32.failures) console.log(`  ${f.text}\n    want: ${f.expected}\n    got:  ${f.got}`);

  const perMessage = timeEach(
    corpus.map((c) => c.text),
    scrubPersonalData,
    200,
  );
  const eighty = eightyCharMessages(corpus);
  const perEighty = timeEach(eighty, scrubPersonalData, 200);
  const meanLen = Math.round(eighty.reduce((n, t) => n + t.length, 0) / eighty.length);
  console.log('\ntime per message');
  console.log(`  first call (loads word lists and book words): ${cold.toFixed(1)} ms`);
  console.log(
    `  corpus utterances (${corpus.length}): median ${us(quantile(perMessage, 0.5))}, p99 ${us(quantile(perMessage, 0.99))}`,
  );
  console.log(
    `  ~80-char messages (${eighty.length}, mean ${meanLen} chars): median ${us(quantile(perEighty, 0.5))}, p99 ${us(quantile(perEighty, 0.99))}`,
  );
  console.log('  2,000-character adversarial inputs:');
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    const [t] = timeEach([text], scrubPersonalData, 20);
    console.log(`    ${name.padEnd(22)} ${text.length} chars  ${(t as number).toFixed(3)} ms`);
  }

  if (values.compare) await compare(corpus, spans);

  if (values.failures || mine.failures.length <= 15) {
    console.log(`\nnot scrubbed exactly as labelled (${mine.failures.length}):`);
    for (const f of mine.failures)
      console.log(`  - ${f.text}\n      want: ${f.expected}\n      got:  ${f.got}`);
  } else {
    console.log(`\n${mine.failures.length} cases not scrubbed exactly as labelled: --failures lists them`);
  }
}

/** The scrubber against compromise's person names (compromise.cool), on the same corpus. */
async function compare(corpus: readonly LabelledCase[], _spans: number) {
  const { default: nlp } = await import('compromise');
  const people = (text: string): PersonalDataSpan[] =>
    (nlp(text).people().json({ offset: true }) as Array<{ offset: { start: number; length: number } }>).map(
      ({ offset }) => {
        // compromise's offsets take in trailing punctuation ("Smith."): trim to the words.
        const piece = text.slice(offset.start, offset.start + offset.length);
        const lead = piece.length - piece.trimStart().length;
        const trimmed = piece.trim().replace(/[^\p{L}\p{N}]+$/u, '');
        return { kind: 'name', start: offset.start + lead, end: offset.start + lead + trimmed.length };
      },
    );
  const withoutNames = (text: string) => findPersonalData(text).filter((s) => s.kind !== 'name');
  const nlpNames = (text: string) => resolve([...withoutNames(text), ...people(text)]);
  const union = (text: string) => resolve([...findPersonalData(text), ...people(text)]);

  printScore(
    'compromise people() for names, scrubber for the rest',
    score(corpus, nlpNames, scrubWith(nlpNames)),
    corpus.length,
  );
  printScore('scrubber names + compromise people()', score(corpus, union, scrubWith(union)), corpus.length);

  const texts = corpus.map((c) => c.text);
  const a = timeEach(texts, scrubPersonalData, 50);
  const b = timeEach(texts, (t) => nlp(t).people().json({ offset: true }), 20);
  console.log('\ntime per corpus utterance');
  console.log(`  scrubber:             median ${us(quantile(a, 0.5))}, p99 ${us(quantile(a, 0.99))}`);
  console.log(`  compromise people(): median ${us(quantile(b, 0.5))}, p99 ${us(quantile(b, 0.99))}`);
}

/** Finds in priority order (first wins), none overlapping, sorted by start. */
function resolve(found: PersonalDataSpan[]): PersonalDataSpan[] {
  const kept: PersonalDataSpan[] = [];
  for (const f of found)
    if (f.end > f.start && !kept.some((k) => k.start < f.end && f.start < k.end)) kept.push(f);
  return kept.sort((x, y) => x.start - y.start);
}

await main();
