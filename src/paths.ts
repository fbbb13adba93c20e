import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, found by walking up from this file: the same code runs from `src/` (tsx,
 * tests) and from `dist/src/` (built), and the migrations and built assets live at the root.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above src/paths');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
export const MIGRATIONS_DIR = join(ROOT, 'drizzle');
export const RUNTIME_DIR = join(ROOT, 'dist', 'runtime');
export const WEB_DIR = join(ROOT, 'dist', 'web');
/** The operators' analytics page (built from src/admin), served at /admin/. */
export const ADMIN_DIR = join(ROOT, 'dist', 'admin');
