// Preloaded into bench instances (`--expose-gc --import ./bench/load/instance-hooks.mjs`).
// SIGUSR2 runs a full GC, so the bench reads the heap idle sessions really keep, not garbage.
// With BENCH_PROFILE set to a file path, SIGUSR2 instead starts the main thread's CPU profiler the
// first time and writes the profile there the second time: the profile covers the measured
// messages only, not start-up, migrations or warm-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.BENCH_PROFILE;
let session = null;

process.on('SIGUSR2', () => {
  if (!out) {
    globalThis.gc?.();
    return;
  }
  if (!session) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
    );
    return;
  }
  session.post('Profiler.stop', (err, res) => {
    if (!err) writeFileSync(out, JSON.stringify(res.profile));
    writeFileSync(`${out}.done`, '');
  });
});
