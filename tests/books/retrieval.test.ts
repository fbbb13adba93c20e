import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookById } from '../../src/books/catalog.js';
import {
  boundQuery,
  createKnowledge,
  identifyByTitle,
  type Knowledge,
  searchTitles,
} from '../../src/books/retrieval.js';
import { withoutNetwork } from './no-network.js';

interface EvalQuery {
  query: string;
  expected: string | null;
  kind: string;
}
const EVAL = (
  JSON.parse(readFileSync(new URL('../../bench/data/retrieval-eval.json', import.meta.url), 'utf8')) as {
    queries: EvalQuery[];
  }
).queries;

let knowledge: Knowledge;

beforeAll(async () => {
  // Built and first queried with the network unplugged: nothing is downloaded, ever.
  knowledge = await withoutNetwork(async () => {
    const k = await createKnowledge();
    await k.searchBooks('the pig that builds a brick house and the wolf huffs', 3);
    return k;
  });
}, 120_000);

afterAll(async () => {
  await knowledge?.close();
});

describe('book retrieval', () => {
  it('works with no network at all', async () => {
    const hits = await withoutNetwork(() =>
      knowledge.searchBooks('a pig builds a house of bricks and a wolf blows', 3),
    );
    expect(hits[0]?.book.id).toBe('the-three-little-pigs');
    expect(knowledge.embedderName).toMatch(/^local-/);
  });

  it('meets its accuracy goals on the whole evaluation set', async () => {
    const top1 = new Map<string, { n: number; ok: number }>();
    for (const q of EVAL.filter((e) => e.expected)) {
      const kind = q.kind === 'description' ? 'description' : 'title';
      const [best] = await knowledge.searchBooks(q.query, 1);
      const row = top1.get(kind) ?? { n: 0, ok: 0 };
      row.n++;
      if (best?.book.id === q.expected) row.ok++;
      top1.set(kind, row);
    }
    const rate = (kind: string) => (top1.get(kind)?.ok ?? 0) / (top1.get(kind)?.n ?? 1);
    expect(top1.get('description')?.n).toBeGreaterThanOrEqual(60);
    expect(top1.get('title')?.n).toBeGreaterThanOrEqual(60);
    expect(rate('description')).toBeGreaterThanOrEqual(0.9);
    expect(rate('title')).toBeGreaterThanOrEqual(0.97);
  });

  it('finds a book from a description with no title words', async () => {
    const hits = await knowledge.searchBooks(
      'a girl goes to a ball in a pumpkin coach and loses her slipper',
      3,
    );
    expect(hits[0]?.book.id).toBe('cinderella');
    expect(hits[0]?.via.vector).toBeGreaterThan(0);
  });

  it('finds misspelt titles and titles with their author', async () => {
    expect((await knowledge.searchBooks('the very hungry catapiller', 1))[0]?.book.id).toBe(
      'very-hungry-caterpillar',
    );
    const [gruffalo] = await knowledge.searchBooks('the gruffalo by julia donaldson', 1);
    expect(gruffalo?.book.id).toBe('the-gruffalo');
    expect(gruffalo?.via.title).toBe(1);
  });

  it('is confident about real titles and clear descriptions only', async () => {
    expect((await knowledge.identifyBook('stick man'))?.confident).toBe(true);
    const described = await knowledge.identifyBook(
      'a girl with very long hair locked in a tower and a prince climbs up',
    );
    expect(described).toMatchObject({ book: { id: 'rapunzel' }, confident: true });
    for (const q of EVAL.filter((e) => e.expected === null))
      expect([q.query, (await knowledge.identifyBook(q.query))?.confident ?? false]).toEqual([
        q.query,
        false,
      ]);
  });

  it('never offers a book the child rejected', async () => {
    const next = await knowledge.identifyBook('the gruffalo', ['the-gruffalo']);
    expect(next?.book.id).not.toBe('the-gruffalo');
  });

  it('bounds the work for a very long message', async () => {
    const long = `${'the one where a wolf huffs and puffs and blows the straw house down '.repeat(30)}`;
    expect(boundQuery(long).split(' ').length).toBeLessThanOrEqual(40);
    expect((await knowledge.searchBooks(long, 1))[0]?.book.id).toBe('the-three-little-pigs');
    expect(await knowledge.searchBooks('', 3)).toEqual([]);
    expect(await knowledge.searchBooks('!!! ???', 3)).toEqual([]);
  });

  it('matches titles synchronously while the index is not ready', () => {
    expect(searchTitles('goldy locks', 1)[0]?.book.id).toBe('goldilocks-and-the-three-bears');
    expect(identifyByTitle('zog')).toMatchObject({ book: { id: 'zog' }, confident: true });
    expect(identifyByTitle('banana')?.confident ?? false).toBe(false);
    expect(knowledge.searchTitles('the tiger who came to tea', 1)[0]?.book.id).toBe(
      'the-tiger-who-came-to-tea',
    );
  });
});

describe('game types for a book', () => {
  it('suits a chase to running and a getting-lost story to a maze', async () => {
    const chase = await knowledge.rankGameTypes(bookById('the-gingerbread-man') as never);
    const lost = await knowledge.rankGameTypes(bookById('hansel-and-gretel') as never);
    expect(chase[0]?.type).toBe('runner');
    expect(lost[0]?.type).toBe('maze');
    expect(chase.map((r) => r.type)).not.toEqual(lost.map((r) => r.type));
    expect(chase).toHaveLength(3);
    expect(chase[0]?.reason).toMatch(/run/);
  });

  it('ranks by similarity alone for a book we do not know', async () => {
    const chase = await knowledge.rankGameTypes({
      title: 'The Runaway Pancake',
      summary:
        'A pancake jumps out of the pan and rolls away down the road while everyone chases it in a race.',
      themes: ['chase', 'running away', 'speed'],
    });
    const lost = await knowledge.rankGameTypes({
      title: 'Lost in the Caves',
      summary: 'Two friends are lost in dark tunnels and caves and must find the way out and get home.',
      themes: ['being lost', 'tunnels', 'finding home'],
    });
    expect(chase[0]?.type).toBe('runner');
    expect(lost[0]?.type).toBe('maze');
  });
});
