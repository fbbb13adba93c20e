import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bookByline } from '../../books/catalog.js';
import { type Knowledge, localKnowledge, searchTitles } from '../../books/retrieval.js';
import { StorableText } from '../../contract/text.js';

export interface BooksRouteOptions {
  /**
   * The index chosen at start (src/books/book-search.ts): pgvector in the app's database, or the
   * in-memory one the brains use. Default: the in-memory one.
   */
  knowledge?: Knowledge;
}

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
 * a description), with scores, for a picture picker. The index was built before the app listened,
 * so no search builds anything: the route holds no state that grows with its queries
 * (tests/books/memory-bound.test.ts). If the database's index fails a query, the in-memory one,
 * which ranks the same, answers it; titles alone only if neither is there.
 */
export async function booksRoutes(app: FastifyInstance, opts: BooksRouteOptions = {}) {
  const memory = memoryKnowledge();
  const primary = opts.knowledge ?? memory;

  const search = async (q: string, limit: number) => {
    if (primary && primary !== memory) {
      try {
        return { hits: await primary.searchBooks(q, limit), via: 'hybrid' as const };
      } catch (err) {
        warnDatabaseSearch(app, err);
      }
    }
    if (memory) return { hits: memory.searchBooksSync(q, limit), via: 'hybrid' as const };
    return { hits: searchTitles(q, limit), via: 'titles' as const };
  };

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/books/search',
    {
      schema: {
        tags: ['books'],
        summary: 'Books matching a title, a misspelt title or a description, best first, with scores',
        querystring: z.object({
          q: StorableText.pipe(z.string().trim().min(1).max(500)),
          limit: z.coerce.number().int().min(1).max(20).default(5),
          /** Accepted for older clients and ignored: the index is ready before the app listens. */
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
      const { hits, via } = await search(req.query.q, req.query.limit);
      return {
        success: true as const,
        via,
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

/** A failed database search is logged (without the query: a child's words) and answered anyway. */
function warnDatabaseSearch(app: FastifyInstance, err: unknown) {
  app.log.warn({ err }, 'book search in the database failed; answered from the in-memory index');
}
