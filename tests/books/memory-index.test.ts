import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookById } from '../../src/books/catalog.js';
import { MemoryIndex } from '../../src/books/memory-index.js';
import { onRetrieval, type RetrievalEvent } from '../../src/books/observe.js';
import {
  createKnowledge,
  type Knowledge,
  LocalKnowledge,
  localKnowledge,
} from '../../src/books/retrieval.js';
import { withoutNetwork } from './no-network.js';

/**
 * The in-memory index the brains search every turn must be the pgvector index's twin: same vectors,
 * same fusion, same answers. If they drift, one of them is wrong.
 */

const QUERIES = (
  JSON.parse(readFileSync(new URL('../../bench/data/retrieval-eval.json', import.meta.url), 'utf8')) as {
    queries: { query: string }[];
  }
).queries.map((q) => q.query);

let stored: Knowledge;
let memory: LocalKnowledge;

beforeAll(async () => {
  stored = await createKnowledge();
  memory = await withoutNetwork(async () => new LocalKnowledge());
}, 180_000);

afterAll(async () => {
  await stored?.close();
});

describe('in-memory knowledge index', () => {
  it('is built from the same knowledge, with the same hash, and needs no network', async () => {
    expect(memory.contentHash).toBe(stored.contentHash);
    expect(memory.embedderName).toBe(stored.embedderName);
    const hits = await withoutNetwork(async () =>
      memory.searchBooksSync('a pig who builds a house and a wolf blows it', 3),
    );
    expect(hits[0]?.book.id).toBe('the-three-little-pigs');
  });

  it('ranks every evaluation query as pgvector does, with the same scores', async () => {
    for (const q of QUERIES) {
      const a = memory.searchBooksSync(q, 5);
      const b = await stored.searchBooks(q, 5);
      expect(
        a.map((h) => h.book.id),
        q,
      ).toEqual(b.map((h) => h.book.id));
      // pgvector stores five significant digits; the fused scores are rounded to four places.
      for (const [i, h] of a.entries()) expect(Math.abs(h.score - (b[i]?.score ?? 0)), q).toBeLessThan(1e-3);
    }
  });

  it('identifies and offers game types as pgvector does', async () => {
    for (const q of QUERIES.slice(0, 60)) {
      const a = memory.identifyBookSync(q);
      const b = await stored.identifyBook(q);
      expect([a?.book.id, a?.confident], q).toEqual([b?.book.id, b?.confident]);
    }
    for (const id of ['the-gingerbread-man', 'hansel-and-gretel', 'winnie-the-pooh', 'goodnight-moon']) {
      const book = bookById(id);
      if (!book) throw new Error(id);
      expect(memory.rankGameTypesSync(book)).toEqual(await stored.rankGameTypes(book));
    }
    const told = { summary: 'two friends are lost in dark tunnels and must find the way home' };
    expect(memory.rankGameTypesSync(told)).toEqual(await stored.rankGameTypes(told));
  });

  it('never offers a book the child said no to', () => {
    const said = 'a pig who builds a house and a wolf blows it';
    expect(memory.identifyBookSync(said)?.book.id).toBe('the-three-little-pigs');
    expect(memory.identifyBookSync(said, ['the-three-little-pigs'])?.book.id).not.toBe(
      'the-three-little-pigs',
    );
  });

  it('reports each lookup with its kind and index, and the shipped one is shared', () => {
    const seen: RetrievalEvent[] = [];
    const stop = onRetrieval((e) => seen.push(e));
    try {
      localKnowledge().identifyBookSync('the gruffalo');
      localKnowledge().rankGameTypesSync(bookById('the-gruffalo') as never);
    } finally {
      stop();
    }
    expect(localKnowledge()).toBe(localKnowledge());
    expect(seen.map((e) => `${e.kind}/${e.index}`)).toEqual(['identify/memory', 'game_types/memory']);
    expect(seen.every((e) => e.seconds >= 0 && e.seconds < 5)).toBe(true);
  });

  it('treats a zero vector as similar to nothing, as pgvector does', () => {
    const index = new MemoryIndex(
      2,
      [
        { id: 'a', title: 'A', text: 'a', embedding: [1, 0] },
        { id: 'z', title: 'Z', text: 'z', embedding: [0, 0] },
      ],
      [],
    );
    expect(index.nearestBooks([3, 0], 2)).toEqual([
      { id: 'a', similarity: 1 },
      { id: 'z', similarity: 0 },
    ]);
    expect(() => index.nearestBooks([1, 0, 0], 1)).toThrow(/dimensions/);
  });
});
