import type { Embedder } from './embedder.js';
import { textFeatures } from './text-features.js';

/**
 * An embedding computed here, with no model and no network: TF-IDF over words, child-vocabulary
 * groups, word pairs and letter trigrams (text-features.ts), with the IDF learned from the
 * knowledge documents.
 *
 * Those sparse vectors have tens of thousands of possible features. Hashing them into a few hundred
 * dimensions would make unrelated words collide; instead each vector is written in an orthonormal
 * basis of the knowledge documents themselves (Cholesky of their Gram matrix). A document's
 * coordinates are then exact, and a query loses only the part no document shares, which changes
 * no cosine ranking: cosine in this space ranks the knowledge exactly as sparse TF-IDF cosine does.
 * The price is that the number of documents must not exceed the dimensions.
 */

// At least the number of documents (305 today), with room for the knowledge to grow.
export const LOCAL_DIMENSIONS = 384;

// Keeps the Gram matrix positive definite when two documents are identical.
const RIDGE = 1e-9;

export class LocalEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly idf = new Map<string, number>();
  /** Feature → the documents that have it, with the document's normalised weight. */
  private readonly postings = new Map<string, Array<[doc: number, weight: number]>>();
  /** Lower-triangular Cholesky factor of the documents' Gram matrix, row-major n × n. */
  private readonly chol: Float64Array;
  private readonly n: number;

  constructor(corpus: readonly string[], dimensions = LOCAL_DIMENSIONS) {
    this.n = corpus.length;
    this.dimensions = dimensions;
    this.name = `local-tfidf-ngram-v1/${dimensions}`;
    if (this.n === 0) throw new Error('the local embedding needs documents to learn from');
    if (this.n > dimensions)
      throw new Error(`the local embedding holds ${dimensions} documents; the knowledge has ${this.n}`);

    const raw = corpus.map(textFeatures);
    const df = new Map<string, number>();
    for (const features of raw) for (const f of features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    for (const [f, count] of df) this.idf.set(f, Math.log((this.n + 1) / (count + 1)) + 1);

    const docs = raw.map((features) => this.weigh(features));
    docs.forEach((doc, d) => {
      for (const [f, w] of doc) {
        let list = this.postings.get(f);
        if (!list) {
          list = [];
          this.postings.set(f, list);
        }
        list.push([d, w]);
      }
    });
    this.chol = cholesky(this.gram(docs), this.n);
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  /** Synchronous, for callers that must not wait (and for the benchmark). All zeros when nothing is known. */
  embedOne(text: string): number[] {
    const query = this.weigh(textFeatures(text));
    // Dot product with every document, then solve L y = s: y are the coordinates in the basis.
    const s = new Float64Array(this.n);
    for (const [f, w] of query)
      for (const [d, dw] of this.postings.get(f) ?? []) s[d] = (s[d] as number) + w * dw;
    const y = new Array<number>(this.dimensions).fill(0);
    let norm = 0;
    for (let i = 0; i < this.n; i++) {
      let sum = s[i] as number;
      const row = i * this.n;
      for (let k = 0; k < i; k++) sum -= (this.chol[row + k] as number) * (y[k] as number);
      const yi = sum / (this.chol[row + i] as number);
      y[i] = yi;
      norm += yi * yi;
    }
    if (norm === 0) return y;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < this.n; i++) y[i] = (y[i] as number) * scale;
    return y;
  }

  /** Sub-linear term frequency × IDF, L2-normalised; features no document has are dropped. */
  private weigh(features: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [f, tf] of features) {
      const idf = this.idf.get(f);
      if (idf === undefined) continue;
      // Fractional counts (trigram shares, group hints) stay linear; repeats grow slowly.
      const w = (tf > 1 ? 1 + Math.log(tf) : tf) * idf;
      out.set(f, w);
      norm += w * w;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (const [f, w] of out) out.set(f, w * scale);
    }
    return out;
  }

  private gram(docs: Map<string, number>[]): Float64Array {
    const g = new Float64Array(this.n * this.n);
    for (const list of this.postings.values())
      for (const [a, wa] of list)
        for (const [b, wb] of list) if (b <= a) g[a * this.n + b] = (g[a * this.n + b] as number) + wa * wb;
    docs.forEach((_, i) => {
      g[i * this.n + i] = (g[i * this.n + i] as number) + RIDGE;
    });
    return g;
  }
}

/** Cholesky–Banachiewicz on the lower triangle of a symmetric positive-definite matrix. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        // Rounding can leave a tiny negative pivot for a document that repeats others exactly.
        l[i * n + i] = Math.sqrt(Math.max(sum, RIDGE));
      } else {
        l[i * n + j] = sum / (l[j * n + j] as number);
      }
    }
  }
  return l;
}
