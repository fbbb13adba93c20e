import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FAST_SHOT, MAX_BYTES } from '../../scripts/screenshots.js';

/**
 * The README's pictures come from `npm run screenshots`; this runs its fast mode (the app, a real
 * Chromium, one picture) so the script cannot rot between two full runs.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('npm run screenshots -- --fast', () => {
  it('writes one valid, small PNG of a game title screen', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gamemaker-shot-test-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
          'scripts/screenshots.ts',
          '--fast',
          '--out',
          out,
        ],
        { cwd: ROOT, timeout: 170_000 },
      );
      expect(stdout).toMatch(/1 picture\(s\).* in \d+(\.\d)? s/);

      const png = readFileSync(join(out, FAST_SHOT));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      // The game's canvas, 800×600 CSS pixels at one image pixel each.
      expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({
        width: 800,
        height: 600,
      });
      // A drawn title card, not an empty frame; and small enough for the README.
      expect(png.length).toBeGreaterThan(10 * 1024);
      expect(png.length).toBeLessThan(MAX_BYTES);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
