import { type Asked, childAnswer, SCRIPTS } from './child.js';

/**
 * One use of every public route, as a stranger, a child and a game maker would use them: the
 * memory-bound test (tests/books/memory-bound.test.ts, through `app.inject`) and bench/memory.ts
 * (over HTTP) both call it, so "every public route" means the same list in both.
 *
 * Round `n` uses inputs no earlier round used (a new book query, a new session, a new game), so a
 * cache keyed by any of them would grow with every round, and the bound would catch it.
 */

export type Call = (
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{
  status: number;
  body: string;
}>;

/** Distinct book-search queries: words from the children's scripts, recombined per round. */
const WORDS = [
  ...new Set(
    SCRIPTS.flatMap((s) =>
      Object.values(s)
        .join(' ')
        .toLowerCase()
        .split(/[^a-z]+/),
    ).filter((w) => w.length > 2),
  ),
];
export function bookQuery(n: number): string {
  const w = (i: number) => WORDS[(n * 7 + i * 13) % WORDS.length] as string;
  return `${w(0)} ${w(1)} ${w(2)} ${n}`;
}

const json = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown>;

/** Every public route once (book search `searches` times); throws on an unexpected status. */
export async function usePublicRoutes(call: Call, round: number, searches = 5): Promise<void> {
  const expect = async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    ok: number[],
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const r = await call(method, url, body, headers);
    if (!ok.includes(r.status))
      throw new Error(`${method} ${url} answered ${r.status}: ${r.body.slice(0, 200)}`);
    return r;
  };

  for (const url of ['/api/health', '/api/ready', '/metrics', '/api/graph', '/docs/json'])
    await expect('GET', url, [200]);
  // The page and the game runtime, served from dist/ once built (`npm run build`).
  for (const url of ['/', '/runtime/game.js']) await expect('GET', url, [200, 404]);
  // Disabled (no ADMIN_TOKEN) or refused without a token: either way the route runs.
  await expect('GET', '/api/analytics', [401, 403, 404]);
  for (let i = 0; i < searches; i++)
    await expect('GET', `/api/books/search?q=${encodeURIComponent(bookQuery(round * searches + i))}`, [200]);

  // A child: a whole conversation to a game (the last message streamed), its state and game page,
  // then forgotten.
  const started = json(await expect('POST', '/api/start_session', [200], {}));
  const session = started.session_id as string;
  const script = SCRIPTS[round % SCRIPTS.length] as (typeof SCRIPTS)[number];
  let asked = started.asked as Asked;
  let phase = String(started.phase);
  for (let turn = 0; turn < 30 && phase !== 'complete'; turn++) {
    const b = json(
      await expect('POST', '/api/message', [200], {
        session_id: session,
        message: childAnswer(script, asked),
      }),
    );
    asked = b.asked as Asked;
    phase = String(b.phase);
  }
  await expect('POST', '/api/message/stream', [200], { session_id: session, message: 'again please' });
  await expect('GET', `/api/session/${session}`, [200]);
  await expect('GET', `/api/game/${session}`, [200, 404]);
  await expect('DELETE', `/api/session/${session}`, [200]);

  // A game maker: the catalogue, a game of their own, its pages, then deleted.
  const catalogue = JSON.parse((await expect('GET', '/api/game-types', [200])).body) as {
    example: { title?: string };
  }[];
  const example = catalogue[round % catalogue.length]?.example;
  const made = await expect('POST', '/api/games?tune=false', [201, 429], {
    ...example,
    title: `Round ${round}`,
  });
  if (made.status === 201) {
    const { game_id: id, delete_token: token } = json(made) as { game_id: string; delete_token: string };
    await expect('GET', `/api/games/${id}`, [200]);
    await expect('GET', `/api/games/${id}/download`, [200]);
    await expect('DELETE', `/api/games/${id}`, [200], undefined, { authorization: `Bearer ${token}` });
  }
}
