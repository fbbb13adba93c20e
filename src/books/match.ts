import { cutGraphemes } from '../text/graphemes.js';
import { normaliseText, tokens } from '../text/normalise.js';
import { BOOKS, type CatalogBook } from './catalog.js';

/**
 * Fuzzy title matching for speech transcripts ("the very hungry caterpiller", "dragons like tacos",
 * "green eggs and ham by doctor seuss"). Pure and dependency-free: token overlap with a per-token
 * edit budget, plus whole-string edit similarity for run-together or split words.
 *
 * The catalogue is indexed once (TitleIndex); a query compares each distinct title word with each
 * query word once, so the cost grows with the vocabulary, not with books × names × words.
 */

export interface BookMatch {
  book: CatalogBook;
  score: number;
  /**
   * Share of the utterance's content words the matched name accounts for: 1 for "the gruffalo",
   * low when two title words turn up inside a long description ("a cat in a feathered hat…").
   */
  coverage?: number;
}

/** Below this a guess is more likely wrong than right; asking again is kinder than a wrong title. */
export const MATCH_THRESHOLD = 0.68;

/**
 * A title that is under a third of what the child said is a word in passing ("we went on a journey
 * to the park"), not the child naming the book "Journey".
 */
export const MIN_TITLE_COVERAGE = 0.34;

/**
 * A child's message can be long; a title never is. Matching looks at this much of it, so a
 * 2,000-character message costs about what a sentence does.
 */
export const MAX_QUERY_GRAPHEMES = 200;
export const MAX_QUERY_TOKENS = 40;

export function levenshtein(a: string, b: string): number {
  return boundedLevenshtein(a, b, Number.POSITIVE_INFINITY);
}

// Two reusable rows: matching runs thousands of tiny comparisons per message, and allocating
// rows for each one cost more than the comparisons themselves.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Edit distance, or any number above `max` as soon as the distance is sure to exceed it. */
function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2);
    rowB = new Int32Array(b.length * 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      const v = Math.min(sub, del, ins);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] as number;
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

const stripS = (w: string) => (w.endsWith('s') ? w.slice(0, -1) : w);

function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

function letterCounts(text: string): Uint8Array {
  const counts = new Uint8Array(36);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : -1;
    if (k >= 0 && (counts[k] as number) < 255) counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/** A lower bound on edit distance: letters one string has more of must each be edited away. */
function countDistance(a: Uint8Array, b: Uint8Array): number {
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d > 0) more += d;
    else fewer -= d;
  }
  return Math.max(more, fewer);
}

