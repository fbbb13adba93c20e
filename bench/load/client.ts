import http from 'node:http';

/**
 * The load generator's HTTP client: node:http with keep-alive (a child's tablet keeps its
 * connection), far cheaper per request than fetch, which matters when the client shares two cores
 * with the server. Every failure is reduced to a short cause: the HTTP status and our error code
 * ("503 service_unavailable"), the socket error code ("ECONNRESET"), or "timeout".
 */

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export class RequestFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// `timeout` makes Node's agent honour the server's `Keep-Alive: timeout=N` hint (it closes an idle
// socket a second before the server would): without it, a session idle for longer than the
// server's keep-alive (5 s) reuses a socket the server is closing and gets ECONNRESET, a race of
// the client, not a failure of the app. Requests have their own timeout below.
const newAgent = () =>
  new http.Agent({
    keepAlive: true,
    maxSockets: Number.POSITIVE_INFINITY,
    keepAliveMsecs: 10_000,
    timeout: 120_000,
  });
let agent = newAgent();

/** A short, countable cause for any failure: `e.code`, or the code hidden in `e.cause` (fetch). */
export function causeOf(e: unknown): string {
  if (e instanceof RequestFailed) return e.reason;
  const err = e as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  return err?.code ?? err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

export function request(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
  /** A caller's own connection pool (tests/scale/rolling-load.ts: a proxy's keep-alive); else this module's. */
  via: http.Agent = agent,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent: via,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            json = { error: 'not_json' };
          }
          resolve({ status: res.statusCode ?? 0, body: json, headers: res.headers });
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new RequestFailed('timeout')), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof RequestFailed ? e : new RequestFailed(causeOf(e)));
    });
    req.end(payload);
  });
}

/** POST that resolves with the body of a 2xx answer and rejects with the cause otherwise. */
export async function post(base: string, path: string, body: unknown, timeoutMs?: number) {
  const r = await request(base, 'POST', path, body, timeoutMs);
  if (r.status < 200 || r.status >= 300)
    throw new RequestFailed(`${r.status} ${String(r.body.error ?? '')}`.trim());
  return r.body;
}

/** Closes idle keep-alive sockets between runs, so one run's connections do not serve the next. */
export function resetConnections() {
  agent.destroy();
  agent = newAgent();
}
