import type { IndexedRow, Neighbour } from './vector-index.js';

/**
 * The same vectors as the pgvector index, held in this process's memory and compared with a plain
 * dot product. It exists for the brains: a conversation turn must not wait on a database that takes
 * seconds and hundreds of megabytes to start, and must work in every deployment mode (an API
 * process, a generation worker, a test). Three hundred rows of 384 numbers are 0.5 MB; a query is
 * 120,000 multiply-adds, a tenth of a millisecond. The pgvector index stays the store of record
 * (and serves /api/books/search); tests/books/memory-index.test.ts checks the two agree.
 *
 * Rows are L2-normalised when stored, so the dot product is the cosine, as pgvector's `<=>` computes.
 */
export class MemoryIndex {
  private readonly books: Rows;
  private readonly templates: Rows;

  constructor(
    readonly dimensions: number,
    books: readonly IndexedRow[],
    templates: readonly IndexedRow[],
  ) {
    this.books = rows(books, dimensions);
    this.templates = rows(templates, dimensions);
  }

  /** The books nearest to the embedding by cosine, best first (ties keep knowledge order). */
  nearestBooks(embedding: readonly number[], k: number): Neighbour[] {
    if (!Number.isInteger(k) || k < 1) throw new Error(`bad neighbour count ${k}`);
    const sims = this.cosines(this.books, embedding);
    // The k best by insertion into a short sorted list: k is 20 of a few hundred rows.
    const best: number[] = [];
    for (let i = 0; i < sims.length; i++) {
      const v = sims[i] as number;
      if (best.length === k) {
        if (v <= (sims[best[k - 1] as number] as number)) continue;
        best.pop();
      }
      // Ties keep knowledge order, as pgvector's scan does.
      let at = best.length;
      while (at > 0 && (sims[best[at - 1] as number] as number) < v) at--;
      best.splice(at, 0, i);
    }
    return best.map((i) => ({ id: this.books.ids[i] as string, similarity: sims[i] as number }));
  }

  /** Cosine similarity of every template to a stored book, or to an embedding; best first. */
  templateSimilarities(target: { bookId: string } | { embedding: readonly number[] }): Neighbour[] {
    let embedding: readonly number[] | Float64Array;
    if ('bookId' in target) {
      const i = this.books.ids.indexOf(target.bookId);
      if (i < 0) return [];
      const d = this.dimensions;
      embedding = this.books.data.subarray(i * d, (i + 1) * d);
    } else {
      embedding = target.embedding;
    }
    const sims = this.cosines(this.templates, embedding);
    return this.templates.ids
      .map((id, i) => ({ id, similarity: sims[i] as number }))
      .sort((a, b) => b.similarity - a.similarity);
  }

  private cosines(table: Rows, embedding: ArrayLike<number>): Float64Array {
    const d = this.dimensions;
    if (embedding.length !== d) throw new Error(`expected ${d} dimensions, got ${embedding.length}`);
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (embedding[j] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const out = new Float64Array(table.ids.length);
    const data = table.data;
    for (let i = 0; i < out.length; i++) {
      let dot = 0;
      const base = i * d;
      const end = table.ends[i] as number;
      for (let j = 0; j < end; j++) dot += (data[base + j] as number) * (embedding[j] as number);
      out[i] = dot * scale;
    }
    return out;
  }
}

interface Rows {
  ids: string[];
  /** Row-major, one normalised row per id. */
  data: Float64Array;
  /**
   * Where each row's last non-zero ends: the local embedding writes the i-th document in the first
   * i + 1 coordinates (a triangular basis), so half of every dot product is zeros to skip.
   */
  ends: Uint32Array;
}

function rows(list: readonly IndexedRow[], d: number): Rows {
  const data = new Float64Array(list.length * d);
  const ends = new Uint32Array(list.length);
  list.forEach((r, i) => {
    if (r.embedding.length !== d) throw new Error(`expected ${d} dimensions, got ${r.embedding.length}`);
    let norm = 0;
    for (const x of r.embedding) norm += Number.isFinite(x) ? x * x : 0;
    // A zero row (a document with no known word) stays zero: similar to nothing, as in pgvector.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    r.embedding.forEach((x, j) => {
      const v = Number.isFinite(x) ? x * scale : 0;
      data[i * d + j] = v;
      if (v !== 0) ends[i] = j + 1;
    });
  });
  return { ids: list.map((r) => r.id), data, ends };
}
