import type { BookTraits } from './book-documents.js';
import { DOCUMENT_RECIPE, traitsDocument } from './book-documents.js';
import type { GameTemplate } from './book-schema.js';
import { BOOKS, type CatalogBook } from './catalog.js';
import * as hybrid from './hybrid.js';
import { type KnowledgeSource, knowledgeHash, SHIPPED_KNOWLEDGE } from './knowledge-files.js';
import { LocalEmbedder } from './local-embedder.js';
import { TitleIndex, titleIndex } from './match.js';
import { MemoryIndex } from './memory-index.js';
import { hitAttributes, observe } from './observe.js';

/**
 * Hybrid retrieval with everything in this process and nothing to wait for: the local embedding
 * (local-embedder.ts) and its vectors compared in memory (memory-index.ts), fused with title
 * matching exactly as the pgvector index fuses them. This is what the brains call on every turn: it
 * builds in about half a second of CPU from the knowledge files, answers in under a millisecond,
 * and needs no database, so it works the same in an API process, a generation worker
 * and a test. docs/retrieval.md says why the pgvector index is not on this path.
 */
export class LocalKnowledge implements hybrid.Knowledge {
  readonly contentHash: string;
  readonly embedderName: string;
  readonly books: readonly CatalogBook[];
  readonly templates: readonly GameTemplate[];
  /** The local embedding, shared with a pgvector index over the same knowledge (book-search.ts). */
  readonly embedder: LocalEmbedder;
  private readonly index: MemoryIndex;
  private readonly titles: TitleIndex;
  private readonly byId: Map<string, CatalogBook>;

  constructor(source: KnowledgeSource = SHIPPED_KNOWLEDGE) {
    const rows = hybrid.knowledgeRows(source);
    this.books = rows.books;
    this.templates = rows.templates;
    this.embedder = new LocalEmbedder([...rows.bookDocs, ...rows.templateDocs]);
    this.embedderName = this.embedder.name;
    this.contentHash = knowledgeHash(source, DOCUMENT_RECIPE, this.embedder.name);
    const row = (id: string, title: string, text: string) => ({
      id,
      title,
      text,
      embedding: this.embedder.embedOne(text),
    });
    this.index = new MemoryIndex(
      this.embedder.dimensions,
      rows.books.map((b, i) => row(b.id, b.title, rows.bookDocs[i] as string)),
      rows.templates.map((t, i) => row(t.type, t.name, rows.templateDocs[i] as string)),
    );
    this.titles = this.books === BOOKS ? titleIndex() : new TitleIndex(this.books);
    this.byId = new Map(this.books.map((b) => [b.id, b]));
  }

  /** The books that best fit what the child said (a title, a misspelling or a description). */
  searchBooksSync(query: string, k = 5): hybrid.BookHit[] {
    return observe('search', 'memory', () => this.search(query, k), hitAttributes);
  }

  /** The book to ask "Is that …?" about, never one the child already said no to. */
  identifyBookSync(utterance: string, exclude: readonly string[] = []): hybrid.Identification | null {
    return observe(
      'identify',
      'memory',
      () => hybrid.identification(this.search(utterance, 10), utterance, exclude),
      (id) => (id ? { 'retrieval.top_id': id.book.id, 'retrieval.confident': id.confident } : {}),
    );
  }

  /** The game types that fit a catalogue book, or a story the child told us about, best first. */
  rankGameTypesSync(book: CatalogBook | BookTraits, k = 3): hybrid.GameTypeRank[] {
    return observe(
      'game_types',
      'memory',
      () => {
        const stored = book.id !== undefined && this.byId.get(book.id) === book;
        const text = stored ? '' : traitsDocument(book);
        const embedding = text ? this.embedder.embedOne(hybrid.boundQuery(text)) : [];
        const sims = stored
          ? this.index.templateSimilarities({ bookId: book.id as string })
          : embedding.some((x) => x !== 0)
            ? this.index.templateSimilarities({ embedding })
            : [];
        return hybrid.rankTypes(this.templates, sims, book, k);
      },
      (ranks) => ({ 'retrieval.top_type': ranks[0]?.type ?? '' }),
    );
  }

  async searchBooks(query: string, k = 5): Promise<hybrid.BookHit[]> {
    return this.searchBooksSync(query, k);
  }

  async identifyBook(
    utterance: string,
    exclude: readonly string[] = [],
  ): Promise<hybrid.Identification | null> {
    return this.identifyBookSync(utterance, exclude);
  }

  async rankGameTypes(book: CatalogBook | BookTraits, k = 3): Promise<hybrid.GameTypeRank[]> {
    return this.rankGameTypesSync(book, k);
  }

  searchTitles(query: string, k = 5): hybrid.BookHit[] {
    return hybrid.titleHits(this.titles, query, k);
  }

  async close(): Promise<void> {}

  private search(query: string, k: number): hybrid.BookHit[] {
    const bounded = hybrid.boundQuery(query);
    if (!bounded) return [];
    const title = this.titles.rank(query, hybrid.CANDIDATES);
    const embedding = this.embedder.embedOne(bounded);
    // Nothing the knowledge has a word for: a zero vector has no direction to compare.
    const vector = embedding.some((x) => x !== 0)
      ? this.index.nearestBooks(embedding, hybrid.CANDIDATES)
      : [];
    return hybrid.fuseHits(title, vector, this.byId, k);
  }
}

let shipped: LocalKnowledge | undefined;

/**
 * The local knowledge over the shipped files, built on first use (about 0.5 s of CPU; bootstrap
 * builds it at start so no child waits for it). The files are part of the code, so a change to them arrives
 * with a new process, which builds anew: there is nothing on disk to go stale.
 */
export function localKnowledge(): LocalKnowledge {
  shipped ??= new LocalKnowledge();
  return shipped;
}
