import { GAME_TYPES, type GameType } from '../games/spec.js';
import { cutGraphemes } from '../text/graphemes.js';
import { tokens } from '../text/normalise.js';
import {
  type BookTraits,
  bookDocument,
  DOCUMENT_RECIPE,
  templateDocument,
  traitsDocument,
} from './book-documents.js';
import { type GameTemplate, parseBooks, parseTemplates } from './book-schema.js';
import { BOOKS, type CatalogBook } from './catalog.js';
import type { Embedder } from './embedder.js';
import { type KnowledgeSource, knowledgeHash, SHIPPED_KNOWLEDGE } from './knowledge-files.js';
import { LocalEmbedder } from './local-embedder.js';
import {
  MATCH_THRESHOLD,
  MAX_QUERY_GRAPHEMES,
  MAX_QUERY_TOKENS,
  MIN_TITLE_COVERAGE,
  TitleIndex,
  titleIndex,
} from './match.js';
import { contentStems } from './text-features.js';
import { VectorIndex } from './vector-index.js';

/**
 * Hybrid retrieval over the book knowledge: fuzzy title matching (match.ts) for "the very hungry
 * catapiller", vector similarity over each book's summary and facts for "the pig that builds a
 * brick house", fused into one ranking. Also picks game types for a book from the template
 * knowledge. Title matching alone (searchTitles) works synchronously while the index is building.
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
const CANDIDATES = 20;

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

export interface KnowledgeOptions {
  /** Defaults to the local embedding, learned from the same knowledge files. */
  embedder?: Embedder;
  /** Defaults to the shipped files under src/books/data. */
  source?: KnowledgeSource;
  /**
   * Told when a query's embedding fails (a provider outage); that query is answered from title
   * matching alone instead of failing.
   */
  onVectorError?: (err: unknown) => void;
}

/** Build the knowledge index. Without an embedder, the local one learns from the same files. */
export async function createKnowledge(opts: KnowledgeOptions = {}): Promise<Knowledge> {
  const source = opts.source ?? SHIPPED_KNOWLEDGE;
  const books = source === SHIPPED_KNOWLEDGE ? BOOKS : parseBooks(source.books);
  const templates = parseTemplates(source.templates, new Set(books.map((b) => b.id)));
  const bookDocs = books.map(bookDocument);
  const templateDocs = templates.map(templateDocument);
  const embedder = opts.embedder ?? new LocalEmbedder([...bookDocs, ...templateDocs]);
  const contentHash = knowledgeHash(source, DOCUMENT_RECIPE, embedder.name);
  const [bookVectors, templateVectors] = await Promise.all([
    embedder.embed(bookDocs),
    embedder.embed(templateDocs),
  ]);
  const index = await VectorIndex.build({
    dimensions: embedder.dimensions,
    books: books.map((b, i) => ({
      id: b.id,
      title: b.title,
      text: bookDocs[i] as string,
      embedding: bookVectors[i] ?? [],
    })),
    templates: templates.map((t, i) => ({
      id: t.type,
      title: t.name,
      text: templateDocs[i] as string,
      embedding: templateVectors[i] ?? [],
    })),
    meta: { content_hash: contentHash, embedder: embedder.name, books: String(books.length) },
  });
  return new HybridKnowledge(books, templates, embedder, index, contentHash, opts.onVectorError);
}

class HybridKnowledge implements Knowledge {
  readonly embedderName: string;
  private readonly titles: TitleIndex;
  private readonly byId: Map<string, CatalogBook>;

  constructor(
    readonly books: readonly CatalogBook[],
    readonly templates: readonly GameTemplate[],
    private readonly embedder: Embedder,
    private readonly index: VectorIndex,
    readonly contentHash: string,
    private readonly onVectorError: ((err: unknown) => void) | undefined,
  ) {
    this.embedderName = embedder.name;
    this.titles = books === BOOKS ? titleIndex() : new TitleIndex(books);
    this.byId = new Map(books.map((b) => [b.id, b]));
  }

  searchTitles(query: string, k = 5): BookHit[] {
    return titleHits(this.titles, query, k);
  }

