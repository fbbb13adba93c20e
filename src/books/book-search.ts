import pg from 'pg';
import type { Knowledge } from './hybrid.js';
import { localKnowledge } from './local-knowledge.js';
import { createKnowledge } from './retrieval.js';
import type { SqlClient } from './sql-vectors.js';

/**
 * The index behind `GET /api/books/search`, chosen once at start:
 *
 * - the app's database with pgvector (PostgreSQL where the server has the extension, or the
 *   embedded PGlite store), holding the same local vectors the brains use, in one table;
 * - else the in-memory index the process builds anyway for the brains (local-knowledge.ts), with
 *   a warning that says why.
 *
 * Never a database of its own: a PGlite started per process for this route cost some 520 MB of
 * resident memory on the first search (docs/memory.md), more than the instance render.yaml deploys on.
 * Both answer the same ranking (tests/books/memory-index.test.ts), so the choice changes where the
 * cosines are computed, not what a child is offered.
 */

export interface BookSearch {
  knowledge: Knowledge;
  /** `pgvector` (in the app's database) or `memory` (this process). */
  index: 'pgvector' | 'memory';
  close(): Promise<void>;
}

export type Warn = (fields: Record<string, unknown>, message: string) => void;

/** PostgreSQL: pgvector when the server offers it, else the in-memory index with a warning. */
export async function openPostgresBookSearch(databaseUrl: string, warn: Warn): Promise<BookSearch> {
  // Two connections of its own: the picker's searches never wait behind the conversation's.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  const client: SqlClient = {
    query: async <T>(text: string, params?: unknown[]) => ({
      rows: (await pool.query(text, params)).rows as T[],
    }),
    exec: async (text) => {
      await pool.query(text);
    },
  };
  const search = await openBookSearch(client, 'PostgreSQL', warn);
  if (search.index === 'memory') {
    await pool.end();
    return search;
  }
  return { ...search, close: () => pool.end() };
}

/**
 * Over any SQL client: checks that pgvector can be loaded (`pg_available_extensions`), then writes
 * the knowledge's vectors unless they are there. Anything short of that falls back, with a warning.
 */
export async function openBookSearch(db: SqlClient, where: string, warn: Warn): Promise<BookSearch> {
  const memory = localKnowledge();
  const fallback: BookSearch = { knowledge: memory, index: 'memory', close: async () => {} };
  try {
    const { rows } = await db.query<{ name: string }>(
      "SELECT name FROM pg_available_extensions WHERE name = 'vector'",
    );
    if (rows.length === 0) {
      warn(
        { index: 'memory' },
        `${where} has no pgvector extension: book search answers from the in-memory index (install pgvector to keep the vectors in the database)`,
      );
      return fallback;
    }
    const knowledge = await createKnowledge({ database: db, embedder: memory.embedder });
    return { knowledge, index: 'pgvector', close: () => knowledge.close() };
  } catch (err) {
    warn(
      { err, index: 'memory' },
      `pgvector in ${where} could not be used: book search answers from the in-memory index`,
    );
    return fallback;
  }
}
