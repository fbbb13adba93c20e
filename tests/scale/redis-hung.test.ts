import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { redisReachable } from '../support/redis.js';

/**
 * Issue 32.11: a Redis that hangs (SIGSTOP: connected, silent), not one that is gone. Without a
 * breaker every message waited out several command timeouts (~1.3 s); with it, after the first
 * failure messages go to the database without sending Redis anything, and a background PING
 * closes the breaker once Redis answers again. A private redis-server, never the shared one.
 */

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((res) => s.close(res));
  return port;
}

/** Commands Redis has run, by name (INFO commandstats), leaving out the probe and this question. */
async function commandsRun(url: string): Promise<Record<string, number>> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await r.info('commandstats');
    const out: Record<string, number> = {};
    for (const m of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
      if (!['ping', 'info', 'client', 'select', 'hello'].includes(m[1] ?? '')) out[m[1] ?? ''] = Number(m[2]);
    }
    return out;
  } finally {
    r.disconnect();
  }
}
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
};

let server: ChildProcess;
let url: string;
let t: TestApp;
beforeAll(async () => {
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: 'ignore',
  });
  await until(() => redisReachable(url), 'private redis-server started');
  t = await startTestApp({ redisUrl: url });
}, 120_000);
afterAll(async () => {
  server?.kill('SIGCONT');
  await t?.close();
  server?.kill('SIGKILL');
});

const redisUp = async () => {
  const text = await t.shared.metrics.registry.getSingleMetricAsString('gamemaker_redis_up');
  return /gamemaker_redis_up \d*\s*1$/m.test(text) || / 1$/m.test(text.trim());
};

describe('a hung Redis', () => {
  it('costs one timeout, not one per command, and the breaker closes when it wakes', async () => {
    const say = async (session: string, message: string) => {
      const started = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/message',
        payload: { session_id: session, message },
      });
      expect(res.statusCode).toBe(200);
      return performance.now() - started;
    };
    const session = (await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} })).json()
      .session_id as string;
    const healthy = [await say(session, 'The Gruffalo'), await say(session, 'yes')];
    const before = await commandsRun(url);
    expect(total(before)).toBeGreaterThan(0);

    server.kill('SIGSTOP');
    const first = await say(session, 'a mouse');
    await until(async () => !(await redisUp()), 'the breaker opened');
    const hung: number[] = [];
    for (const m of ['the woods', 'it was scary', 'the snake', 'an owl', 'a fox', 'nuts'])
      hung.push(await say(session, m));

    server.kill('SIGCONT');
    await until(redisUp, 'the probe closed the breaker');
    const afterHang = await commandsRun(url);
    const during = total(afterHang) - total(before);
    const byCommand = Object.fromEntries(
      Object.entries(afterHang)
        .map(([k, v]) => [k, v - (before[k] ?? 0)])
        .filter(([, v]) => Number(v) > 0),
    );
    console.log(JSON.stringify({ healthy, first, hung, commandsSentWhileHung: during, byCommand }));
    // Behind the open breaker the messages sent Redis nothing but their fire-and-forget unlocks
    // (one EVALSHA each, whose script runs a GET and a DEL: commandstats counts those too); before
    // it opened, the first message sent one rate-limit EVAL (INCR, PTTL inside), which timed out.
    // No cache read or write, no lock SET, no publish.
    const unlocks = byCommand.evalsha ?? 0;
    expect(unlocks).toBeLessThanOrEqual(7);
    expect(byCommand.eval ?? 0).toBeLessThanOrEqual(1);
    expect(byCommand.get ?? 0).toBeLessThanOrEqual(unlocks);
    for (const name of Object.keys(byCommand))
      expect(['eval', 'evalsha', 'get', 'del', 'incr', 'pttl', 'pexpire'], name).toContain(name);
    expect(during).toBeLessThanOrEqual(30);

    // Closed again: the next message uses Redis.
    const after = total(await commandsRun(url));
    await say(session, 'yes please');
    expect(total(await commandsRun(url))).toBeGreaterThan(after);
  }, 120_000);
});
