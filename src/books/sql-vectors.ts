import type { IndexedRow, Neighbour } from './vector-index.js';

/**
 * The knowledge's vectors in the app's own database, searched with pgvector: PostgreSQL when the
 * server has the extension, or the embedded PGlite store. One table, `knowledge_vectors`, keyed by
 * the knowledge's content hash, so instances of two releases (a rolling deploy) each read their own
 * rows and a process that starts with rows already there writes nothing.
 *
 * Not a Drizzle migration: the table needs the extension, which a migration cannot require of every
 * PostgreSQL (the app must start without it, see book-search.ts), and its rows are derived from the
 * knowledge files, which ship with the code, not data the app owns.
 */

/** The little of a SQL client this needs: pg's Pool and PGlite both fit (through an adapter). */
export interface SqlClient {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements in one round trip, no parameters (the simple protocol). */
  exec(text: string): Promise<void>;
}

/** Any fixed number: one process at a time creates the extension and the table. */
const SETUP_LOCK_KEY = 727_274_025;

/**
 * A knowledge no process has started with for this long is dropped: long enough for the old
 * release's instances to finish a rolling deploy (they search their own rows until they stop).
 */
const KEEP_UNSEEN = "interval '7 days'";

export class SqlVectorIndex {
  private constructor(
    private readonly db: SqlClient,
    private readonly hash: string,
    readonly dimensions: number,
  ) {}

  /**
   * Creates the extension and table if missing and writes this knowledge's rows unless another
   * process already did. The caller checked that pgvector is available.
   */
  static async open(
    db: SqlClient,
    opts: {
      contentHash: string;
      dimensions: number;
      books: readonly IndexedRow[];
      templates: readonly IndexedRow[];
    },
  ): Promise<SqlVectorIndex> {
    const { dimensions, contentHash } = opts;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000)
      throw new Error(`unsupported embedding size ${dimensions}`);
    // One script in one transaction, under a transaction-scoped lock: two instances starting
    // together would otherwise race on CREATE EXTENSION / CREATE TABLE, which fail (not wait) when
    // another session creates the same thing at the same moment.
    await db.exec(`
      BEGIN;
      SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY});
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE IF NOT EXISTS knowledge_vectors (
        content_hash text NOT NULL,
        kind text NOT NULL,
        id text NOT NULL,
        ord int NOT NULL,
        embedding vector NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (content_hash, kind, id));
      COMMIT;`);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM knowledge_vectors WHERE content_hash = $1',
      [contentHash],
    );
    const expected = opts.books.length + opts.templates.length;
    if (Number(rows[0]?.n ?? 0) !== expected) {
      // Idempotent, so two instances writing the same rows at once is harmless: one waits for the
      // other's rows and then skips them.
      for (const [kind, list] of [
        ['book', opts.books],
        ['template', opts.templates],
      ] as const) {
        // One statement per kind: a round trip per row would cost more than the whole index.
        await db.query(
          `INSERT INTO knowledge_vectors (content_hash, kind, id, ord, embedding)
             SELECT $1, $2, id, ord, embedding::vector
             FROM json_to_recordset($3::json) AS r(id text, ord int, embedding text)
             ON CONFLICT DO NOTHING`,
          [
            contentHash,
            kind,
            JSON.stringify(
              list.map((r, ord) => ({ id: r.id, ord, embedding: toVector(r.embedding, dimensions) })),
            ),
          ],
        );
      }
    } else {
      await db.query('UPDATE knowledge_vectors SET seen_at = now() WHERE content_hash = $1', [contentHash]);
    }
    await db.query(
      `DELETE FROM knowledge_vectors WHERE content_hash <> $1 AND seen_at < now() - ${KEEP_UNSEEN}`,
      [contentHash],
    );
    return new SqlVectorIndex(db, contentHash, dimensions);
  }

  /** The books nearest to the embedding by cosine, best first (ties keep knowledge order). */
  async nearestBooks(embedding: number[], k: number): Promise<Neighbour[]> {
    if (!Number.isInteger(k) || k < 1) throw new Error(`bad neighbour count ${k}`);
    const { rows } = await this.db.query<{ id: string; distance: number }>(
      `SELECT id, embedding <=> $1::vector AS distance FROM knowledge_vectors
       WHERE content_hash = $2 AND kind = 'book' ORDER BY distance, ord LIMIT $3`,
      [toVector(embedding, this.dimensions), this.hash, k],
    );
    return rows.map((r) => ({ id: r.id, similarity: 1 - Number(r.distance) }));
  }

  /** Cosine similarity of every template to a stored book, or to an embedding; best first. */
  async templateSimilarities(target: { bookId: string } | { embedding: number[] }): Promise<Neighbour[]> {
    const { rows } =
      'bookId' in target
        ? await this.db.query<{ id: string; similarity: number }>(
            `SELECT t.id, 1 - (t.embedding <=> b.embedding) AS similarity
             FROM knowledge_vectors t, knowledge_vectors b
             WHERE t.content_hash = $1 AND t.kind = 'template'
               AND b.content_hash = $1 AND b.kind = 'book' AND b.id = $2
             ORDER BY t.embedding <=> b.embedding, t.ord`,
            [this.hash, target.bookId],
          )
        : await this.db.query<{ id: string; similarity: number }>(
            `SELECT id, 1 - (embedding <=> $1::vector) AS similarity FROM knowledge_vectors
             WHERE content_hash = $2 AND kind = 'template' ORDER BY embedding <=> $1::vector, ord`,
            [toVector(target.embedding, this.dimensions), this.hash],
          );
    return rows.map((r) => ({ id: r.id, similarity: Number(r.similarity) }));
  }

  /** The database belongs to the store: nothing of its own to close. */
  async close(): Promise<void> {}
}

// Five significant digits, as the PGlite index stores them: more digits change no ranking.
function toVector(values: readonly number[], dimensions: number): string {
  if (values.length !== dimensions)
    throw new Error(`expected ${dimensions} dimensions, got ${values.length}`);
  return `[${values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0)).join(',')}]`;
}
