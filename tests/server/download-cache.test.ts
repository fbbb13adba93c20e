import { describe, expect, it } from 'vitest';
import { DownloadCache } from '../../src/server/download-cache.js';

describe('DownloadCache', () => {
  it('renders each game once while it is kept', () => {
    const cache = new DownloadCache(1_000);
    let renders = 0;
    const render = () => {
      renders++;
      return 'x'.repeat(100);
    };
    for (let i = 0; i < 5; i++) cache.get('g1:1', render);
    expect(renders).toBe(1);
  });

  it('keeps at most its byte budget, the least recently used out first', () => {
    const cache = new DownloadCache(1_000); // 100-character pages cost 200 bytes: 5 fit
    for (let i = 0; i < 50; i++) cache.get(`g${i}:1`, () => 'x'.repeat(100));
    expect(cache.size).toBe(5);
    let rendered = false;
    cache.get('g49:1', () => {
      rendered = true;
      return '';
    });
    expect(rendered).toBe(false);
    cache.get('g0:1', () => {
      rendered = true;
      return 'x'.repeat(100);
    });
    expect(rendered).toBe(true);
    // A page bigger than the whole budget is served, never kept.
    cache.get('huge:1', () => 'x'.repeat(10_000));
    expect(cache.size).toBe(5);
  });
});
