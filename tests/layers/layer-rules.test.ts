import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of .dependency-cruiser.cjs catch what they are meant to: each rule is run on a
 * small made-up src/ that breaks it once, so a rule loosened by accident (a regex that no longer
 * matches) fails here rather than letting every future violation through `make check`.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const FILES: Record<string, string> = {
  'src/text/own.ts': 'export const own = 1;',
  'src/contract/schemas.ts': "import { own } from '../text/own.js';\nexport const schema = own;",
  'src/games/spec.ts': "import { own } from '../text/own.js';\nexport const spec = own;",
  // web may import contract: fine. It must not import agents (a server folder) or a Node built-in.
  'src/web/ok.ts': "import { schema } from '../contract/schemas.js';\nexport const ok = schema;",
  'src/web/bad.ts':
    "import { createHash } from 'node:crypto';\nimport { agent } from '../agents/state.js';\nexport const bad = [createHash, agent];",
  'src/agents/state.ts': "import { spec } from '../games/spec.js';\nexport const agent = spec;",
  'src/admin/bad.ts': "import { report } from '../analytics/report.js';\nexport const bad = report;",
  'src/analytics/report.ts': 'export const report = 1;',
  // runtime may import games, not server.
  'src/runtime/ok.ts': "import { spec } from '../games/spec.js';\nexport const ok = spec;",
  'src/runtime/bad.ts': "import { app } from '../server/app.js';\nexport const bad = app;",
  'src/server/app.ts': 'export const app = 1;',
  // contract must stay at the bottom.
  'src/contract/bad.ts': "import { agent } from '../agents/state.js';\nexport const bad = agent;",
  // store and sessions import each other: a folder cycle (through a type import).
  'src/store/repo.ts': "import type { Turn } from '../sessions/turn.js';\nexport type Repo = Turn;",
  'src/sessions/turn.ts':
    "import type { Repo } from '../store/repo.js';\nexport type Turn = { repo?: Repo };",
  // a subfolder importing its parent is not a cycle of top-level folders.
  'src/books/index.ts': "import { inner } from './data/inner.js';\nexport const books = inner;",
  'src/books/data/inner.ts': "import { own } from '../../text/own.js';\nexport const inner = own;",
  'src/books/data/uses-parent.ts': "import { books } from '../index.js';\nexport const again = books;",
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layer-rules-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${text}\n`);
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function violations(): Promise<Violation[]> {
  const bin = join(ROOT, 'node_modules', '.bin', 'depcruise');
  const config = join(ROOT, '.dependency-cruiser.cjs');
  // depcruise exits non-zero when it finds errors; the JSON report is on stdout either way.
  const out = await run(bin, ['src', '--config', config, '--output-type', 'json'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return JSON.parse(out.stdout).summary.violations as Violation[];
}

describe('.dependency-cruiser.cjs', () => {
  it('flags each broken rule once, and nothing that keeps the rules', async () => {
    const found = (await violations()).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual(
      [
        'admin-imports-only-contract: src/admin/bad.ts → src/analytics/report.ts',
        'browser-no-node-builtins: src/web/bad.ts → crypto',
        'contract-at-the-bottom: src/contract/bad.ts → src/agents/state.ts',
        'no-folder-cycles: src/sessions → src/store',
        'no-folder-cycles: src/store → src/sessions',
        'runtime-imports-only-games: src/runtime/bad.ts → src/server/app.ts',
        'web-imports-only-contract: src/web/bad.ts → src/agents/state.ts',
      ].sort(),
    );
  });
});
