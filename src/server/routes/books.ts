import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bookByline } from '../../books/catalog.js';
import { createKnowledge, type Knowledge, localKnowledge, searchTitles } from '../../books/retrieval.js';
import { StorableText } from '../../contract/text.js';

/** The in-memory index the brains search (built at start-up), or null if it could not be built. */
function memoryKnowledge() {
  try {
    return localKnowledge();
  } catch {
    return null;
  }
}

/**
 * `GET /api/books/search?q=`: the books that best fit what a child said (a title, a misspelling or
 * a description), with scores, for a picture picker. The vector index is built on first use, in
 * the background (it takes a few seconds and memory a process that never searches need not pay);
 * until it is ready, the same ranking answers from the in-memory index.
 */
export async function booksRoutes(app: FastifyInstance) {
  let knowledge: Knowledge | null = null;
  let building: Promise<void> | null = null;
  const startBuilding = () => {
    building ??= createKnowledge()
      .then((k) => {
        knowledge = k;
      })
      .catch((e) => {
        app.log.warn({ err: e }, 'book index could not be built; searching titles only');
      });
  };
  app.addHook('onClose', async () => {
    await building;
    await knowledge?.close();
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/books/search',
    {
      schema: {
        tags: ['books'],
        summary: 'Books matching a title, a misspelt title or a description, best first, with scores',
        querystring: z.object({
          q: StorableText.pipe(z.string().trim().min(1).max(500)),
          limit: z.coerce.number().int().min(1).max(20).default(5),
          /** Wait for the vector index instead of answering from titles while it is built. */
          wait: z.enum(['true', 'false']).default('false'),
        }),
        response: {
          200: z.object({
            success: z.literal(true),
            via: z.enum(['hybrid', 'titles']),
            results: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                byline: z.string(),
                score: z.number(),
                emoji: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      startBuilding();
      if (req.query.wait === 'true') await building;
      // While pgvector builds (seconds), the same hybrid ranking answers from the in-memory index
      // the brains use; titles alone only if that could not be built either.
      const local = knowledge ? null : memoryKnowledge();
      const hits = knowledge
        ? await knowledge.searchBooks(req.query.q, req.query.limit)
        : local
          ? local.searchBooksSync(req.query.q, req.query.limit)
          : searchTitles(req.query.q, req.query.limit);
      return {
        success: true as const,
        via: knowledge || local ? ('hybrid' as const) : ('titles' as const),
        results: hits.map((h) => ({
          id: h.book.id,
          title: h.book.title,
          byline: bookByline(h.book),
          score: Math.round(h.score * 1000) / 1000,
          emoji: h.book.characters[0]?.emoji ?? h.book.settingEmoji ?? '📖',
        })),
      };
    },
  );
}
