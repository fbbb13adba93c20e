/**
 * Cuts a reply that is still being written into the sentences that are already complete, so each can
 * be spoken as soon as it is finished. A sentence ends at `.`, `!` or `?` (with any closing quote or
 * bracket) followed by a space or the end of the text so far; "Dr. Seuss" and "Mr. Fox" are not cut.
 */

const END = /[.!?]+["'”’)\]]*(?=\s|$)/g;
const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|jr|sr|prof|mt|vs|etc|e\.g|i\.e)$/i;

/**
 * The complete sentences of `text`, trimmed, in order. With `final`, the words after the last
 * sentence end count as one more sentence (the reply is over).
 */
export function sentencesOf(text: string, final: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  END.lastIndex = 0;
  for (let m = END.exec(text); m; m = END.exec(text)) {
    const stop = m.index + m[0].length;
    if (m[0] === '.' && ABBREVIATION.test(text.slice(start, m.index))) continue;
    // "3." at the end of what has arrived may be "3.5": wait for more.
    if (!final && stop === text.length && /\d$/.test(text.slice(0, m.index))) continue;
    const s = text.slice(start, stop).trim();
    if (s !== '') out.push(s);
    start = stop;
  }
  if (final) {
    const rest = text.slice(start).trim();
    if (rest !== '') out.push(rest);
  }
  return out;
}
