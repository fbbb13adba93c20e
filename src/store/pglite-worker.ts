import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { openDatabase } from './database.js';
import { createDrizzleRepository } from './drizzle-repository.js';
import type { Repository } from './repository.js';
import { memoSessions } from './session-memo.js';
import { type VacuumSchedule, vacuumSchedule } from './vacuum.js';
import {
  batcher,
  type CallMessage,
  type FromWorker,
  type Reply,
  type ToWorker,
  toWire,
} from './worker-protocol.js';

/**
 * The storage worker: the embedded PGlite, migrated, and the Drizzle repository over it, in a
 * thread of its own. PGlite runs Postgres compiled to WebAssembly and a query never yields while it
 * runs; here that blocks this thread only, and the HTTP thread keeps answering. Started by
 * src/store/worker-repository.ts.
 */

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');
const send = (m: FromWorker) => port.postMessage(m);
const { dataDir, prepareOnly } = workerData as { dataDir: string; prepareOnly?: boolean };

let repo: Repository;
let vacuum: VacuumSchedule;
try {
  const database = openDatabase({ dataDir });
  await database.migrate();
  if (prepareOnly) {
    // A new data directory, made by a thread of its own that ends now: see prepare-data-dir.ts.
    await database.close();
    send({ type: 'prepared' });
    // The main thread ends this thread on that message (exiting here could drop it unsent).
    await new Promise(() => {});
  }
  // The only writer of this data directory: session reads can be answered from memory.
  // At most 2,000 sessions (some 10 KB each, measured): well inside the thread's heap cap
  // (STORE_THREAD_LIMITS in worker-repository.ts); older ones are read from PGlite again.
  repo = memoSessions(createDrizzleRepository(database), { maxEntries: 2_000 });
  vacuum = vacuumSchedule({ run: () => database.db.execute(sql`VACUUM`) });
} catch (e) {
  send({ type: 'failed', error: toWire(e) });
  process.exit(1);
}

const methods = Object.keys(repo).filter(
  (k) => k !== 'close' && typeof (repo as unknown as Record<string, unknown>)[k] === 'function',
);
const table = repo as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Repository methods that write nothing; every other call counts towards the next VACUUM. */
const READS = new Set([
  'getSession',
  'listMessages',
  'getGame',
  'sessionSummary',
  'latestGameForSession',
  'countActiveSessions',
  'usageFigures',
  'ping',
]);

const reply = batcher<Reply>((replies) => send({ type: 'replies', replies }));

function run(call: CallMessage) {
  const fn = table[call.method];
  if (!fn) {
    reply({
      id: call.id,
      ok: false,
      error: { name: 'TypeError', message: `no repository method ${call.method}` },
    });
    return;
  }
  // Calls run concurrently, as they would in-process; PGlite queues the queries and holds a
  // transaction's lock until it ends, so a transaction is never interleaved with another call.
  fn(...call.args).then(
    (value) => {
      reply({ id: call.id, ok: true, value });
      if (!READS.has(call.method)) vacuum.wrote();
    },
    (e: unknown) => reply({ id: call.id, ok: false, error: toWire(e) }),
  );
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'calls') {
    for (const call of m.calls) run(call);
    return;
  }
  // The main thread sends this once its calls have settled: close PGlite cleanly (a checkpoint,
  // files flushed), then say so.
  vacuum.stop();
  repo.close().then(
    () => send({ type: 'closed' }),
    () => send({ type: 'closed' }),
  );
});

send({ type: 'ready', methods });