function popcount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Credit for a query word standing in for a title word: 1 exact, less for a near miss, 0 otherwise. */
export function wordMatch(titleWord: string, queryWord: string): number {
  if (titleWord === queryWord) return 1;
  // Plurals and "-s" slips ("dragon" / "dragons") are not real typos.
  if (stripS(titleWord) === stripS(queryWord)) return 0.95;
  const budget = editBudget(Math.min(titleWord.length, queryWord.length));
  const d = boundedLevenshtein(titleWord, queryWord, budget);
  return d <= budget ? 0.85 - 0.05 * d : 0;
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

const weight = (t: string) => (STOPWORDS.has(t) ? 0.3 : 1);

// Joined strings shorter than this are whole short words ("thecat" vs "thehat"), not run-together titles.
const MIN_JOINED = 7;
const JOINED_SIMILARITY = 0.8;

/** One name of a book (its title or an alias), with its words as indexes into the vocabulary. */
interface IndexedName {
  book: number;
  words: number[];
  weights: number[];
  totalWeight: number;
  joined: string;
  counts: Uint8Array;
}

interface IndexedBook {
  book: CatalogBook;
  names: IndexedName[];
  author: string[];
}

/** One reading of the utterance: which words might be the title, and which the author. */
interface Reading {
  query: string[];
  authorWords: string[] | null;
}

/**
 * The ways a sentence can hold a title. The plain reading strips filler and splits off "by X"; the
 * others keep what that removed, because titles can start with filler words or contain "by"
 * ("No, David!", "Inch by Inch", "Soup from a Stone"). Each book keeps its best reading.
 */
function readingsOf(utterance: string): Reading[] {
  const cut = cutGraphemes(utterance, MAX_QUERY_GRAPHEMES);
  const whole = normaliseText(cut);
  const { title, author } = splitAuthorClause(cut);
  const authorWords = author ? tokens(author).slice(0, MAX_QUERY_TOKENS) : null;
  const candidates: Reading[] = [
    { query: tokens(stripFiller(title)), authorWords },
    { query: tokens(title), authorWords },
    { query: tokens(stripFiller(whole)), authorWords: null },
    { query: tokens(whole), authorWords: null },
  ];
  const seen = new Set<string>();
  return candidates
    .map((r) => ({ ...r, query: r.query.slice(0, MAX_QUERY_TOKENS) }))
    .filter((r) => {
      const key = `${r.query.join(' ')}|${r.authorWords?.join(' ') ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Title matching over one list of books, with everything that does not depend on the query precomputed. */
export class TitleIndex {
  readonly books: readonly CatalogBook[];
  private readonly entries: IndexedBook[];
  private readonly vocabulary: string[] = [];
  private readonly vocabularyIds = new Map<string, number>();
  /** Vocabulary word ids grouped by word length, for the typo search. */
  private readonly wordsOfLength: number[][] = [];
  /** Vocabulary word → the books with a name containing it. */
  private readonly booksWithWord: number[][] = [];
  /** Letters present in each vocabulary word, as bits: a cheap lower bound on edit distance. */
  private readonly masks: number[] = [];
  /** A word with a trailing "s" removed → the vocabulary words that reduce to it. */
  private readonly wordsWithStem = new Map<string, number[]>();
  /** Every name with its spaces removed, shortest first, for the run-together comparison. */
  private readonly byJoinedLength: IndexedName[];

  constructor(books: readonly CatalogBook[]) {
    this.books = books;
    this.entries = books.map((book, bookIdx) => {
      const names = [book.title, ...book.aliases].map((name) => {
        const t = tokens(name);
        const words = t.map((w) => this.wordId(w, bookIdx));
        const weights = t.map(weight);
        const totalWeight = weights.reduce((a, b) => a + b, 0);
        const joined = t.join('');
        return { book: bookIdx, words, weights, totalWeight, joined, counts: letterCounts(joined) };
      });
      return { book, names, author: tokens(book.author).filter((t) => t.length > 2 && t !== 'and') };
    });
    this.byJoinedLength = this.entries
      .flatMap((e) => e.names)
      .filter((n) => n.joined.length >= MIN_JOINED)
      .sort((a, b) => a.joined.length - b.joined.length);
  }

  private wordId(word: string, bookIdx: number): number {
    let id = this.vocabularyIds.get(word);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.vocabularyIds.set(word, id);
      this.vocabulary.push(word);
      this.booksWithWord.push([]);
      this.masks.push(letterMask(word));
      const stem = stripS(word);
      this.wordsWithStem.set(stem, [...(this.wordsWithStem.get(stem) ?? []), id]);
      const list = this.wordsOfLength[word.length] ?? [];
      list.push(id);
      this.wordsOfLength[word.length] = list;
    }
    const books = this.booksWithWord[id] as number[];
    if (books[books.length - 1] !== bookIdx) books.push(bookIdx);
    return id;
  }

  /**
   * Vocabulary words a query word can stand in for, with the credit it earns for each: the same
   * numbers as wordMatch, found without comparing the word with the whole vocabulary.
   */
  private creditsFor(queryWord: string): Map<number, number> {
    const out = new Map<number, number>();
    const exact = this.vocabularyIds.get(queryWord);
    if (exact !== undefined) out.set(exact, 1);
    for (const id of this.wordsWithStem.get(stripS(queryWord)) ?? []) if (id !== exact) out.set(id, 0.95);
    const len = queryWord.length;
    const mask = letterMask(queryWord);
    for (let l = Math.max(1, len - 3); l <= len + 3; l++) {
      const budget = editBudget(Math.min(l, len));
      if (Math.abs(l - len) > budget) continue;
      for (const id of this.wordsOfLength[l] ?? []) {
        if (out.has(id)) continue;
        // Each letter one word has and the other lacks costs at least one edit.
        const m = this.masks[id] as number;
        if (Math.max(popcount(mask & ~m), popcount(m & ~mask)) > budget) continue;
        const d = boundedLevenshtein(this.vocabulary[id] as string, queryWord, budget);
        if (d <= budget) out.set(id, 0.85 - 0.05 * d);
      }
    }
    return out;
  }

  /** Every book scored against the utterance, best first. */
  rank(utterance: string, limit = 5): BookMatch[] {
    const readings = readingsOf(utterance).filter((r) => r.query.some((q) => !STOPWORDS.has(q)));
    if (readings.length === 0) return [];
    const creditCache = new Map<string, Map<number, number>>();
    const best = new Map<number, NameScore>();
    for (const reading of readings) {
      for (const [bookIdx, base] of this.scoreReading(reading, creditCache)) {
        const entry = this.entries[bookIdx] as IndexedBook;
        const bonus = base.score > 0.5 ? authorBonus(reading.authorWords, entry.author) : 0;
        const score = Math.round(Math.min(1, base.score + bonus) * 1000) / 1000;
        if (score > (best.get(bookIdx)?.score ?? 0)) best.set(bookIdx, { score, coverage: base.coverage });
      }
    }
    return [...best]
      .map(([bookIdx, { score, coverage }]) => ({
        book: (this.entries[bookIdx] as IndexedBook).book,
        score,
        coverage: Math.round(coverage * 1000) / 1000,
      }))
      .sort((a, b) => b.score - a.score || a.book.title.length - b.book.title.length)
      .slice(0, limit);
  }

  /** Book index → its best name's score for one reading (books scoring 0 are left out). */
  private scoreReading(
    reading: Reading,
    creditCache: Map<string, Map<number, number>>,
  ): Map<number, NameScore> {
    const { query } = reading;
    const contentQuery = query.filter((q) => !STOPWORDS.has(q)).length;
    // credit[w][i]: how well query word i stands in for vocabulary word w.
    const credit = new Map<number, Float64Array>();
    query.forEach((q, i) => {
      let credits = creditCache.get(q);
      if (!credits) {
        credits = this.creditsFor(q);
        creditCache.set(q, credits);
      }
      for (const [w, m] of credits) {
        let row = credit.get(w);
        if (!row) {
          row = new Float64Array(query.length);
          credit.set(w, row);
        }
        row[i] = m;
      }
    });
    const scores = new Map<number, NameScore>();
    // A name matched only on "the" or "and" cannot reach any threshold: only content words open a book.
    const touched = new Set<number>();
    for (const w of credit.keys())
      if (!STOPWORDS.has(this.vocabulary[w] as string))
        for (const b of this.booksWithWord[w] ?? []) touched.add(b);
    for (const b of touched) {
      let top = NO_SCORE;
      for (const name of (this.entries[b] as IndexedBook).names) {
        const s = tokenScore(query, contentQuery, name, credit);
        if (s.score > top.score) top = s;
      }
      if (top.score > 0) scores.set(b, top);
    }
    // Run-together or split words ("caterpil lar", "stickman"): compare with spaces removed. Only a
    // near-identical string counts: "thedragon" is 75% of "zogthedragon" but is not that title.
    const joined = query.join('');
    if (joined.length >= MIN_JOINED) {
      const counts = letterCounts(joined);
      for (const name of this.namesNearLength(joined.length)) {
        const longest = Math.max(joined.length, name.joined.length);
        const maxEdits = Math.floor(longest * (1 - JOINED_SIMILARITY) + 1e-9);
        if (countDistance(counts, name.counts) > maxEdits) continue;
        const d = boundedLevenshtein(joined, name.joined, maxEdits);
        if (d > maxEdits) continue;
        // The whole utterance is the name, run together: it accounts for everything said.
        const s = 1 - d / longest;
        if (s > (scores.get(name.book)?.score ?? 0)) scores.set(name.book, { score: s, coverage: 1 });
      }
    }
    return scores;
  }

  /** Names whose joined length could be within the similarity bound of a query of this length. */
  private *namesNearLength(length: number): Generator<IndexedName> {
    const min = Math.ceil(length * JOINED_SIMILARITY - 1e-9);
    const max = Math.floor(length / JOINED_SIMILARITY + 1e-9);
    const list = this.byJoinedLength;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as IndexedName).joined.length < min) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && (list[i] as IndexedName).joined.length <= max; i++)
      yield list[i] as IndexedName;
  }

  /** The best book for what the child said, or null when nothing is close enough. */
  find(utterance: string, exclude: readonly string[] = []): BookMatch | null {
    const best = this.rank(utterance, 10).find((m) => !exclude.includes(m.book.id));
    return best && best.score >= MATCH_THRESHOLD && (best.coverage ?? 1) >= MIN_TITLE_COVERAGE ? best : null;
  }

  /** Books by an author the child named ("a Dr. Seuss book"). */
  byAuthor(utterance: string): CatalogBook[] {
    const words = tokens(cutGraphemes(utterance, MAX_QUERY_GRAPHEMES))
      .slice(0, MAX_QUERY_TOKENS)
      .filter((t) => t.length > 2);
    if (!words.length) return [];
    return this.entries
      .filter(({ author }) => {
        const surname = author[author.length - 1];
        return surname !== undefined && words.some((w) => wordMatch(surname, w) > 0);
      })
      .map(({ book }) => book);
  }
}

/** How well the query's words cover one name of a book (recall-heavy: extra words are common in speech). */
function tokenScore(
  query: string[],
  contentQuery: number,
  name: IndexedName,
  credit: Map<number, Float64Array>,
): NameScore {
  if (name.words.length === 0) return NO_SCORE;
  let got = 0;
  const used: number[] = [];
  let contentUsed = 0;
  name.words.forEach((w, k) => {
    const row = credit.get(w);
    if (!row) return;
    let best = 0;
    let bestIdx = -1;
    for (let i = 0; i < row.length; i++) {
      const m = row[i] as number;
      if (m > best && !used.includes(i)) {
        best = m;
        bestIdx = i;
      }
    }
    if (bestIdx < 0) return;
    used.push(bestIdx);
    if (!STOPWORDS.has(query[bestIdx] as string)) contentUsed++;
    got += best * (name.weights[k] as number);
  });
  if (got === 0) return NO_SCORE;
  const recall = got / name.totalWeight;
  // Every title word must be backed by a content word, or "my dog" would half-match "Dog Man".
  const precision = contentQuery ? contentUsed / contentQuery : 0;
  return { score: 0.8 * recall + 0.2 * precision, coverage: precision };
}

interface NameScore {
  score: number;
  coverage: number;
}

const NO_SCORE: NameScore = { score: 0, coverage: 0 };

function authorBonus(authorWords: string[] | null, author: string[]): number {
  if (!authorWords?.length) return 0;
  const hit = author.some((a) => authorWords.some((w) => wordMatch(a, w) > 0));
  return hit ? 0.08 : -0.04;
}

let shipped: TitleIndex | undefined;

/** The index over the shipped catalogue, built on first use. */
export function titleIndex(): TitleIndex {
  shipped ??= new TitleIndex(BOOKS);
  return shipped;
}

/** Every book scored against the utterance, best first. */
export function rankBooks(utterance: string, limit = 5): BookMatch[] {
  return titleIndex().rank(utterance, limit);
}

/** The best catalog book for what the child said, or null when nothing is close enough. */
export function findBook(utterance: string, exclude: readonly string[] = []): BookMatch | null {
  return titleIndex().find(utterance, exclude);
}

/** Books by an author the child named ("a Dr. Seuss book"). */
export function findByAuthor(utterance: string): CatalogBook[] {
  return titleIndex().byAuthor(utterance);
}
