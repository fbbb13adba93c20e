import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds dist/runtime/game.js when it is missing or older than its sources. Browser test files run
 * in parallel, so a lock directory makes sure only one of them builds at a time.
 */

const ROOT = join(import.meta.dirname, '..', '..');
export const RUNTIME_FILE = join(ROOT, 'dist', 'runtime', 'game.js');
const LOCK = join(ROOT, 'dist', '.runtime-build.lock');

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else newest = Math.max(newest, st.mtimeMs);
    }
  };
  walk(join(ROOT, 'src', 'runtime'));
  for (const f of ['src/games/spec.ts', 'src/games/repair.ts', 'vite.runtime.config.ts']) {
    newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  }
  return newest;
}

const fresh = () => existsSync(RUNTIME_FILE) && statSync(RUNTIME_FILE).mtimeMs >= newestSource();

export async function ensureRuntimeBuilt(): Promise<string> {
  if (!fresh()) {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        mkdirSync(LOCK);
        break;
      } catch {
        // A lock left behind by a crashed run is older than any real build takes.
        if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 90_000) rmdirSync(LOCK);
        if (Date.now() > deadline) throw new Error(`runtime build lock ${LOCK} held for too long`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    try {
      if (!fresh()) {
        execFileSync(
          process.execPath,
          [
            join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
            'build',
            '--config',
            'vite.runtime.config.ts',
            '--logLevel',
            'warn',
          ],
          {
            cwd: ROOT,
            stdio: 'inherit',
          },
        );
      }
    } finally {
      rmdirSync(LOCK);
    }
  }
  return readFileSync(RUNTIME_FILE, 'utf8');
}
