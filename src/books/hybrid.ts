import { GAME_TYPES, type GameType } from '../games/spec.js';
import { cutGraphemes } from '../text/graphemes.js';
import { tokens } from '../text/normalise.js';
import { type BookTraits, bookDocument, templateDocument } from './book-documents.js';
import { type GameTemplate, parseBooks, parseTemplates } from './book-schema.js';
import { BOOKS, type CatalogBook } from './catalog.js';
import { type KnowledgeSource, SHIPPED_KNOWLEDGE } from './knowledge-files.js';
import {
  type BookMatch,
  MATCH_THRESHOLD,
  MAX_QUERY_GRAPHEMES,
  MAX_QUERY_TOKENS,
  MIN_TITLE_COVERAGE,
  type TitleIndex,
} from './match.js';
import { contentStems } from './text-features.js';
import type { Neighbour } from './vector-index.js';

/**
 * What both knowledge indexes share: the answer types, and the pure steps that turn title matches
 * and vector neighbours into one ranking, an "Is that …?" and a game-type offer. The pgvector index
 * (retrieval.ts) and the in-memory one (local-knowledge.ts) differ only in where the cosines come
 * from, so they cannot drift apart in how they rank.
 */

export interface BookHit {
  book: CatalogBook;
  /** Fused score, comparable within one query only. */
  score: number;
  /**
   * What each channel gave this book: title-match score (0..1) with the share of the query's words
   * the title accounts for, and cosine similarity (-1..1).
   */
  via: { title?: number; coverage?: number; vector?: number };
}

export interface Identification {
  book: CatalogBook;
  score: number;
  /** Worth asking "Is that …?"; when false, ask for the title instead of guessing. */
  confident: boolean;
}

export interface GameTypeRank {
  type: GameType;
  score: number;
  /** Child-friendly: "you run fast and jump over things in your way". */
  reason: string;
}

export interface Knowledge {
  /** Hash of the knowledge files, the document recipe and the embedder: equal hashes, equal index. */
  readonly contentHash: string;
  readonly embedderName: string;
  readonly books: readonly CatalogBook[];
  readonly templates: readonly GameTemplate[];
  searchBooks(query: string, k?: number): Promise<BookHit[]>;
  identifyBook(utterance: string, exclude?: readonly string[]): Promise<Identification | null>;
  rankGameTypes(book: CatalogBook | BookTraits, k?: number): Promise<GameTypeRank[]>;
  /** Title matching only, synchronous. */
  searchTitles(query: string, k?: number): BookHit[];
  close(): Promise<void>;
}

// How many candidates each channel hands to the fusion.
export const CANDIDATES = 20;

/**
 * Weighted fusion, measured on bench/data/retrieval-eval.json against reciprocal rank fusion: the
 * title score is meaningful in absolute terms (0.9 is "that is the title"), which rank fusion
 * throws away, so a near-exact title wins outright and a weak one only nudges the vector ranking.
 */
export function fuseScores(title: number | undefined, vector: number | undefined, coverage = 1): number {
  const t = title ?? 0;
  const v = Math.max(0, vector ?? 0);
  // Title evidence counts from about where MATCH_THRESHOLD starts to mean something, and not at all
  // when the title is under a quarter of what the child said: two title words inside a long
  // description ("a cat in a feathered hat…") are chance, and the vector channel sees them anyway.
  const share = Math.min(1, Math.max(0, (coverage - 0.25) / 0.25));
  const titleEvidence = (Math.max(0, t - 0.45) / 0.55) ** 2 * share;
  return 1.5 * titleEvidence + v;
}

/**
 * Confidence for "Is that …?": a real title match, or a description whose best book stands clearly
 * above the next one.
 */
const VECTOR_CONFIDENT = 0.3;
const VECTOR_MARGIN = 1.25;
// One or two words ("banana", "harry potter") are too little to recognise a story by.
const VECTOR_MIN_WORDS = 4;

/** Cut a message to what is worth matching, at grapheme and word boundaries. */
export function boundQuery(text: string): string {
  return tokens(cutGraphemes(text, MAX_QUERY_GRAPHEMES)).slice(0, MAX_QUERY_TOKENS).join(' ');
}

