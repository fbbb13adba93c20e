/**
 * `npm run bench`: time of one /api/message on the offline brain, over real HTTP against an app on
 * PGlite in a temporary DATA_DIR. Plays whole conversations for every scripted book and reports the
 * median and p95 per message and the messages each book took to reach a game.
 *
 *   npm run bench -- --rounds 5      (conversations per book; default 3)
 */
import { parseArgs } from 'node:util';
import { startTestApp } from '../tests/support/app.js';
import { type Asked, childAnswer, SCRIPTS } from '../tests/support/child.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

async function main() {
  const t = await startTestApp({ listen: true });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(t.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };

  const times: number[] = [];
  const turns: Record<string, number> = {};
  // Warm-up: one conversation that is not measured (JIT, PGlite caches).
  for (let r = 0; r <= rounds; r++) {
    for (const script of SCRIPTS) {
      const start = await post('/api/start_session', {});
      let asked = start.asked as Asked | undefined;
      let phase = start.phase ?? 'identifying';
      let n = 0;
      while (phase !== 'complete' && n < 25) {
        const t0 = performance.now();
        const res = await post('/api/message', {
          session_id: start.session_id,
          message: childAnswer(script, asked),
        });
        if (r > 0) times.push(performance.now() - t0);
        asked = res.asked as Asked | undefined;
        phase = res.phase ?? '';
        n++;
      }
      turns[script.book] = n;
    }
  }
  await t.close();

  console.log(`/api/message on the offline brain, PGlite, real HTTP, sequential (${times.length} messages)`);
  console.log(
    `  median ${quantile(times, 0.5).toFixed(2)} ms   p95 ${quantile(times, 0.95).toFixed(2)} ms   max ${Math.max(...times).toFixed(2)} ms`,
  );
  console.log('messages from the book to a game:');
  for (const [book, n] of Object.entries(turns)) console.log(`  ${String(n).padStart(2)}  ${book}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
