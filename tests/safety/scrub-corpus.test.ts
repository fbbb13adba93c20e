import { describe, expect, it } from 'vitest';
import { findPersonalData, PERSONAL_DATA_KINDS, scrubPersonalData } from '../../src/safety/scrub.js';
import { loadCorpus, precision, recall, score } from './pii-corpus.js';

/**
 * The labelled corpus of children's utterances (bench/data/pii-corpus.json, described there) as a
 * test: precision and recall of at least 0.95 per personal-data span. The cases it gets wrong are
 * in the failure message; `npx tsx bench/scrub.ts` prints the full table.
 */
const corpus = loadCorpus();

describe('the personal-data corpus', () => {
  it('is big enough to mean something, with many utterances that hold none', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((c) => !c.spans.length).length).toBeGreaterThanOrEqual(100);
    for (const kind of PERSONAL_DATA_KINDS) {
      expect(
        corpus.flatMap((c) => c.spans).filter((s) => s.kind === kind).length,
        kind,
      ).toBeGreaterThanOrEqual(8);
    }
  });

  it('is scrubbed with precision and recall of at least 0.95', () => {
    const s = score(corpus, findPersonalData, scrubPersonalData);
    const failures = s.failures
      .map((f) => `  ${f.text}\n    want: ${f.expected}\n    got:  ${f.got}`)
      .join('\n');
    const summary = `precision ${precision(s.all).toFixed(3)}, recall ${recall(s.all).toFixed(3)}; not as labelled:\n${failures}`;
    expect(precision(s.all), summary).toBeGreaterThanOrEqual(0.95);
    expect(recall(s.all), summary).toBeGreaterThanOrEqual(0.95);
    // No kind may hide behind the others.
    for (const [kind, t] of Object.entries(s.byKind)) {
      expect(precision(t), `${kind} precision; ${summary}`).toBeGreaterThanOrEqual(0.9);
      expect(recall(t), `${kind} recall; ${summary}`).toBeGreaterThanOrEqual(0.9);
    }
    expect(s.exact / corpus.length, summary).toBeGreaterThanOrEqual(0.9);
  });

  it('scrubs every utterance idempotently', () => {
    for (const c of corpus) {
      const once = scrubPersonalData(c.text);
      expect(scrubPersonalData(once), c.text).toBe(once);
    }
  });
});
