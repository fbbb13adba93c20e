import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/**
 * The knowledge index: an in-memory PGlite with pgvector, built from the knowledge files when the
 * process starts and read-only after that. PGlite because the operator's PostgreSQL may lack
 * pgvector; in memory because a few hundred rows build in well under a second, so there is no file
 * to go stale when the knowledge changes.
 */

export interface IndexedRow {
  id: string;
  title: string;
  /** The text that was embedded, kept for inspection. */
  text: string;
  embedding: number[];
}

export interface Neighbour {
  id: string;
  similarity: number;
}

export class VectorIndex {
  private constructor(
    private readonly db: PGlite,
    readonly dimensions: number,
  ) {}

  static async build(opts: {
    dimensions: number;
    books: readonly IndexedRow[];
    templates: readonly IndexedRow[];
    meta: Readonly<Record<string, string>>;
  }): Promise<VectorIndex> {
    const { dimensions } = opts;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000)
      throw new Error(`unsupported embedding size ${dimensions}`);
    const db = await PGlite.create({ extensions: { vector } });
    try {
      await db.exec(`
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE books (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, embedding vector(${dimensions}) NOT NULL);
        CREATE TABLE templates (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, embedding vector(${dimensions}) NOT NULL);
        CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
      `);
      // One statement per table: a round trip per row would cost more than the whole index.
      for (const [table, rows] of [
        ['books', opts.books],
        ['templates', opts.templates],
      ] as const) {
        await db.query(
          `INSERT INTO ${table} (id, title, body, embedding)
           SELECT id, title, body, embedding::vector
           FROM json_to_recordset($1::json) AS r(id text, title text, body text, embedding text)`,
          [
            JSON.stringify(
              rows.map((r) => ({
                id: r.id,
                title: r.title,
                body: r.text,
                embedding: toVector(r.embedding, dimensions),
              })),
            ),
          ],
        );
      }
      await db.query('INSERT INTO meta (key, value) SELECT key, value FROM json_each_text($1::json)', [
        JSON.stringify(opts.meta),
      ]);
      // The one query every message runs, planned once.
      await db.exec(
        'PREPARE nearest_books(vector, int) AS SELECT id, embedding <=> $1 AS distance FROM books ORDER BY distance LIMIT $2',
      );
      // Built once, then only read: a stray write would make the index disagree with its hash.
      await db.exec('SET default_transaction_read_only = on');
      return new VectorIndex(db, dimensions);
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** The books nearest to the embedding by cosine, best first. */
  async nearestBooks(embedding: number[], k: number): Promise<Neighbour[]> {
    if (!Number.isInteger(k) || k < 1) throw new Error(`bad neighbour count ${k}`);
    // Simple protocol with the vector inlined: a prepared statement's EXECUTE takes no bind
    // parameters here, and the extended protocol costs a round of messages per query. The literal
    // is only digits, signs and commas that toVector wrote, never text from the child.
    const [result] = await this.db.exec(
      `EXECUTE nearest_books('${toVector(embedding, this.dimensions)}', ${k})`,
    );
    return (result?.rows ?? []).map((r) => {
      const row = r as { id: string; distance: number };
      return { id: row.id, similarity: 1 - Number(row.distance) };
    });
  }

  /** Cosine similarity of every template to a stored book, or to an embedding. */
  async templateSimilarities(target: { bookId: string } | { embedding: number[] }): Promise<Neighbour[]> {
    const { rows } =
      'bookId' in target
        ? await this.db.query<{ id: string; similarity: number }>(
            `SELECT t.id, 1 - (t.embedding <=> b.embedding) AS similarity
             FROM templates t, books b WHERE b.id = $1 ORDER BY t.embedding <=> b.embedding`,
            [target.bookId],
          )
        : await this.db.query<{ id: string; similarity: number }>(
            `SELECT id, 1 - (embedding <=> $1::vector) AS similarity FROM templates ORDER BY embedding <=> $1::vector`,
            [toVector(target.embedding, this.dimensions)],
          );
    return rows.map((r) => ({ id: r.id, similarity: Number(r.similarity) }));
  }

  async meta(): Promise<Record<string, string>> {
    const { rows } = await this.db.query<{ key: string; value: string }>('SELECT key, value FROM meta');
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

// Five significant digits: the text form is parsed on every query, and more digits change no ranking.
function toVector(values: number[], dimensions: number): string {
  if (values.length !== dimensions)
    throw new Error(`expected ${dimensions} dimensions, got ${values.length}`);
  return `[${values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0)).join(',')}]`;
}
