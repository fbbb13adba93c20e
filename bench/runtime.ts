/**
 * Runtime measurements for the closing note of issue 3:
 *   - the size of dist/runtime/game.js, raw and gzipped;
 *   - per game type, the median time from navigation start to the first rendered frame in
 *     headless Chromium (software WebGL), over several fresh page loads.
 *
 *   npx tsx bench/runtime.ts              (5 runs per type)
 *   npx tsx bench/runtime.ts --runs 9
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { catalogueEntry } from '../src/games/catalogue.js';
import { GAME_TYPES } from '../src/games/spec.js';
import { launchBrowser, newContext } from '../tests/support/browser.js';
import { startGameServer } from '../tests/support/game-server.js';
import { ensureRuntimeBuilt } from '../tests/support/runtime-build.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs) || 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

const source = await ensureRuntimeBuilt();
const raw = Buffer.byteLength(source);
const gz = gzipSync(source, { level: 9 }).length;
console.log(`runtime bundle dist/runtime/game.js: ${kb(raw)} raw, ${kb(gz)} gzip`);

const server = await startGameServer();
const browser = await launchBrowser();
try {
  console.log(`\nnavigation → first frame, median of ${runs} fresh loads (ms):`);
  for (const type of GAME_TYPES) {
    const { url } = await server.create(catalogueEntry(type).example);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => typeof window.__FIRST_FRAME__ === 'number', null, { timeout: 30_000 });
      times.push(await page.evaluate(() => window.__FIRST_FRAME__ as number));
      await context.close();
    }
    const spread = `min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}`;
    console.log(`  ${type.padEnd(11)} ${median(times).toFixed(0).padStart(5)}   (${spread})`);
  }
} finally {
  await browser.close();
  await server.close();
}
