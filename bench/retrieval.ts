/**
 * `npx tsx bench/retrieval.ts`: accuracy and speed of book retrieval on the hand-written evaluation
 * set (bench/data/retrieval-eval.json): top-1 and top-3 per kind of query, how often a query that
 * names no book we know is wrongly identified with confidence, and the time per query, for each
 * index: the in-memory one the brains call every turn, PGlite + pgvector of its own (the reference),
 * and pgvector in the app's database as /api/books/search uses it (src/books/book-search.ts; a
 * PGlite with pgvector stands for PostgreSQL here). Accuracy is measured on the in-memory index,
 * and both pgvector ones are checked to rank every query the same.
 *
 *   npx tsx bench/retrieval.ts --misses     (also list every query whose top-1 is wrong)
 *   npx tsx bench/retrieval.ts --repeat 5   (timing passes over the whole set; default 3)
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { openBookSearch } from '../src/books/book-search.js';
import { createKnowledge, type Knowledge } from '../src/books/retrieval.js';

interface EvalQuery {
  query: string;
  expected: string | null;
  kind: 'description' | 'misspelt' | 'partial' | 'title_author' | 'none';
  /** Written after the tuning, as a check that the system was not fitted to the rest. */
  heldOut?: boolean;
}

const { values } = parseArgs({
  options: { misses: { type: 'boolean', default: false }, repeat: { type: 'string', default: '3' } },
});

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
};
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

interface Timing {
  wall: number[];
  cpu: number[];
}

/** Wall time is what a child waits; CPU time is the work itself, which a busy machine cannot inflate. */
async function time(knowledge: Knowledge, queries: readonly EvalQuery[], repeat: number): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const q of queries) {
      const c = process.cpuUsage();
      const t = performance.now();
      await knowledge.searchBooks(q.query, 3);
      wall.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { wall, cpu };
}

const ms = (xs: number[], q: number) => `${quantile(xs, q).toFixed(2)} ms`;

function timingLine(name: string, t: Timing): string {
  return `${name.padEnd(9)} wall: median ${ms(t.wall, 0.5)}, p99 ${ms(t.wall, 0.99)}, max ${Math.max(...t.wall).toFixed(2)} ms; CPU: median ${ms(t.cpu, 0.5)}, p99 ${ms(t.cpu, 0.99)}`;
}

