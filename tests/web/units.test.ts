import { describe, expect, it } from 'vitest';
import { sentencesOf } from '../../src/web/sentences.js';
import { createSseParser, type SseMessage } from '../../src/web/sse.js';

/** The page's stream parser and sentence cutter, without a browser. */

function parse(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = [];
  const p = createSseParser((m) => out.push(m));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('the SSE parser', () => {
  it('reads events split anywhere across chunks, with CRLF, comments and multi-line data', () => {
    const text =
      ': ping\r\n\r\nevent: agent\r\ndata: {"agent":"story_analyst"}\r\n\r\n' +
      'event: token\ndata:{"text":"Hi"}\n\n' +
      'data: line one\ndata: line two\nid: 7\nretry: 10\n\n' +
      'event: done\rdata: {}\r\r' +
      'event: lost\ndata: no blank line';
    const whole = parse([text]);
    expect(whole).toEqual([
      { event: 'agent', data: '{"agent":"story_analyst"}' },
      { event: 'token', data: '{"text":"Hi"}' },
      { event: 'message', data: 'line one\nline two' },
      { event: 'done', data: '{}' },
    ]);
    // Every split point, including between the CR and LF of a CRLF, gives the same events.
    for (let i = 1; i < text.length; i++) expect(parse([text.slice(0, i), text.slice(i)])).toEqual(whole);
    expect(parse([...text])).toEqual(whole);
  });
});

describe('sentences of a reply being written', () => {
  it('cuts at . ! ? before a space or the end, and keeps the rest for later', () => {
    expect(sentencesOf('Ooh! Is that Dragons', false)).toEqual(['Ooh!']);
    expect(sentencesOf('Ooh! Is that it?', false)).toEqual(['Ooh!', 'Is that it?']);
    expect(sentencesOf('Ooh! Is that it', true)).toEqual(['Ooh!', 'Is that it']);
    expect(sentencesOf('Do you like "Green Eggs"? Yes.', false)).toEqual([
      'Do you like "Green Eggs"?',
      'Yes.',
    ]);
    expect(sentencesOf('A book by Dr. Seuss! Wow', false)).toEqual(['A book by Dr. Seuss!']);
    expect(sentencesOf('It costs 3.', false)).toEqual([]);
    expect(sentencesOf('It costs 3.5 tacos. Yum', false)).toEqual(['It costs 3.5 tacos.']);
    expect(sentencesOf('Wait... what?! Yes', false)).toEqual(['Wait...', 'what?!']);
  });
});
