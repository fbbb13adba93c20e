import { bookPhraseAt, isBookName } from './book-words.js';
import { lexicon } from './lexicon.js';
import { containsPlaceholder } from './placeholders.js';
import { findPersonalData } from './scrub.js';
import { tokenize } from './tokens.js';
import { isFirstName, isWord } from './words.js';

/**
 * Free answers and unknown titles on their way into a game (issue 32.3): a game is served by link,
 * so its text must hold no one's name or detail. The child's message was scrubbed already; this is
 * the second look, at what a brain made of it: the scrubber again, and a names check (a first name
 * that is no ordinary word and no book's: "Lily Parker's Unicorn Day" → "Unicorn Day").
 */

const PLACEHOLDER = /\[\s*(?:name|age|school|address|phone|email|place)\s*\](?:'s)?/gi;

/** Where people's first names are: first names that are neither English words nor a book's. */
function firstNames(text: string): Array<{ start: number; end: number }> {
  const { known } = lexicon();
  const tokens = tokenize(text);
  const out: Array<{ start: number; end: number }> = [];
  tokens.forEach((t, i) => {
    if (isWord(t) && isFirstName(t) && !known.has(t.key) && !isBookName(t.key) && !bookPhraseAt(tokens, i))
      out.push({ start: t.start, end: t.end });
  });
  return out;
}

/**
 * `text` without personal data or people's names (and without what joined them: "'s", "and"),
 * or '' when nothing of it is left.
 */
export function withoutPeople(text: string): string {
  const spans = [...findPersonalData(text), ...firstNames(text)].sort((a, b) => a.start - b.start);
  if (!spans.length && !containsPlaceholder(text)) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    // code-unit-safe: findPersonalData's spans are on grapheme edges, firstNames' on word edges
    out += `${text.slice(at, s.start)} `;
    at = s.end;
  }
  // code-unit-safe: cut at the end of a span on a grapheme or word edge (above)
  out += text.slice(at);
  return out
    .replace(PLACEHOLDER, ' ')
    .replace(/(^|\s)['’]s\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^(?:\s|and|&|,|by|of)+|(?:\s|and|&|,|by|of|the)+$/gi, '')
    .trim();
}
