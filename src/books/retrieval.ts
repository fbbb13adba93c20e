import { type BookTraits, DOCUMENT_RECIPE, traitsDocument } from './book-documents.js';
import type { GameTemplate } from './book-schema.js';
import { BOOKS, type CatalogBook } from './catalog.js';
import type { Embedder } from './embedder.js';
import {
  type BookHit,
  boundQuery,
  CANDIDATES,
  fuseHits,
  type GameTypeRank,
  type Identification,
  identification,
  type Knowledge,
  knowledgeRows,
  rankTypes,
  titleHits,
} from './hybrid.js';
import { type KnowledgeSource, knowledgeHash, SHIPPED_KNOWLEDGE } from './knowledge-files.js';
import { LocalEmbedder } from './local-embedder.js';
import { LocalKnowledge } from './local-knowledge.js';
import { MATCH_THRESHOLD, MIN_TITLE_COVERAGE, TitleIndex, titleIndex } from './match.js';
import { hitAttributes, observe } from './observe.js';
import { type SqlClient, SqlVectorIndex } from './sql-vectors.js';
import { type Neighbour, VectorIndex } from './vector-index.js';

/**
 * Hybrid retrieval over the book knowledge: fuzzy title matching (match.ts) for "the very hungry
 * catapiller", vector similarity over each book's summary and facts for "the pig that builds a
 * brick house", fused into one ranking (hybrid.ts). Also picks game types for a book from the
 * template knowledge. Two indexes hold the vectors: PGlite + pgvector (the store of record, here)
 * and the same vectors in memory (local-knowledge.ts, what the brains call every turn). Title
 * matching alone (searchTitles) works synchronously while an index is building.
 */

export type { BookHit, GameTypeRank, Identification, Knowledge } from './hybrid.js';
export { boundQuery, fuseScores } from './hybrid.js';
export { LocalKnowledge, localKnowledge } from './local-knowledge.js';
export type { SqlClient } from './sql-vectors.js';

export interface KnowledgeOptions {
  /** Defaults to the local embedding, learned from the same knowledge files. */
  embedder?: Embedder;
  /** Defaults to the shipped files under src/books/data. */
  source?: KnowledgeSource;
  /**
   * `pgvector` (default): PGlite with pgvector. `memory`: the same local vectors in this process's
   * memory, built synchronously (only with the local embedding, which needs no waiting).
   */
  index?: 'pgvector' | 'memory';
  /**
   * With `pgvector`: the app's own database (PostgreSQL with the extension, or the embedded store)
   * instead of a PGlite of its own, which would cost a process some 340 MB (docs/memory.md).
   */
  database?: SqlClient;
  /**
   * Told when a query's embedding fails (a provider outage); that query is answered from title
   * matching alone instead of failing.
   */
  onVectorError?: (err: unknown) => void;
}

/** Build the knowledge index. Without an embedder, the local one learns from the same files. */
export async function createKnowledge(opts: KnowledgeOptions = {}): Promise<Knowledge> {
  const source = opts.source ?? SHIPPED_KNOWLEDGE;
  if (opts.index === 'memory') {
    if (opts.embedder) throw new Error('the in-memory index holds the local embedding only');
    return new LocalKnowledge(source);
  }
  const { books, templates, bookDocs, templateDocs } = knowledgeRows(source);
  const embedder = opts.embedder ?? new LocalEmbedder([...bookDocs, ...templateDocs]);
  const contentHash = knowledgeHash(source, DOCUMENT_RECIPE, embedder.name);
  const [bookVectors, templateVectors] = await Promise.all([
    embedder.embed(bookDocs),
    embedder.embed(templateDocs),
  ]);
  const toRows = (list: readonly { id: string; title: string }[], docs: string[], vectors: number[][]) =>
    list.map((r, i) => ({ id: r.id, title: r.title, text: docs[i] as string, embedding: vectors[i] ?? [] }));
  if (opts.database) {
    const index = await SqlVectorIndex.open(opts.database, {
      contentHash,
      dimensions: embedder.dimensions,
      books: toRows(books, bookDocs, bookVectors),
      templates: toRows(
        templates.map((t) => ({ id: t.type, title: t.name })),
        templateDocs,
        templateVectors,
      ),
    });
    return new HybridKnowledge(books, templates, embedder, index, contentHash, opts.onVectorError);
  }
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

/** Where HybridKnowledge's cosines come from: a PGlite of its own, or the app's database. */
interface VectorSource {
  nearestBooks(embedding: number[], k: number): Promise<Neighbour[]>;
  templateSimilarities(target: { bookId: string } | { embedding: number[] }): Promise<Neighbour[]>;
  close(): Promise<void>;
}

/** Hybrid retrieval over pgvector, with any embedder (a provider's, or the local one). */
class HybridKnowledge implements Knowledge {
  readonly embedderName: string;
  private readonly titles: TitleIndex;
  private readonly byId: Map<string, CatalogBook>;

  constructor(
    readonly books: readonly CatalogBook[],
    readonly templates: readonly GameTemplate[],
    private readonly embedder: Embedder,
    private readonly index: VectorSource,
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
    return observe('search', 'pgvector', () => this.search(query, k), hitAttributes);
  }

  async identifyBook(utterance: string, exclude: readonly string[] = []): Promise<Identification | null> {
    return observe(
      'identify',
      'pgvector',
      async () => identification(await this.search(utterance, 10), utterance, exclude),
      (id) => (id ? { 'retrieval.top_id': id.book.id, 'retrieval.confident': id.confident } : {}),
    );
  }

  async rankGameTypes(book: CatalogBook | BookTraits, k = 3): Promise<GameTypeRank[]> {
    return observe(
      'game_types',
      'pgvector',
      async () => {
        const stored = book.id !== undefined && this.byId.get(book.id) === book;
        const sims = stored
          ? await this.index.templateSimilarities({ bookId: book.id as string })
          : await this.templateSimilaritiesFor(book);
        return rankTypes(this.templates, sims, book, k);
      },
      (ranks) => ({ 'retrieval.top_type': ranks[0]?.type ?? '' }),
    );
  }

  async close(): Promise<void> {
    await this.index.close();
  }

  private async search(query: string, k: number): Promise<BookHit[]> {
    const bounded = boundQuery(query);
    if (!bounded) return [];
    const title = this.titles.rank(query, CANDIDATES);
    return fuseHits(title, await this.vectorSearch(bounded), this.byId, k);
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

/** Title matching over the shipped catalogue, for when the index is not built yet. */
export function searchTitles(query: string, k = 5): BookHit[] {
  return observe('search', 'titles', () => titleHits(titleIndex(), query, k), hitAttributes);
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
