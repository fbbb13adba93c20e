import { describe, expect, it } from 'vitest';
import { diskProbe, embeddedDataDir, publicStorage } from '../../src/store/disk-space.js';
import { startTestApp } from '../support/app.js';

/**
 * Issue 32, point 4 (and a Low): the embedded store's free disk in /api/ready, readiness failed
 * when it is all but full, and /api/health without the data directory's absolute path.
 */
describe('free disk where the embedded database writes', () => {
  it('is measured and judged against the thresholds', async () => {
    const dir = process.cwd();
    const seen = await diskProbe(dir)();
    expect(seen?.free_mb).toBeGreaterThan(0);
    // Thresholds above anything a disk has: the same directory is then "low", then "full".
    expect((await diskProbe(dir, { lowMb: 2 ** 40 })())?.status).toBe('low');
    expect((await diskProbe(dir, { failMb: 2 ** 40 })())?.status).toBe('full');
    // A directory that cannot be measured says nothing (the database probe decides).
    expect(await diskProbe('/nonexistent/gamemaker')()).toBeNull();
  });

  it('reads the directory from the storage label and never shows it', () => {
    expect(embeddedDataDir('pglite:/srv/data')).toBe('/srv/data');
    expect(embeddedDataDir('postgres')).toBeNull();
    expect(publicStorage('pglite:/srv/data')).toBe('pglite');
    expect(publicStorage('postgres')).toBe('postgres');
  });

  it('shows in /api/ready; /api/health names the storage, not its path', async () => {
    const t = await startTestApp({ databaseUrl: '' });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok', disk: { status: 'ok' } });
      expect(ready.json().disk.free_mb).toBeGreaterThan(0);
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json().storage).toBe('pglite');
      expect(health.body).not.toContain(t.dataDir);
    } finally {
      await t.close();
    }
  });
});
