import { BOOKS, type CatalogBook } from './catalog.js';

/**
 * Fuzzy title matching for speech transcripts ("the very hungry caterpiller", "dragons like tacos",
 * "green eggs and ham by doctor seuss"). Pure and dependency-free: token overlap with a per-token
 * edit budget, plus whole-string edit similarity for run-together or split words.
 */

export interface BookMatch {
  book: CatalogBook;
  score: number;
}

/** Below this a guess is more likely wrong than right; asking again is kinder than a wrong title. */
export const MATCH_THRESHOLD = 0.68;

const NUMBER_WORDS: Record<string, string> = {
  '1': 'one',
  '2': 'two',
  '3': 'three',
  '4': 'four',
  '5': 'five',
  '10': 'ten',
};

// Speech-to-text and child spellings that map onto one canonical token.
const TOKEN_FIXES: Record<string, string> = {
  r: 'are',
  u: 'you',
  n: 'and',
  doctor: 'dr',
  mister: 'mr',
  missus: 'mrs',
  ...NUMBER_WORDS,
};

/**
 * Lowercase, fold accents and curly quotes, drop apostrophes inside words ("charlotte’s" →
 * "charlottes"), turn all other punctuation into spaces.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/(\w)'(\w)/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((t) => TOKEN_FIXES[t] ?? t)
    .join(' ');
}

export function tokens(text: string): string[] {
  const n = normaliseText(text);
  return n ? n.split(' ') : [];
}

/** Classic Levenshtein with two rows; strings here are short (titles, words). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

/** 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

/** How many typos a word of this length may carry and still count: none for "cat", two for "caterpillar". */
function editBudget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

/** Credit for a query word standing in for a title word: 1 exact, less for a near miss, 0 otherwise. */
export function wordMatch(titleWord: string, queryWord: string): number {
  if (titleWord === queryWord) return 1;
  // Plurals and "-s" slips ("dragon" / "dragons") are not real typos.
  if (titleWord.replace(/s$/, '') === queryWord.replace(/s$/, '')) return 0.95;
  const d = levenshtein(titleWord, queryWord);
  return d <= editBudget(Math.min(titleWord.length, queryWord.length)) ? 0.85 - 0.05 * d : 0;
}

const STOPWORDS = new Set([
  'the',
  'a',
  'an',
  'and',
  'of',
  'in',
  'on',
  'to',
  'is',
  'are',
  'it',
  'its',
  'that',
  'this',
  'who',
  'with',
  'for',
  'my',
  'i',
  'you',
  'was',
  'we',
  'me',
  'about',
  'book',
  'story',
  'one',
  'called',
  'named',
]);

// Leading words a child wraps a title in ("I read...", "it's called..."); removed before scoring.
const FILLER =
  /^(?:(?:um+|uh+|er+|erm|so|well|oh|okay|ok|hmm+|like|yes|yeah|no|nope)\s+)*(?:(?:i|we|me and my \w+|my \w+ and i)\s+(?:just\s+|have\s+|also\s+)?(?:read|finished|readed|looked at|like|love|liked|loved|got)\s+|(?:i\s+think\s+)?(?:it|its|it is|it was|that|thats|the book|the book is|the book was|the books|my book|my book is|the title is|the name is|the story is|its called|it is called|it was called|called|title|i think its|i think it is|i think)\s+)*/;

/** Splits "green eggs and ham by dr seuss" into the title words and the author words. */
export function splitAuthorClause(text: string): { title: string; author: string | null } {
  const n = normaliseText(text);
  const m = /^(.*?)\s+(?:by|from|written by)\s+(.+)$/.exec(n);
  if (!m?.[1] || !m[2]) return { title: n, author: null };
  return { title: m[1], author: m[2] };
}

export function stripFiller(normalised: string): string {
  let s = normalised;
  // Applied twice: "um i read it's called the gruffalo".
  for (let i = 0; i < 2; i++) s = s.replace(FILLER, '');
  return s.replace(/\s+(?:book|story|please|i think)$/, '').trim();
}

