import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { watchBalancer } from '../../src/server/drain.js';

/**
 * A stopping instance closes its listener and idle connections only once the load balancer has let
 * go of it (src/server/drain.ts): a balancer that checks readiness must have seen `draining` twice
 * (HAProxy's `fall 2`), and no request may have come for a moment.
 */
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function serve() {
  server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const get = (path: string) =>
    new Promise<void>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port, path, agent: false }, (res) => res.resume().on('end', resolve))
        .on('error', reject),
    );
  return { server, get };
}

function tracked(p: Promise<void>) {
  const t = { done: false, promise: p };
  void p.then(() => {
    t.done = true;
  });
  return t;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('waiting for the load balancer to let go', () => {
  it('without a balancer checking readiness: once no request came for the quiet time', async () => {
    const { server, get } = await serve();
    const watch = watchBalancer(server);
    await get('/api/message');
    const t0 = performance.now();
    await watch.letGo({ quietMs: 100, maxMs: 60_000 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('with a balancer checking readiness: not before it was told `draining` twice', async () => {
    const { server, get } = await serve();
    const watch = watchBalancer(server);
    await get('/api/ready');
    const left = tracked(watch.letGo({ quietMs: 20, maxMs: 60_000 }));
    await get('/api/ready');
    // Quiet for many times the quiet time, but the balancer has seen one `draining` only.
    await pause(200);
    expect(left.done).toBe(false);
    await get('/api/ready');
    await left.promise;
    expect(left.done).toBe(true);
  });

  it('requests keep it open; a balancer that never stops is cut off at maxMs', async () => {
    const { server, get } = await serve();
    const watch = watchBalancer(server);
    let sending = true;
    const traffic = (async () => {
      while (sending) await get('/api/message');
    })();
    const t0 = performance.now();
    await watch.letGo({ quietMs: 50, maxMs: 300 });
    sending = false;
    await traffic;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });
});
