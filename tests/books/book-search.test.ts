import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBookSearch, openPostgresBookSearch } from '../../src/books/book-search.js';
import { localKnowledge, type SqlClient } from '../../src/books/retrieval.js';
import { createFreshDatabase, type FreshDatabase } from '../support/postgres.js';
import { servicesAvailable } from '../support/services.js';

/**
 * The book search's index is chosen once, at start: pgvector in the app's database when it has the
 * extension (here a PGlite with pgvector stands for it: same SQL), else the in-memory index the
 * brains use, with a warning. Either ranks every evaluation query as the brains' index does.
 */

const QUERIES = (
  JSON.parse(readFileSync(new URL('../../bench/data/retrieval-eval.json', import.meta.url), 'utf8')) as {
    queries: { query: string }[];
  }
).queries.map((q) => q.query);

const overPglite = (db: PGlite): SqlClient => ({
  query: async <T>(text: string, params?: unknown[]) => ({ rows: (await db.query<T>(text, params)).rows }),
  exec: async (text) => {
    await db.exec(text);
  },
});

type Warning = { fields: Record<string, unknown>; message: string };
const collect = (into: Warning[]) => (fields: Record<string, unknown>, message: string) =>
  void into.push({ fields, message });

let withVector: PGlite;
beforeAll(async () => {
  withVector = await PGlite.create({ extensions: { vector } });
}, 120_000);
afterAll(async () => {
  await withVector?.close();
});

describe('book search in a database with pgvector', () => {
  it('writes the vectors once, searches them there, and ranks as the in-memory index does', async () => {
    const warnings: Warning[] = [];
    const first = await openBookSearch(overPglite(withVector), 'test PGlite', collect(warnings));
    expect(first.index).toBe('pgvector');
    expect(warnings).toEqual([]);
    const memory = localKnowledge();
    expect(first.knowledge.contentHash).toBe(memory.contentHash);
    const count = async () =>
      (await withVector.query<{ n: number }>('SELECT count(*)::int AS n FROM knowledge_vectors')).rows[0]?.n;
    const rows = memory.books.length + memory.templates.length;
    expect(await count()).toBe(rows);

    // A second instance over the same database (a restart, another replica) adds nothing.
    const second = await openBookSearch(overPglite(withVector), 'test PGlite', collect(warnings));
    expect(second.index).toBe('pgvector');
    expect(await count()).toBe(rows);

    for (const q of QUERIES) {
      const a = memory.searchBooksSync(q, 5);
      const b = await second.knowledge.searchBooks(q, 5);
      expect(
        b.map((h) => h.book.id),
        q,
      ).toEqual(a.map((h) => h.book.id));
      for (const [i, h] of a.entries()) expect(Math.abs(h.score - (b[i]?.score ?? 0)), q).toBeLessThan(1e-3);
    }
    const book = memory.books.find((b) => b.id === 'the-three-little-pigs');
    if (!book) throw new Error('the shipped knowledge lost The Three Little Pigs');
    expect((await second.knowledge.rankGameTypes(book)).map((r) => r.type)).toEqual(
      memory.rankGameTypesSync(book).map((r) => r.type),
    );
    await Promise.all([first.close(), second.close()]);
  }, 120_000);
});

describe('book search where the database has no pgvector', () => {
  it('says so and answers from the in-memory index (a PGlite without the extension)', async () => {
    const bare = await PGlite.create();
    try {
      const warnings: Warning[] = [];
      const search = await openBookSearch(overPglite(bare), 'test PGlite', collect(warnings));
      expect(search.index).toBe('memory');
      expect(search.knowledge).toBe(localKnowledge());
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toMatch(/no pgvector/);
    } finally {
      await bare.close();
    }
  }, 120_000);

  it("says so on this machine's PostgreSQL, which lacks the extension", async (ctx) => {
    if (!(await servicesAvailable({ postgres: true }))) return ctx.skip();
    let db: FreshDatabase | undefined;
    try {
      db = await createFreshDatabase();
      const warnings: Warning[] = [];
      const search = await openPostgresBookSearch(db.url, collect(warnings));
      // Where an operator installed pgvector, the database's index is used instead: also right.
      if (search.index === 'pgvector') {
        expect(warnings).toEqual([]);
      } else {
        expect(search.knowledge).toBe(localKnowledge());
        expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/PostgreSQL has no pgvector/)]);
      }
      const hits = await search.knowledge.searchBooks('the very hungry catterpiller', 3);
      expect(hits[0]?.book.id).toBe('very-hungry-caterpillar');
      await search.close();
    } finally {
      await db?.drop();
    }
  }, 60_000);
});
