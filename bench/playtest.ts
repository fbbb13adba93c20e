/**
 * Playtest figures (issue 14): for each game type's catalogue example, over a few seeds,
 *   - the perfect and the child-like bots' game time to finish the whole game and lives lost,
 *     for the example as written and after tuneSpec;
 *   - the tune loop's time per spec: the common case (a spec that is already right: one playtest)
 *     and the example as written (several attempts), as wall-clock and as this process's CPU time
 *     (the fairer figure on a busy machine), min and median of a few repeats after a warm-up.
 *
 *   npx tsx bench/playtest.ts
 *   npx tsx bench/playtest.ts --seeds 1,2,3,4,5 --repeat 5
 */
import { parseArgs } from 'node:util';
import { CATALOGUE } from '../src/games/catalogue.js';
import type { GameSpec } from '../src/games/spec.js';
import { type PlaytestOutcome, playtestSpec, tuneSpec } from '../src/playtest/index.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '1,2,3' }, repeat: { type: 'string', default: '3' } },
});
const seeds = (values.seeds ?? '1,2,3').split(',').map(Number).filter(Number.isFinite);
const repeat = Math.max(1, Number(values.repeat) || 3);

const sec = (ms: number) => `${(ms / 1000).toFixed(0).padStart(4)} s`;
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
};

function rows(o: PlaytestOutcome): string[] {
  return o.runs.map((r) => {
    const p = r.perfect;
    const c = r.child;
    const how = c.won
      ? 'won'
      : c.finished
        ? 'finished'
        : c.lost
          ? `lost on L${c.level}`
          : `stuck on L${c.level}`;
    return (
      `    seed ${String(r.seed).padEnd(3)} perfect ${p.won ? 'won ' : 'FAIL'} ${sec(p.gameMs)}, ${p.livesLost} lost` +
      `   child ${how.padEnd(11)} ${sec(c.gameMs)}, ${c.livesLost} lost   (${c.levels} levels)`
    );
  });
}

/** Times `f` `repeat` times: {wall, cpu} medians and minima in ms. */
function time(f: () => void) {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    walls.push(performance.now() - t0);
    const d = process.cpuUsage(cpu0);
    cpus.push((d.user + d.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus), cpuMin: Math.min(...cpus) };
}

// Warm the JIT on every type first: a server tunes many specs, and the first one pays for compiling.
const tuned = CATALOGUE.map((e) => tuneSpec(e.example).spec);

console.log(`seeds ${seeds.join(', ')}; bot times are game time; tune loop timed ${repeat}× per spec\n`);
const table: string[] = [];
CATALOGUE.forEach((entry, i) => {
  const spec = tuned[i] as GameSpec;
  console.log(entry.type);
  const raw = playtestSpec(entry.example, { seeds });
  console.log(`  example as written: ${raw.ok ? 'ok' : `not ok — ${raw.reasons.join('; ')}`}`);
  for (const r of rows(raw)) console.log(r);
  const result = tuneSpec(entry.example);
  console.log(
    `  tuneSpec: ${result.attempts} attempt(s), ${result.outcome.ok ? 'ok' : 'best found'}` +
      `${result.changes.length ? ` — ${result.changes.join('; ')}` : ''}`,
  );
  const after = playtestSpec(spec, { seeds });
  console.log(`  after tuneSpec: ${after.ok ? 'ok' : `not ok — ${after.reasons.join('; ')}`}`);
  for (const r of rows(after)) console.log(r);
  const common = time(() => tuneSpec(spec));
  const fromRaw = time(() => tuneSpec(entry.example));
  const med = (f: (r: (typeof after.runs)[number]) => number) => median(after.runs.map(f));
  table.push(
    `${entry.type.padEnd(11)}${sec(med((r) => r.perfect.gameMs))} ${String(med((r) => r.perfect.livesLost)).padStart(4)}` +
      `   ${sec(med((r) => r.child.gameMs))} ${String(med((r) => r.child.livesLost)).padStart(4)}` +
      `   ${common.cpu.toFixed(0).padStart(5)} ${common.cpuMin.toFixed(0).padStart(5)} ${common.wall.toFixed(0).padStart(6)}` +
      `   ${fromRaw.cpu.toFixed(0).padStart(5)} ${fromRaw.wall.toFixed(0).padStart(6)}  ${result.attempts}`,
  );
  console.log();
});
console.log('after tuneSpec, medians over the seeds (game time; lives lost):');
console.log(
  '                perfect          child      tune, spec already right (ms)   tune from example (ms)',
);
console.log('type          time  lost     time  lost    cpu   min   wall          cpu   wall  attempts');
for (const row of table) console.log(row);