/** The books, templates and the text each row is embedded from, checked by the schema. */
export function knowledgeRows(source: KnowledgeSource) {
  const books = source === SHIPPED_KNOWLEDGE ? BOOKS : parseBooks(source.books);
  const templates = parseTemplates(source.templates, new Set(books.map((b) => b.id)));
  return {
    books,
    templates,
    bookDocs: books.map(bookDocument),
    templateDocs: templates.map(templateDocument),
  };
}

/** Title matches and vector neighbours fused into one ranking, best first. */
export function fuseHits(
  title: readonly BookMatch[],
  vector: readonly Neighbour[],
  byId: ReadonlyMap<string, CatalogBook>,
  k: number,
): BookHit[] {
  const hits = new Map<string, BookHit>();
  for (const m of title)
    hits.set(m.book.id, { book: m.book, score: 0, via: { title: m.score, coverage: m.coverage ?? 1 } });
  for (const n of vector) {
    const book = byId.get(n.id);
    if (!book) continue;
    const hit = hits.get(n.id) ?? { book, score: 0, via: {} };
    hit.via.vector = round(n.similarity);
    hits.set(n.id, hit);
  }
  for (const hit of hits.values())
    hit.score = round(fuseScores(hit.via.title, hit.via.vector, hit.via.coverage));
  return [...hits.values()]
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score || a.book.title.length - b.book.title.length)
    .slice(0, k);
}

/** The best hit not excluded, and whether it is worth asking about. `hits` come from a top-10 search. */
export function identification(
  hits: readonly BookHit[],
  utterance: string,
  exclude: readonly string[],
): Identification | null {
  const [best, next] = hits.filter((h) => !exclude.includes(h.book.id));
  if (!best) return null;
  const words = contentStems(boundQuery(utterance)).length;
  return { book: best.book, score: best.score, confident: isConfident(best, next, words) };
}

function isConfident(best: BookHit, next: BookHit | undefined, words: number): boolean {
  if ((best.via.title ?? 0) >= MATCH_THRESHOLD && (best.via.coverage ?? 1) >= MIN_TITLE_COVERAGE) return true;
  const v = best.via.vector ?? 0;
  const nextV = next?.via.vector ?? 0;
  return words >= VECTOR_MIN_WORDS && v >= VECTOR_CONFIDENT && v >= nextV * VECTOR_MARGIN;
}

// The book's first type is what its facts were written for, and leads whatever the similarity
// says (Winnie-the-Pooh is a treasure hunt, though "wood" and "adventure" sound like jumping): its
// prior is above any other type's prior plus the most similarity can add. The second and third
// places are the curated ones nudged by similarity, which may swap them or bring in another type.
const SUGGESTED_PRIOR = [1, 0.4, 0.25];
const SIMILARITY_WEIGHT = 0.3;

/**
 * The best game templates for a book: template similarity to the book, with the book's own hand-curated
 * list leading (it is written by people who know the story); similarity orders the rest and
 * decides alone for a book we do not know.
 */
export function rankTypes(
  templates: readonly GameTemplate[],
  sims: readonly Neighbour[],
  book: CatalogBook | BookTraits,
  k: number,
): GameTypeRank[] {
  const top = Math.max(...sims.map((s) => s.similarity), 1e-9);
  const suggested = (book.suggestedTypes ?? []).filter((t): t is GameType =>
    (GAME_TYPES as readonly string[]).includes(t),
  );
  return templates
    .map((t) => {
      const sim = sims.find((s) => s.id === t.type)?.similarity ?? 0;
      const position = suggested.indexOf(t.type);
      const prior = position < 0 ? 0 : (SUGGESTED_PRIOR[position] ?? 0.1);
      return {
        type: t.type,
        score: round(SIMILARITY_WEIGHT * Math.max(0, sim / top) + prior),
        reason: t.childReason,
      };
    })
    .sort((a, b) => b.score - a.score || GAME_TYPES.indexOf(a.type) - GAME_TYPES.indexOf(b.type))
    .slice(0, k);
}

export function titleHits(index: TitleIndex, query: string, k: number): BookHit[] {
  return index.rank(query, k).map((m) => ({
    book: m.book,
    score: round(fuseScores(m.score, undefined, m.coverage)),
    via: { title: m.score, coverage: m.coverage ?? 1 },
  }));
}

export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
