import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bookDocument } from '../../src/books/book-documents.js';
import { BOOKS } from '../../src/books/catalog.js';
import { createEmbedder, type Embedder, shippedCorpus } from '../../src/books/embedder.js';
import { LocalEmbedder } from '../../src/books/local-embedder.js';
import { OpenAIEmbedder } from '../../src/books/openai-embedder.js';
import { createKnowledge } from '../../src/books/retrieval.js';
import { stem, textFeatures } from '../../src/books/text-features.js';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('local embedding', () => {
  const docs = BOOKS.map(bookDocument);
  const local = new LocalEmbedder(docs);

  it('gives unit vectors of the advertised size, deterministically', async () => {
    const [a, b] = await local.embed(['a wolf blows down a straw house', 'a wolf blows down a straw house']);
    expect(a).toHaveLength(local.dimensions);
    expect(cosine(a ?? [], a ?? [])).toBeCloseTo(1, 6);
    expect(a).toEqual(b);
    expect(local.name).toMatch(/^local-tfidf-ngram/);
  });

  it('is all zeros for words no document has', async () => {
    const [v] = await local.embed(['qxj vvq']);
    expect(v?.every((x) => x === 0)).toBe(true);
  });

  it('ranks a document nearest to a description of it', async () => {
    const pigs = BOOKS.findIndex((b) => b.id === 'the-three-little-pigs');
    const [query, ...rest] = await local.embed(['the wolf huffs and puffs at the brick house', ...docs]);
    const sims = rest.map((d) => cosine(query ?? [], d));
    expect(sims.indexOf(Math.max(...sims))).toBe(pigs);
  });

  it('hears a child’s word for the same thing', async () => {
    const [bunny, rabbit, teapot] = await local.embed(['a naughty bunny', 'a naughty rabbit', 'a teapot']);
    expect(cosine(bunny ?? [], rabbit ?? [])).toBeGreaterThan(cosine(bunny ?? [], teapot ?? []) + 0.2);
    expect(stem('builds')).toBe(stem('building'));
    expect(stem('blew')).toBe(stem('blows'));
    expect(textFeatures('the very hungry catapiller').has('c:pil')).toBe(true);
  });

  it('refuses more documents than it has dimensions', () => {
    expect(() => new LocalEmbedder(['a cat', 'a dog', 'a pig'], 2)).toThrow(/holds 2 documents/);
  });
});

describe('createEmbedder', () => {
  it('is local unless OpenAI is configured with a key', () => {
    expect(createEmbedder({ provider: 'local' }).name).toMatch(/^local-/);
    expect(createEmbedder({ provider: 'local' }, ['a cat sat']).name).toMatch(/^local-/);
    expect(() => createEmbedder({ provider: 'openai' }, [])).toThrow(/API key/);
    expect(createEmbedder({ provider: 'openai', openaiApiKey: 'sk-test' }, []).name).toBe(
      'openai:text-embedding-3-small/512',
    );
  });

  it('talks to the OpenAI embeddings API (a local fake of it)', async () => {
    const requests: { model: string; input: string[]; dimensions?: number }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const parsed = JSON.parse(body) as {
          model: string;
          input: string[];
          dimensions?: number;
          encoding_format?: string;
        };
        requests.push(parsed);
        const data = parsed.input.map((_, index) => {
          const v = new Float32Array(parsed.dimensions ?? 8).map((_, i) => (i === index ? 1 : 0));
          const embedding =
            parsed.encoding_format === 'base64' ? Buffer.from(v.buffer).toString('base64') : Array.from(v);
          return { object: 'embedding', index, embedding };
        });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            object: 'list',
            data,
            model: parsed.model,
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const embedder = new OpenAIEmbedder({
        apiKey: 'sk-test',
        baseUrl: `http://127.0.0.1:${port}/v1`,
        dimensions: 4,
      });
      const vectors = await embedder.embed(['a wolf', 'a pig']);
      expect(vectors).toEqual([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
      ]);
      expect(requests[0]).toMatchObject({
        model: 'text-embedding-3-small',
        dimensions: 4,
        input: ['a wolf', 'a pig'],
      });
      expect(await embedder.embed([])).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a failing embedding provider', () => {
  it('leaves title matching working, and says so', async () => {
    const local = new LocalEmbedder(shippedCorpus());
    let down = false;
    const flaky: Embedder = {
      name: 'flaky',
      dimensions: local.dimensions,
      embed: (texts) => (down ? Promise.reject(new Error('provider down')) : local.embed(texts)),
    };
    const errors: unknown[] = [];
    const knowledge = await createKnowledge({ embedder: flaky, onVectorError: (err) => errors.push(err) });
    try {
      down = true;
      const [hit] = await knowledge.searchBooks('the gruffalo', 1);
      expect(hit?.book.id).toBe('the-gruffalo');
      expect(hit?.via.vector).toBeUndefined();
      expect(errors).toHaveLength(1);
    } finally {
      await knowledge.close();
    }
  }, 120_000);
});