interface Candidate {
  tokens: string[];
  joined: string;
}

function candidatesOf(book: CatalogBook): Candidate[] {
  return [book.title, ...book.aliases].map((name) => {
    const t = tokens(name);
    return { tokens: t, joined: t.join('') };
  });
}

const INDEX: ReadonlyArray<{ book: CatalogBook; names: Candidate[]; author: string[] }> = BOOKS.map(
  (book) => ({
    book,
    names: candidatesOf(book),
    author: tokens(book.author).filter((t) => t.length > 2 && t !== 'and'),
  }),
);

const weight = (t: string) => (STOPWORDS.has(t) ? 0.3 : 1);

/** How well the query's words cover one name of a book (recall-heavy: extra words are common in speech). */
function scoreName(query: string[], name: Candidate): number {
  if (name.tokens.length === 0 || query.length === 0) return 0;
  let got = 0;
  let total = 0;
  const used = new Set<number>();
  for (const t of name.tokens) {
    const w = weight(t);
    total += w;
    let best = 0;
    let bestIdx = -1;
    query.forEach((q, i) => {
      if (used.has(i)) return;
      const m = wordMatch(t, q);
      if (m > best) {
        best = m;
        bestIdx = i;
      }
    });
    if (bestIdx >= 0) used.add(bestIdx);
    got += best * w;
  }
  const recall = got / total;
  // Every title word must be backed by a content word, or "my dog" would half-match "Dog Man".
  const contentQuery = query.filter((q) => !STOPWORDS.has(q));
  const contentUsed = [...used].filter((i) => !STOPWORDS.has(query[i] ?? '')).length;
  const precision = contentQuery.length ? contentUsed / contentQuery.length : 0;
  const tokenScore = 0.8 * recall + 0.2 * precision;

  // Run-together or split words ("caterpil lar", "stickman"): compare with spaces removed.
  const joinedQuery = query.join('');
  const charScore =
    joinedQuery.length >= 6 && name.joined.length >= 6 ? similarity(joinedQuery, name.joined) : 0;
  // Only a near-identical string counts: "thedragon" is 75% of "zogthedragon" but is not that title.
  return Math.max(tokenScore, charScore >= 0.8 ? charScore : 0);
}

function authorBonus(authorWords: string[] | null, book: { author: string[] }): number {
  if (!authorWords?.length) return 0;
  const hit = book.author.some((a) => authorWords.some((w) => wordMatch(a, w) > 0));
  return hit ? 0.08 : -0.04;
}

/** Every book scored against the utterance, best first. */
export function rankBooks(utterance: string, limit = 5): BookMatch[] {
  const { title, author } = splitAuthorClause(utterance);
  const query = tokens(stripFiller(title));
  const authorWords = author ? tokens(author) : null;
  if (query.filter((q) => !STOPWORDS.has(q)).length === 0) return [];
  const ranked = INDEX.map(({ book, names, author: bookAuthor }) => {
    const base = Math.max(...names.map((n) => scoreName(query, n)));
    const score = Math.min(1, base + (base > 0.5 ? authorBonus(authorWords, { author: bookAuthor }) : 0));
    return { book, score: Math.round(score * 1000) / 1000 };
  })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.book.title.length - b.book.title.length);
  return ranked.slice(0, limit);
}

/** The best catalog book for what the child said, or null when nothing is close enough. */
export function findBook(utterance: string, exclude: readonly string[] = []): BookMatch | null {
  const best = rankBooks(utterance, 10).find((m) => !exclude.includes(m.book.id));
  return best && best.score >= MATCH_THRESHOLD ? best : null;
}

/** Books by an author the child named ("a Dr. Seuss book"). */
export function findByAuthor(utterance: string): CatalogBook[] {
  const words = tokens(utterance).filter((t) => t.length > 2);
  if (!words.length) return [];
  return INDEX.filter(({ author }) => {
    const surname = author[author.length - 1];
    return surname !== undefined && words.some((w) => wordMatch(surname, w) > 0);
  }).map(({ book }) => book);
}
