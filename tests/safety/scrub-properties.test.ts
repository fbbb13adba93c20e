import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalData, PLACEHOLDERS, scrubPersonalData } from '../../src/safety/scrub.js';
import { graphemes } from '../../src/text/graphemes.js';
import { loadCorpus } from './pii-corpus.js';

/** Properties of the scrubber over generated text, not just the examples we thought of. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any UTF-16 code units, lone surrogates included. */
const anyUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
  maxLength: 200,
});
/** Well-formed text from all of Unicode: emoji, combining marks, scripts. */
const anyGraphemes = fc.string({ unit: 'grapheme', maxLength: 120 });

/** Words that make children's speech about themselves and books, mixed with symbols and emoji. */
const SPEECH = [
  ..."my name is im i'm i am call me this is called mum mom dad nana sister brother teacher friend mrs mr miss ms dr and me".split(
    ' ',
  ),
  ...'emma smith jones lily harper aarav zoë josé max harold gruffalo seuss julia donaldson peter rabbit'.split(
    ' ',
  ),
  ...'happy reading dragon the a big school primary academy elementary go to at live in on street road lane'.split(
    ' ',
  ),
  ...'7 seven six 12 555 1234 2004 1960 five oh double and a half years old pages at dot com gmail @ example.com'.split(
    ' ',
  ),
  ...Object.values(PLACEHOLDERS),
  ...['.', ',', '!', '?', '🦕', '👩‍👩‍👧', '👍🏽', "'s", '-', '\n'],
];
const speech = fc
  .array(fc.constantFrom(...SPEECH), { maxLength: 30 })
  .chain((words) =>
    fc
      .array(fc.constantFrom(' ', '', '  ', ', '), { minLength: words.length, maxLength: words.length })
      .map((gaps) => words.map((w, i) => `${w}${gaps[i]}`).join('')),
  )
  .chain((s) => fc.boolean().map((cap) => (cap ? s.replace(/\b\w/g, (c) => c.toUpperCase()) : s)));

/** Labelled utterances run together, cut at any word, in any case: real speech, recombined. */
const utterances = loadCorpus().map((c) => c.text);
const runOns = fc
  .tuple(fc.array(fc.constantFrom(...utterances), { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean())
  .map(([parts, cut, upper]) => {
    const words = parts.join(' ').split(' ');
    const text = words.slice(cut % words.length).join(' ');
    return upper ? text.toUpperCase() : text;
  });

/**
 * Words that announce personal data (as "my name is", "I live", "Mrs", a number or "at … dot com"
 * do). Without one of them nothing is personal data, so the scrubber must change nothing: it never
 * takes a name, a school or a place just because the word is unusual.
 */
const CUES = new Set(
  `my our me i i'm im i'am iam am this is are was call calls called named name names nam live lived stay
  house home address street from go goes went attend born school primary elementary academy infants infant
  junior juniors montessori kindergarten preschool nursery mr mrs ms miss mister missus mx dr doctor sir madam
  coach nana nanna nan gran granny grandma grandpa grandad granddad grampa auntie aunty aunt uncle cousin and
  at dot zero oh o nought one two three four five six seven eight nine ten eleven twelve thirteen fourteen
  fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
  double triple he she he's she's hes shes turned turn be`.split(/\s+/),
);
const PLAIN_WORDS = [
  ...'emma smith jones lily harper aarav zara khan oakwood springfield maple avenue lane road happy reading'.split(
    ' ',
  ),
  ...'dragon the a big little blue tacos gruffalo max harold seuss julia donaldson peter rabbit wood deep dark'.split(
    ' ',
  ),
  ...'likes love read loved together with by for really very best favourite book game play jump collect'.split(
    ' ',
  ),
].filter((w) => !CUES.has(w));
const noCues = fc
  .array(fc.constantFrom(...PLAIN_WORDS), { maxLength: 25 })
  .chain((words) =>
    fc.boolean().map((cap) => words.map((w) => (cap ? w[0]?.toUpperCase() + w.slice(1) : w)).join(' ')),
  );

function graphemeEdges(text: string): Set<number> {
  const edges = new Set([0]);
  let at = 0;
  for (const g of graphemes(text)) {
    at += g.length;
    edges.add(at);
  }
  return edges;
}

describe('scrubPersonalData properties', () => {
  it('never throws, on any code units at all', () => {
    fc.assert(
      fc.property(anyUnits, (s) => {
        scrubPersonalData(s);
        findPersonalData(s);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('leaves no lone surrogate in well-formed text', () => {
    fc.assert(
      fc.property(fc.oneof(anyGraphemes, speech), (s) => !LONE_SURROGATE.test(scrubPersonalData(s))),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('finds spans in order, apart, inside the text and on grapheme edges, and replaces only them', () => {
    fc.assert(
      fc.property(fc.oneof(anyGraphemes, speech, runOns), (s) => {
        const spans = findPersonalData(s);
        const edges = graphemeEdges(s);
        let at = 0;
        let rebuilt = '';
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(at);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.end).toBeLessThanOrEqual(s.length);
          expect(edges.has(span.start) && edges.has(span.end)).toBe(true);
          rebuilt += s.slice(at, span.start) + PLACEHOLDERS[span.kind];
          at = span.end;
        }
        expect(scrubPersonalData(s)).toBe(rebuilt + s.slice(at));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('is idempotent: scrubbing twice is scrubbing once', () => {
    fc.assert(
      fc.property(fc.oneof(anyGraphemes, speech, runOns), (s) => {
        const once = scrubPersonalData(s);
        expect(scrubPersonalData(once)).toBe(once);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });

  it('changes nothing in text with no letters or digits', () => {
    const symbols = fc.string({
      unit: fc.constantFrom(
        ' ',
        '.',
        ',',
        '!',
        '?',
        '@',
        '-',
        '(',
        ')',
        '+',
        '🦕',
        '👩‍👩‍👧',
        '🇮🇪',
        '\n',
        '…',
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(symbols, (s) => scrubPersonalData(s) === s),
      { numRuns: 300 },
    );
  });

  it('changes nothing in words with no cue that personal data follows, however name-like they are', () => {
    fc.assert(
      fc.property(noCues, (s) => scrubPersonalData(s) === s),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });
});
