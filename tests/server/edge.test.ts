import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** The edge of the API: proxies, CORS, slow clients and `Connection: close`. */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const start = (app: TestApp, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  app.app.inject({ method: 'POST', url: '/api/start_session', headers, remoteAddress, payload: {} });

describe('TRUST_PROXY', () => {
  it('with one trusted hop, a client naming its own address in X-Forwarded-For is still limited', async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_MAX: '5' } });
    const app = t;
    // The load balancer (10.0.0.1) appends the real client (203.0.113.7) to whatever it sent.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await start(app, { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` }, '10.0.0.1');
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // Another real client behind the same balancer has its own allowance.
    expect((await start(app, { 'x-forwarded-for': '203.0.113.8' }, '10.0.0.1')).statusCode).toBe(200);
  });

  it('by default trusts no proxy: X-Forwarded-For is ignored', async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '3' } });
    const app = t;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await start(app, { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  it('refuses TRUST_PROXY=true, which would trust any client', async () => {
    await expect(startTestApp({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('CORS', () => {
  it('answers only the origins in CORS_ORIGINS', async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://family.example' } });
    const ok = await start(t, { origin: 'https://family.example' });
    expect(ok.headers['access-control-allow-origin']).toBe('https://family.example');
    const other = await start(t, { origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('by default sends no CORS headers (same origin only)', async () => {
    t = await startTestApp();
    const res = await start(t, { origin: 'https://family.example' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/** Raw HTTP over a socket, for what fetch will not do (a slow body, reading the headers as sent). */
function rawRequest(port: number, head: string, onSocket?: (s: net.Socket) => void) {
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('close', () => resolve({ text, closed: true }));
    socket.on('error', () => {});
    socket.write(head);
    onSocket?.(socket);
  });
}

describe('keep-alive', () => {
  it("keeps a child's connection open for a minute between messages, and reuses it", async () => {
    t = await startTestApp({ listen: true });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ headers: http.IncomingHttpHeaders; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${t?.url}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ headers: res.headers, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    const first = await get();
    // The client is told how long an idle connection lasts (Node's default would say 5 s).
    expect(first.headers['keep-alive']).toBe('timeout=65');
    expect(first.reused).toBe(false);
    expect((await get()).reused).toBe(true);
    agent.destroy();
  });
});

describe('slow and closing clients', () => {
  it('cuts off a body sent a byte at a time once REQUEST_TIMEOUT_MS has passed', async () => {
    t = await startTestApp({ listen: true, env: { REQUEST_TIMEOUT_MS: '1000' } });
    const port = Number(new URL(t.url).port);
    let timer: NodeJS.Timeout | undefined;
    const res = await rawRequest(
      port,
      'POST /api/start_session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      (socket) => {
        timer = setInterval(() => socket.writable && socket.write(' '), 200);
      },
    );
    clearInterval(timer);
    // The server gave up on the request (408) and closed the connection: it is not held open.
    expect(res.closed).toBe(true);
    expect(res.text).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a stream honours Connection: close', async () => {
    t = await startTestApp({ listen: true });
    const s = (await (await fetch(`${t.url}/api/start_session`, { method: 'POST' })).json()) as {
      session_id: string;
    };
    const body = JSON.stringify({ session_id: s.session_id, message: 'the gruffalo' });
    const port = Number(new URL(t.url).port);
    const res = await rawRequest(
      port,
      `POST /api/message/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(res.text).toMatch(/^HTTP\/1\.1 200/);
    expect(res.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(res.text).toContain('event: done');
    expect(res.closed).toBe(true);
  });
});
