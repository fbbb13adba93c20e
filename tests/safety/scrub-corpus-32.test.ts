import { describe, expect, it } from 'vitest';
import { findPersonalData, scrubPersonalData } from '../../src/safety/scrub.js';
import { loadScrubCorpus, precision, recall, score, type Tally } from './pii-corpus.js';

/**
 * The scrubber on the corpus of issue 32 (tests/safety/data/scrub-corpus.json): 680 utterances,
 * every kind of personal utterance the red team found leaking (other languages' forms, "X here",
 * "it's X", "X is me", "by me, X", friends and relatives, postcodes, usernames and handles, names
 * in a made-up book's title, ages, schools, streets) said at three points of a conversation, and
 * book facts from our catalogue as negatives. `npx tsx bench/scrub.ts` prints the same table.
 */
const corpus = loadScrubCorpus();
const sum = (tallies: Tally[]): Tally =>
  tallies.reduce(
    (a, t) => ({
      found: a.found + t.found,
      labelled: a.labelled + t.labelled,
      right: a.right + t.right,
      reported: a.reported + t.reported,
    }),
    { found: 0, labelled: 0, right: 0, reported: 0 },
  );

describe('the issue 32 scrubber corpus', () => {
  it('holds at least 600 utterances, each kind at all three points, and book facts', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    const kinds = new Set(corpus.filter((c) => c.spans.length).map((c) => c.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(60);
    for (const kind of kinds) {
      const points = new Set(corpus.filter((c) => c.kind === kind).map((c) => c.point));
      expect([...points].sort(), kind).toEqual(['design', 'first', 'mid']);
    }
    expect(corpus.filter((c) => c.kind.startsWith('book:')).length).toBeGreaterThanOrEqual(150);
  });

  it('finds names, addresses and contact details with recall >= 98% and precision >= 97%', () => {
    const s = score(corpus, findPersonalData, scrubPersonalData);
    const failures = s.failures
      .map((f) => `  ${f.text}\n    want: ${f.expected}\n    got:  ${f.got}`)
      .join('\n');
    const k = s.byKind;
    const summary = `precision ${precision(s.all).toFixed(3)}, recall ${recall(s.all).toFixed(3)}:\n${failures}`;
    expect(recall(k.name), `names; ${summary}`).toBeGreaterThanOrEqual(0.98);
    expect(recall(k.address), `addresses; ${summary}`).toBeGreaterThanOrEqual(0.98);
    expect(recall(sum([k.email, k.phone])), `contact; ${summary}`).toBeGreaterThanOrEqual(0.98);
    expect(recall(s.all), summary).toBeGreaterThanOrEqual(0.98);
    expect(precision(s.all), summary).toBeGreaterThanOrEqual(0.97);
  });

  it("never makes the child's name the hero when asked for in other words (issue 31.7)", () => {
    const said = scrubPersonalData(
      'hi my name is Lily Parker and im 6 and i go to Oakwood Primary, can I be Lily in the game?',
    );
    expect(said).not.toMatch(/lily|parker|oakwood|\b6\b/i);
    expect(said).toContain('can I be [name] in the game');
  });
});