  async searchBooks(query: string, k = 5): Promise<BookHit[]> {
    const bounded = boundQuery(query);
    if (!bounded) return [];
    const title = this.titles.rank(query, CANDIDATES);
    const vector = await this.vectorSearch(bounded);
    const hits = new Map<string, BookHit>();
    for (const m of title)
      hits.set(m.book.id, { book: m.book, score: 0, via: { title: m.score, coverage: m.coverage ?? 1 } });
    for (const n of vector) {
      const book = this.byId.get(n.id);
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

  async identifyBook(utterance: string, exclude: readonly string[] = []): Promise<Identification | null> {
    const hits = (await this.searchBooks(utterance, 10)).filter((h) => !exclude.includes(h.book.id));
    const [best, next] = hits;
    if (!best) return null;
    const words = contentStems(boundQuery(utterance)).length;
    return { book: best.book, score: best.score, confident: isConfident(best, next, words) };
  }

  async rankGameTypes(book: CatalogBook | BookTraits, k = 3): Promise<GameTypeRank[]> {
    const stored = book.id !== undefined && this.byId.get(book.id) === book;
    const sims = stored
      ? await this.index.templateSimilarities({ bookId: book.id as string })
      : await this.templateSimilaritiesFor(book);
    const top = Math.max(...sims.map((s) => s.similarity), 1e-9);
    const suggested = (book.suggestedTypes ?? []).filter((t): t is GameType =>
      (GAME_TYPES as readonly string[]).includes(t),
    );
    return this.templates
      .map((t) => {
        const sim = sims.find((s) => s.id === t.type)?.similarity ?? 0;
        const position = suggested.indexOf(t.type);
        // The book's own list is curated by hand: it leads; similarity orders the rest and
        // decides alone for a book we do not know.
        const prior = position < 0 ? 0 : (SUGGESTED_PRIOR[position] ?? 0.1);
        return { type: t.type, score: round(0.5 * Math.max(0, sim / top) + prior), reason: t.childReason };
      })
      .sort((a, b) => b.score - a.score || GAME_TYPES.indexOf(a.type) - GAME_TYPES.indexOf(b.type))
      .slice(0, k);
  }

  async close(): Promise<void> {
    await this.index.close();
  }

  private async vectorSearch(bounded: string): Promise<{ id: string; similarity: number }[]> {
    let embedding: number[] | undefined;
    try {
      [embedding] = await this.embedder.embed([bounded]);
    } catch (err) {
      if (!this.onVectorError) throw err;
      this.onVectorError(err);
      return [];
    }
    // Nothing the knowledge has a word for: a zero vector has no direction to compare.
    if (!embedding?.some((x) => x !== 0)) return [];
    return this.index.nearestBooks(embedding, CANDIDATES);
  }

  private async templateSimilaritiesFor(book: BookTraits) {
    const text = traitsDocument(book);
    const [embedding] = text ? await this.embedder.embed([boundQuery(text)]) : [];
    if (!embedding?.some((x) => x !== 0)) return [];
    return this.index.templateSimilarities({ embedding });
  }
}

const SUGGESTED_PRIOR = [0.6, 0.4, 0.25];

function isConfident(best: BookHit, next: BookHit | undefined, words: number): boolean {
  if ((best.via.title ?? 0) >= MATCH_THRESHOLD && (best.via.coverage ?? 1) >= MIN_TITLE_COVERAGE) return true;
  const v = best.via.vector ?? 0;
  const nextV = next?.via.vector ?? 0;
  return words >= VECTOR_MIN_WORDS && v >= VECTOR_CONFIDENT && v >= nextV * VECTOR_MARGIN;
}

function titleHits(index: TitleIndex, query: string, k: number): BookHit[] {
  return index.rank(query, k).map((m) => ({
    book: m.book,
    score: round(fuseScores(m.score, undefined, m.coverage)),
    via: { title: m.score, coverage: m.coverage ?? 1 },
  }));
}

/** Title matching over the shipped catalogue, for when the index is not built yet. */
export function searchTitles(query: string, k = 5): BookHit[] {
  return titleHits(titleIndex(), query, k);
}

/** "Is that …?" from title matching alone, for when the index is not built yet. */
export function identifyByTitle(utterance: string, exclude: readonly string[] = []): Identification | null {
  const best = titleIndex()
    .rank(utterance, 10)
    .find((m) => !exclude.includes(m.book.id));
  if (!best) return null;
  const confident = best.score >= MATCH_THRESHOLD && (best.coverage ?? 1) >= MIN_TITLE_COVERAGE;
  return { book: best.book, score: best.score, confident };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
