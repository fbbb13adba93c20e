import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToolArgs, ReplyStream } from '../../../src/agents/model/partial-json.js';

/** Feeds `json` cut at `cuts` (code-unit offsets: a cut may split an emoji's surrogate pair). */
function streamed(json: string, cuts: number[], field = 'reply'): { deltas: string[]; stream: ReplyStream } {
  const stream = new ReplyStream(field);
  const at = [...new Set(cuts.map((c) => c % (json.length + 1)))].sort((a, b) => a - b);
  const deltas: string[] = [];
  let from = 0;
  for (const to of [...at, json.length]) {
    const d = stream.push(json.slice(from, to));
    if (d) deltas.push(d);
    from = to;
  }
  return { deltas, stream };
}

describe('the reply streamed out of a tool call’s partial JSON', () => {
  it('is exactly the reply, however the JSON is cut and whatever else the call holds', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.dictionary(
          fc.string({ maxLength: 8 }).filter((k) => k !== 'reply'),
          fc.jsonValue({ maxDepth: 2 }),
          {
            maxKeys: 4,
          },
        ),
        fc.boolean(),
        fc.array(fc.nat(400), { maxLength: 12 }),
        (reply, rest, first, cuts) => {
          const json = JSON.stringify(first ? { reply, ...rest } : { ...rest, reply });
          const { deltas, stream } = streamed(json, cuts);
          expect(deltas.join('')).toBe(reply);
          expect(stream.complete).toBe(true);
          // No delta ends half a character.
          for (const d of deltas) expect(/[\uD800-\uDBFF]$/.test(d)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes escapes split across pieces, and ignores a reply nested deeper', () => {
    const json = '{"design":{"reply":"no"},"reply":"Say \\"hi\\"\\nto \\u00e9 and \\ud83d\\udc09!"}';
    const { deltas } = streamed(json, [5, 30, 33, 40, 47, 52, 58, 61]);
    expect(deltas.join('')).toBe('Say "hi"\nto é and 🐉!');
  });

  it('speaks from the first piece that holds reply text: before the rest of the record is written', () => {
    const s = new ReplyStream();
    expect(s.push('{"rep')).toBe('');
    expect(s.push('ly": "Ooh! Is th')).toBe('Ooh! Is th');
    expect(s.push('at it?", "book": {"title"')).toBe('at it?');
    expect(s.complete).toBe(true);
    expect(s.push(': "Gruffalo", "reply": "again"}')).toBe('');
  });

  it('says nothing for a non-string reply', () => {
    expect(streamed('{"reply": 42, "x": "y"}', [3]).deltas).toEqual([]);
    expect(streamed('{"reply": null}', []).deltas).toEqual([]);
  });
});

describe('tool arguments, strictly or repaired', () => {
  it('parses valid JSON as is, and an empty call as {}', () => {
    expect(parseToolArgs('{"a": 1}')).toEqual({ value: { a: 1 }, repaired: false });
    expect(parseToolArgs('  ')).toEqual({ value: {}, repaired: false });
    expect(parseToolArgs('[1]').value).toBeNull();
  });

  it('repairs doubled and trailing commas', () => {
    expect(parseToolArgs('{"book": {"title": "Dragons Love Tacos",, }').value).toEqual({
      book: { title: 'Dragons Love Tacos' },
    });
    expect(parseToolArgs('{"a": [1, 2,], "b": "x",}').value).toEqual({ a: [1, 2], b: 'x' });
  });

  it('closes what a cut-off stream left open, dropping an unfinished member', () => {
    expect(parseToolArgs('{"reply": "Hi!", "design": {"hero": {"name": "Max').value).toEqual({
      reply: 'Hi!',
      design: { hero: { name: 'Max' } },
    });
    expect(parseToolArgs('{"reply": "Hi!", "readyToBuild": tr').value).toEqual({ reply: 'Hi!' });
    expect(parseToolArgs('{"reply": "Hi!", "book":').value).toEqual({ reply: 'Hi!', book: null });
    expect(parseToolArgs('{"reply": "Hi!", "bo').value).toEqual({ reply: 'Hi!' });
  });

  it('gives up on what is not JSON at all', () => {
    expect(parseToolArgs('{"book": nope').value).toBeNull();
    expect(parseToolArgs('hello').value).toBeNull();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseToolArgs(s);
        expect(r.value === null || typeof r.value === 'object').toBe(true);
      }),
    );
  });
});
