import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** Issue 32.9: connections that only hold a keep-alive slot cannot lock a new client out. */
let t: TestApp | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await t?.close();
  t = undefined;
});

/** A health check on a keep-alive connection, then silence: the connection stays open, idle. */
function idleHealthConnection(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    s.on('error', () => {});
    s.once('data', () => resolve(s));
    // Refused at the cap: Node closes it without a word.
    s.once('close', () => resolve(s));
    s.write('GET /api/health HTTP/1.1\r\nhost: x\r\n\r\n');
  });
}

const openCount = (app: TestApp) =>
  new Promise<number>((res, rej) => app.app.server.getConnections((e, n) => (e ? rej(e) : res(n))));

describe('the connection cap', () => {
  it('never holds more than MAX_CONNECTIONS; a new client is served while idle ones hog it and after', async () => {
    t = await startTestApp({ listen: true, env: { MAX_CONNECTIONS: '16' } });
    const port = Number(new URL(t.url).port);
    let most = 0;
    for (let i = 0; i < 60; i++) {
      await idleHealthConnection(port);
      most = Math.max(most, await openCount(t));
    }
    expect(most).toBeLessThanOrEqual(16);
    // Idle keep-alive connections were closed to make room, the newest answered first.
    const closedByServer = sockets.filter((s) => s.destroyed || s.readableEnded).length;
    expect(closedByServer).toBeGreaterThan(40);

    // A fresh client, while the remaining idle ones are still open.
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);

    // And once the hogs are gone, a fresh client on a fresh connection.
    for (const s of sockets.splice(0)) s.destroy();
    const again = await fetch(`${t.url}/api/health`, { headers: { connection: 'close' } });
    expect(again.status).toBe(200);
  });
});
