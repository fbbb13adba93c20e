/**
 * User text is cut only at grapheme boundaries: a code-unit `.slice` can split an emoji or an
 * accented letter in half, and PostgreSQL refuses the lone surrogate that leaves behind.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text's user-perceived characters (an emoji with its modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** At most `max` graphemes of `text`, never half of one. */
export function cutGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (n++ >= max) break;
    out += segment;
  }
  return out;
}

/** Like cutGraphemes, but ends at a word boundary when one is near, and marks the cut with "…". */
export function shortenGraphemes(text: string, max: number): string {
  if (graphemeCount(text) <= max) return text;
  const cut = cutGraphemes(text, Math.max(1, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
}
