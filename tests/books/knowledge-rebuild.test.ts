import { describe, expect, it } from 'vitest';
import { type KnowledgeSource, knowledgeHash, SHIPPED_KNOWLEDGE } from '../../src/books/knowledge-files.js';
import { createKnowledge } from '../../src/books/retrieval.js';

/** A deep copy of the shipped knowledge with one book's summary rewritten and one book added. */
function modifiedCopy(): KnowledgeSource {
  const books = structuredClone(SHIPPED_KNOWLEDGE.books) as Record<string, Record<string, unknown>[]>;
  const tales = books['traditional-tales.json'] as Record<string, unknown>[];
  const pigs = tales.find((b) => b.id === 'the-three-little-pigs') as Record<string, unknown>;
  pigs.summary =
    'Three sisters knit scarves for the winter fair and win a prize for the longest one ever made.';
  tales.push({
    ...structuredClone(pigs),
    id: 'the-runaway-pancake',
    title: 'The Runaway Pancake',
    aliases: ['runaway pancake'],
    summary: 'A pancake jumps out of the frying pan and rolls down the hill while a hungry pig chases it.',
  });
  return { books, templates: structuredClone(SHIPPED_KNOWLEDGE.templates) };
}

describe('knowledge index', () => {
  it('hashes the content, not the object', () => {
    const copy: KnowledgeSource = structuredClone(SHIPPED_KNOWLEDGE);
    expect(knowledgeHash(copy, 'e')).toBe(knowledgeHash(SHIPPED_KNOWLEDGE, 'e'));
    expect(knowledgeHash(SHIPPED_KNOWLEDGE, 'other-embedder')).not.toBe(
      knowledgeHash(SHIPPED_KNOWLEDGE, 'e'),
    );
    expect(knowledgeHash(modifiedCopy(), 'e')).not.toBe(knowledgeHash(SHIPPED_KNOWLEDGE, 'e'));
  });

  it('is rebuilt from the knowledge files: changed files give a new hash and new answers', async () => {
    const description = 'three sisters knit long scarves for the winter fair';
    const shipped = await createKnowledge();
    const changed = await createKnowledge({ source: modifiedCopy() });
    try {
      expect(changed.contentHash).not.toBe(shipped.contentHash);
      expect(changed.books.length).toBe(shipped.books.length + 1);

      expect((await shipped.searchBooks(description, 1))[0]?.book.id).not.toBe('the-three-little-pigs');
      expect((await changed.searchBooks(description, 1))[0]?.book.id).toBe('the-three-little-pigs');
      expect((await shipped.searchBooks('runaway pancake', 1))[0]?.book.id).not.toBe('the-runaway-pancake');
      expect((await changed.searchBooks('runaway pancake', 1))[0]?.book.id).toBe('the-runaway-pancake');
    } finally {
      await Promise.all([shipped.close(), changed.close()]);
    }
  }, 180_000);

  it('rebuilds the in-memory index the brains use from changed files too', async () => {
    const description = 'three sisters knit long scarves for the winter fair';
    const shipped = await createKnowledge({ index: 'memory' });
    const changed = await createKnowledge({ index: 'memory', source: modifiedCopy() });
    expect(changed.contentHash).not.toBe(shipped.contentHash);
    expect((await shipped.searchBooks(description, 1))[0]?.book.id).not.toBe('the-three-little-pigs');
    expect((await changed.searchBooks(description, 1))[0]?.book.id).toBe('the-three-little-pigs');
    expect((await changed.identifyBook('the runaway pancake'))?.book.id).toBe('the-runaway-pancake');
  });

  it('refuses a knowledge file with a bad entry, naming it', async () => {
    const source = modifiedCopy();
    (source.books['picture-books-1.json'] as Record<string, unknown>[])[3] = {
      id: 'half-a-book',
      title: 'Half',
    };
    await expect(createKnowledge({ source })).rejects.toThrow(
      /picture-books-1\.json: "half-a-book" is invalid/,
    );
  });
});
