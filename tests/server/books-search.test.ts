import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** GET /api/books/search: titles, misspellings and descriptions find the book, with scores. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const search = (q: string, wait = true) =>
  t.app.inject({ method: 'GET', url: `/api/books/search?q=${encodeURIComponent(q)}&wait=${wait}` });

describe('book search', () => {
  it('answers a description at once, before the vector index is built (the in-memory index)', async () => {
    const first = await search('a girl in a red hood visits her grandma and meets a wolf', false);
    expect(first.statusCode).toBe(200);
    expect(first.json().via).toBe('hybrid');
    expect(first.json().results[0].title).toMatch(/Red Riding Hood/i);
  });

  it('finds a described book through the vector index, and a misspelt title', async () => {
    const described = await search('a pig who builds a house of bricks and the wolf blows the others down');
    expect(described.statusCode).toBe(200);
    expect(described.json().via).toBe('hybrid');
    expect(described.json().results[0].title).toMatch(/Three Little Pigs/i);
    const misspelt = (await search('the very hungry catterpiller')).json();
    expect(misspelt.results[0]).toMatchObject({
      title: 'The Very Hungry Caterpillar',
      byline: 'by Eric Carle',
    });
    expect(misspelt.results[0].score).toBeGreaterThan(misspelt.results[1].score);
  });

  it('never says "by Traditional", and refuses bad text', async () => {
    const tale = (await search('little red riding hood')).json();
    expect(tale.results[0].byline).toBe('a traditional tale');
    expect((await search('\u0000')).statusCode).toBe(400);
  });
});
