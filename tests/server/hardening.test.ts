import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/games/catalogue.js';
import { WEB_DIR } from '../../src/paths.js';
import { APP_PAGE_CSP } from '../../src/server/static-assets.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { rawHttp } from './raw-http.js';

/** Issue 32's Lows and issue 26.4's plugins: headers, ids, media types, parser errors, logs. */
let t: TestApp;
let port: number;
const lines: string[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  t = await startTestApp({ listen: true, logStream: stream });
  port = Number(new URL(t.url).port);
});
afterAll(() => t?.close());

const start = () => t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });

describe('security headers (helmet)', () => {
  it('are on every answer, JSON and errors alike, with a policy of their own', async () => {
    for (const res of [await start(), await t.app.inject({ method: 'GET', url: '/api/nothing-here' })]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      // Sandboxed game frames (an opaque origin) load the runtime: no same-origin resource policy.
      expect(res.headers['cross-origin-resource-policy']).toBeUndefined();
    }
  });

  it.skipIf(!existsSync(join(WEB_DIR, 'index.html')))("keep the page's own policy", async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toBe(APP_PAGE_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('request ids', () => {
  const idOf = (value: string) =>
    t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': value } }).then((r) => {
      return String(r.headers['x-request-id']);
    });

  it("keep a proxy's id, and replace anything that is not one", async () => {
    expect(await idOf('3f2b8c1e-aaaa-4bbb-8ccc-0123456789ab')).toBe('3f2b8c1e-aaaa-4bbb-8ccc-0123456789ab');
    expect(await idOf('trace.abc:01')).toBe('trace.abc:01');
    for (const bad of ['x'.repeat(15_000), 'my name is Amy', '<script>', 'a'.repeat(65)]) {
      const id = await idOf(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('bodies and parser errors', () => {
  it('answers a text/plain body 415 in the JSON error shape', async () => {
    const session = start().then((r) => r.json().session_id as string);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/message',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ session_id: await session, message: 'hi' }),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ success: false, error: 'unsupported_media_type' });
  });

  it('answers what the HTTP parser refuses (400, 431) and an oversized body (413) as JSON', async () => {
    const malformed = await rawHttp(port, 'GET', '/api/health', { headers: { 'bad header': 'x' } });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ success: false, error: 'bad_request' });

    const huge = await rawHttp(port, 'GET', '/api/health', { headers: { 'x-filler': 'y'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toMatchObject({ success: false, error: 'headers_too_large' });

    const big = await rawHttp(port, 'POST', '/api/message', {
      body: JSON.stringify({ m: 'z'.repeat(300_000) }),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ success: false, error: 'payload_too_large' });
  });
});

describe('session answers', () => {
  it('are never cached: cache-control no-store, errors included', async () => {
    const started = await start();
    expect(started.headers['cache-control']).toBe('no-store');
    const id = started.json().session_id as string;
    const calls = [
      { method: 'POST' as const, url: '/api/message', payload: { session_id: id, message: 'hello' } },
      { method: 'GET' as const, url: `/api/session/${id}` },
      { method: 'POST' as const, url: '/api/message/stream', payload: { session_id: 'nope', message: 'hi' } },
      { method: 'DELETE' as const, url: `/api/session/${id}` },
    ];
    for (const call of calls) {
      const res = await t.app.inject(call);
      expect(res.headers['cache-control'], call.url).toBe('no-store');
    }
  });
});

describe('logs', () => {
  it("never hold the book search's query string, only its length", async () => {
    const q = 'my friend Zebedee Wolfington from Puddlecombe';
    const res = await t.app.inject({ method: 'GET', url: `/api/books/search?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    const text = lines.join('\n');
    expect(text).not.toContain('Zebedee');
    expect(text).not.toContain('Puddlecombe');
    const incoming = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url === '/api/books/search');
    expect(incoming?.req.query_chars).toBe(`q=${encodeURIComponent(q)}`.length);
  });
});

describe('downloads', () => {
  it('render a game once and serve the same file again', async () => {
    const example = CATALOGUE[0]?.example;
    const made = await t.app.inject({ method: 'POST', url: '/api/games?tune=false', payload: example });
    expect(made.statusCode).toBe(201);
    const id = made.json().game_id as string;
    const first = await t.app.inject({ method: 'GET', url: `/api/games/${id}/download` });
    const second = await t.app.inject({ method: 'GET', url: `/api/games/${id}/download` });
    expect(first.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
  });
});
