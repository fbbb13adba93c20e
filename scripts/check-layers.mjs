#!/usr/bin/env node
// Fails when two top-level folders of src/ import each other, directly or around a circle
// (type imports included). Folders must form layers; see the README's architecture notes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'src');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx|mts)$/.test(name)) files.push(p);
  }
})(root);

const folderOf = (file) =>
  relative(root, file)
    .split(sep)[0]
    .replace(/\.(ts|tsx|mts)$/, '');
const importRe =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

/** edges: folder → Map(folder → first file seen making that import) */
const edges = new Map();
for (const file of files) {
  const from = folderOf(file);
  // Top-level files (main.ts, config.ts …) are not folders: only folders form layers.
  if (!relative(root, file).includes(sep)) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(root + sep)) continue;
    const rel = relative(root, target);
    if (!rel.includes(sep)) continue; // a top-level module such as config.ts
    const to = rel.split(sep)[0];
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(process.cwd(), file)} → ${spec}`);
  }
}

// Find cycles with a DFS; report each strongly connected group once.
const cycles = [];
const state = new Map();
const stack = [];
function dfs(n) {
  state.set(n, 'open');
  stack.push(n);
  for (const m of edges.get(n)?.keys() ?? []) {
    if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m]);
    else if (!state.has(m)) dfs(m);
  }
  stack.pop();
  state.set(n, 'done');
}
for (const n of edges.keys()) if (!state.has(n)) dfs(n);

if (process.argv.includes('--print')) {
  for (const [from, tos] of [...edges].sort()) console.log(`${from} → ${[...tos.keys()].sort().join(', ')}`);
}
if (cycles.length) {
  console.error('Folders of src/ import each other around a circle:');
  for (const c of cycles) {
    console.error(`  ${c.join(' → ')}`);
    for (let i = 0; i < c.length - 1; i++) console.error(`    ${edges.get(c[i]).get(c[i + 1])}`);
  }
  process.exit(1);
}
console.log(`check-layers: ${edges.size} folders import others, no circles`);
