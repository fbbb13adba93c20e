import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type RawResponse, rawHttp, routesOf } from './raw-http.js';

/**
 * Issue 32, High 1: every per-IP limit holds whatever form the request target takes. Each route
 * is asked for in every spelling a client can write on the wire (fetch would normalise them, so
 * these are raw socket writes), and no limit lets more through than it allows.
 */

const GLOBAL_MAX = 5;
const ADMIN_TOKEN = 'the-admin-token-for-this-test-only';

/** Spellings of one path; `port` for absolute-form targets. */
function forms(path: string, port: number): Record<string, string> {
  const [, first = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const encodeAll = (p: string) =>
    p.replace(/[^/]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  return {
    plain: path,
    query: `${path}?x=1`,
    'percent-first': `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${rest}`,
    'percent-all': encodeAll(path),
    'percent-lower': encodeAll(path).toLowerCase(),
    absolute: `http://127.0.0.1:${port}${path}`,
    'absolute-other-host': `http://elsewhere.example${path}`,
    'absolute-encoded': `http://127.0.0.1:${port}${encodeAll(path)}`,
    'double-slash-start': `/${path}`,
    'double-slash-inside': path.replace(/\/([^/]*)$/, '//$1'),
    'trailing-slash': `${path}/`,
    'case-upper': path.toUpperCase(),
    'case-mixed': path.replace(/\/(\w)/g, (_m, c: string) => `/${c.toUpperCase()}`),
    'dot-segment': `/x/..${path}`,
    'dot-current': path.replace(/^\/(\w+)\//, '/$1/./'),
    'encoded-dot': `/x/%2e%2e${path}`,
  };
}

/**
 * No API handler ran: the router found no route (404 `No route for`), or the target was malformed
 * or left to the static files, which refuse `..` and `//` (`bad_request`, which no API handler
 * answers: theirs name what was wrong).
 */
const unrouted = (r: RawResponse) =>
  (r.status === 404 && r.body.includes('No route for')) || r.body.includes('"error":"bad_request"');

/** Whether the request reached a handler: neither refused by a limit nor left unrouted. */
const reachedHandler = (r: RawResponse) => r.status !== 429 && !unrouted(r);

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp({ listen: true, env: { RATE_LIMIT_MAX: String(GLOBAL_MAX), ADMIN_TOKEN } });
  port = Number(new URL(t.url).port);
});
afterAll(() => t?.close());

describe('rate limits by the matched route', () => {
  it('lets no spelling of any limited route past its limit', { timeout: 120_000 }, async () => {
    const routes = routesOf(t.app.printRoutes({ commonPrefix: false }));
    const limited = routes.filter(
      (r) => (r.url.startsWith('/api/') && !/^\/api\/(health|ready)$/.test(r.url)) || r.url === '/metrics',
    );
    // Every API route the app serves, so a route added later is covered without editing this list.
    expect(limited.length).toBeGreaterThanOrEqual(13);

    // Each limit's bucket: the routes with their own limit count apart from the global one.
    const own: Record<string, number> = { 'POST /api/games': 20, 'GET /api/analytics': 30 };
    const accepted: Record<string, number> = {};
    const refusedBy: Record<string, number> = {};
    let sent = 0;
    for (const route of limited) {
      const path = route.url.replace(/:\w+/g, 'abc123');
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        const key = `${method} ${route.url}`;
        const bucket = key in own ? key : 'global';
        // Enough rounds of every spelling (64 requests) to pass the largest limit (30) twice over.
        for (let round = 0; round < 4; round++) {
          for (const [form, target] of Object.entries(forms(path, port))) {
            const r = await rawHttp(port, method, target, {
              ...(method === 'POST' ? { body: '{}' } : {}),
              headers: { authorization: 'Bearer a-wrong-guess' },
            });
            sent++;
            if (reachedHandler(r)) accepted[bucket] = (accepted[bucket] ?? 0) + 1;
            if (r.status === 429) refusedBy[form] = (refusedBy[form] ?? 0) + 1;
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(600);
    expect(accepted.global ?? 0).toBeLessThanOrEqual(GLOBAL_MAX);
    expect(accepted['POST /api/games'] ?? 0).toBeLessThanOrEqual(20);
    expect(accepted['GET /api/analytics'] ?? 0).toBeLessThanOrEqual(30);
    // Not vacuous: the spellings the router maps onto a route were refused by its limit, which
    // the raw-URL check let through before.
    for (const form of ['plain', 'query', 'percent-first', 'percent-all', 'absolute', 'absolute-encoded'])
      expect(refusedBy[form] ?? 0, form).toBeGreaterThan(0);
  });

  it('makes guessing the admin token slow: 1,000 guesses, at most 30 answered', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/analytics',
        remoteAddress: '192.0.2.50',
        headers: { authorization: `Bearer guess-${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(970);
  });

  it('counts an IPv6 client per /64, the block one host is usually given', async () => {
    const get = (remoteAddress: string) =>
      t.app.inject({ method: 'GET', url: '/api/game-types', remoteAddress }).then((r) => r.statusCode);
    const sameBlock: number[] = [];
    // Every address a new one in the same /64, as a client rotating its interface id would.
    for (let i = 1; i <= GLOBAL_MAX + 3; i++) sameBlock.push(await get(`2001:db8:1:2::${i.toString(16)}`));
    expect(sameBlock.filter((s) => s === 200)).toHaveLength(GLOBAL_MAX);
    expect(sameBlock.filter((s) => s === 429)).toHaveLength(3);
    expect(await get('2001:db8:1:3::1')).toBe(200);
  });
});
