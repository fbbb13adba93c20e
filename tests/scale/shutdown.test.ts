import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type Instance, startInstance } from './instance.js';

/**
 * SIGTERM under load: requests already accepted finish, newcomers get 503 JSON with retry-after,
 * and no connection is reset (a reset looks to a load balancer like a crashed instance).
 */
let inst: Instance | undefined;
afterAll(async () => {
  await inst?.kill();
});

type Outcome = { status: number; body: string } | { error: string };

function post(url: string, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    // A new connection per request (no keep-alive): each one goes through the listen backlog.
    const req = http.request(`${url}${path}`, { method: 'POST', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

describe('SIGTERM under load', () => {
  it('drains: no reset connection, every answer is 200 or 503 shutting_down', async () => {
    inst = await startInstance({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const url = inst.url;
    const n = 400;
    let answered = 0;
    let stopped: Promise<number | null> | null = null;
    const late: Promise<Outcome>[] = [];
    const all = Array.from({ length: n }, () =>
      post(url, '/api/start_session').then((o) => {
        answered++;
        // Stop once the instance is visibly busy serving this burst, and keep the children coming.
        if (answered === 40 && inst) {
          stopped = inst.stop();
          for (let i = 0; i < 100; i++) late.push(post(url, '/api/health'));
        }
        return o;
      }),
    );
    const outcomes = [...(await Promise.all(all)), ...(await Promise.all(late))];
    const code = await (stopped ?? inst.stop());
    const errors = outcomes.filter((o): o is { error: string } => 'error' in o).map((o) => o.error);
    const statuses = outcomes.filter((o) => 'status' in o) as Array<{ status: number; body: string }>;
    // Requests that reached a closed listener are refused (the balancer retries them elsewhere);
    // none may be reset after the instance took it.
    expect(errors.filter((e) => e !== 'ECONNREFUSED')).toEqual([]);
    // /api/health answers 404 to POST: still an answer, not a reset.
    expect(statuses.filter((s) => ![200, 404, 503].includes(s.status))).toEqual([]);
    for (const s of statuses.filter((x) => x.status === 503)) {
      expect(JSON.parse(s.body)).toMatchObject({ success: false, error: 'shutting_down', retry: true });
    }
    expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(40);
    expect(code).toBe(0);
    console.log(
      `shutdown under load: ${statuses.filter((s) => s.status === 200).length} answered, ` +
        `${statuses.filter((s) => s.status === 503).length} told 503, ${errors.length} refused, 0 reset`,
    );
  });
});