async function main() {
  const evalSet = JSON.parse(
    readFileSync(new URL('./data/retrieval-eval.json', import.meta.url), 'utf8'),
  ) as {
    queries: EvalQuery[];
  };
  const heapBefore = process.memoryUsage();
  let started = performance.now();
  const memory = await createKnowledge({ index: 'memory' });
  const memoryBuildMs = performance.now() - started;
  const heapAfter = process.memoryUsage();
  started = performance.now();
  const pgvector = await createKnowledge();
  const pgBuildMs = performance.now() - started;
  const rssAfterPg = process.memoryUsage().rss;
  // The app's own path for /api/books/search: the vectors in its database (PostgreSQL with
  // pgvector, or the embedded store), here a PGlite with pgvector standing for it.
  const database = await PGlite.create({ extensions: { vector } });
  started = performance.now();
  const inDatabase = (
    await openBookSearch(
      {
        query: async <T>(text: string, params?: unknown[]) => ({
          rows: (await database.query<T>(text, params)).rows,
        }),
        exec: async (text) => {
          await database.exec(text);
        },
      },
      'the bench PGlite',
      (_f, m) => console.warn(m),
    )
  ).knowledge;
  const dbBuildMs = performance.now() - started;

  // Warm-up pass (JIT, PGlite's plan cache), not measured.
  for (const q of evalSet.queries) {
    await memory.searchBooks(q.query, 3);
    await pgvector.searchBooks(q.query, 3);
  }

  const rows = new Map<string, { n: number; top1: number; top3: number; confident: number }>();
  const heldOut = { n: 0, top1: 0 };
  const misses: string[] = [];
  let disagreements = 0;
  let dbDisagreements = 0;
  for (const q of evalSet.queries) {
    const hits = await memory.searchBooks(q.query, 3);
    const stored = await pgvector.searchBooks(q.query, 3);
    if (hits.map((h) => h.book.id).join() !== stored.map((h) => h.book.id).join()) disagreements++;
    const fromDb = await inDatabase.searchBooks(q.query, 3);
    if (hits.map((h) => h.book.id).join() !== fromDb.map((h) => h.book.id).join()) dbDisagreements++;
    const id = await memory.identifyBook(q.query);
    const row = rows.get(q.kind) ?? { n: 0, top1: 0, top3: 0, confident: 0 };
    row.n++;
    if (q.expected === null) {
      if (id?.confident) {
        row.confident++;
        misses.push(`[none] ${JSON.stringify(q.query)} → confidently ${id.book.id}`);
      }
    } else {
      const rank = hits.findIndex((h) => h.book.id === q.expected);
      if (rank === 0) row.top1++;
      if (q.heldOut) {
        heldOut.n++;
        if (rank === 0) heldOut.top1++;
      }
      if (rank >= 0 && rank < 3) row.top3++;
      if (id?.confident && id.book.id === q.expected) row.confident++;
      if (rank !== 0)
        misses.push(
          `[${q.kind}] ${JSON.stringify(q.query)} → ${hits.map((h) => `${h.book.id} (${JSON.stringify(h.via)})`).join(', ') || 'nothing'}; expected ${q.expected}${rank > 0 ? ` at ${rank + 1}` : ''}`,
        );
    }
    rows.set(q.kind, row);
  }

  const repeat = Number(values.repeat);
  const memoryTimes = await time(memory, evalSet.queries, repeat);
  const pgTimes = await time(pgvector, evalSet.queries, repeat);
  const dbTimes = await time(inDatabase, evalSet.queries, repeat);
  const long = `${'the one where a wolf huffs and puffs and blows the straw house down '.repeat(30)}`.slice(
    0,
    2000,
  );
  const longTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await memory.searchBooks(long, 3);
    longTimes.push(performance.now() - t);
  }

  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(`knowledge: ${memory.books.length} books, ${memory.templates.length} templates`);
  console.log(`embedder: ${memory.embedderName}; index hash ${memory.contentHash}`);
  console.log(
    `in-memory index (the brains): built in ${memoryBuildMs.toFixed(0)} ms, heap +${mb(heapAfter.heapUsed - heapBefore.heapUsed)}`,
  );
  console.log(
    `pgvector index (a PGlite of its own, the reference): built in ${pgBuildMs.toFixed(0)} ms, process RSS +${mb(rssAfterPg - heapAfter.rss)}`,
  );
  console.log(
    `pgvector in the app's database (/api/books/search; a PGlite with pgvector here): vectors written in ${dbBuildMs.toFixed(0)} ms`,
  );
  console.log(
    `the two rank ${evalSet.queries.length - disagreements} of ${evalSet.queries.length} queries the same (top 3); the app's database ${evalSet.queries.length - dbDisagreements}\n`,
  );
  console.log('kind          queries   top-1    top-3    confident');
  let all = { n: 0, top1: 0, top3: 0, confident: 0 };
  let titles = { n: 0, top1: 0, top3: 0, confident: 0 };
  for (const kind of ['description', 'misspelt', 'partial', 'title_author'] as const) {
    const r = rows.get(kind);
    if (!r) continue;
    console.log(
      `${kind.padEnd(13)} ${String(r.n).padStart(7)}   ${pct(r.top1, r.n).padStart(6)}   ${pct(r.top3, r.n).padStart(6)}   ${pct(r.confident, r.n).padStart(6)}`,
    );
    all = {
      n: all.n + r.n,
      top1: all.top1 + r.top1,
      top3: all.top3 + r.top3,
      confident: all.confident + r.confident,
    };
    if (kind !== 'description')
      titles = {
        n: titles.n + r.n,
        top1: titles.top1 + r.top1,
        top3: titles.top3 + r.top3,
        confident: titles.confident + r.confident,
      };
  }
  console.log(
    `${'titles (all)'.padEnd(13)} ${String(titles.n).padStart(7)}   ${pct(titles.top1, titles.n).padStart(6)}   ${pct(titles.top3, titles.n).padStart(6)}   ${pct(titles.confident, titles.n).padStart(6)}`,
  );
  console.log(
    `${'overall'.padEnd(13)} ${String(all.n).padStart(7)}   ${pct(all.top1, all.n).padStart(6)}   ${pct(all.top3, all.n).padStart(6)}   ${pct(all.confident, all.n).padStart(6)}`,
  );
  if (heldOut.n)
    console.log(`held-out descriptions: ${heldOut.n} queries, top-1 ${pct(heldOut.top1, heldOut.n)}`);
  const none = rows.get('none');
  if (none)
    console.log(
      `\nnot a known book: ${none.n} queries, ${none.confident} identified with confidence (should be 0)`,
    );
  const [load1] = loadavg();
  console.log(
    `\nquery time over ${memoryTimes.wall.length} searches each (load average ${load1?.toFixed(1)} on ${cpus().length} cores):`,
  );
  console.log(timingLine('in-memory', memoryTimes));
  console.log(timingLine('pgvector', pgTimes));
  console.log(timingLine('database', dbTimes));
  console.log(
    `2,000-character message (in-memory): median ${ms(longTimes, 0.5)}, p99 ${ms(longTimes, 0.99)}`,
  );
  if (values.misses && misses.length) console.log(`\nmisses:\n${misses.join('\n')}`);
  await Promise.all([memory.close(), pgvector.close(), inDatabase.close()]);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
