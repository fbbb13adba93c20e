import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A stand-in for LangSmith over HTTP, speaking the protocol the `langsmith` 0.12 client speaks:
 * GET /info (its answer names no features, so the client sends plain multipart, no compression),
 * POST /runs/multipart, and the older POST /runs, PATCH /runs/:id and POST /runs/batch. Every body is
 * kept decoded (for searching it for words that must not be there) and every run is parsed.
 * A body in an encoding it cannot read is a failure, not something to skip: it could hide words.
 */
export interface ReceivedRun {
  id: string;
  name?: string;
  run_type?: string;
  parent_run_id?: string;
  trace_id?: string;
  [key: string]: unknown;
}

export interface LangSmithReceiver {
  url: string;
  /** Every request body, decoded to text. */
  bodies: string[];
  /** Runs by id, posts and patches merged. */
  runs: Map<string, ReceivedRun>;
  /** What it could not read (an unknown encoding or route); a test expects this to stay empty. */
  problems: string[];
  close(): Promise<void>;
}

export async function startLangSmithReceiver(): Promise<LangSmithReceiver> {
  const bodies: string[] = [];
  const runs = new Map<string, ReceivedRun>();
  const problems: string[] = [];
  const merge = (id: string, fields: Record<string, unknown>) => {
    runs.set(id, { ...(runs.get(id) ?? { id }), ...fields, id });
  };

  async function take(method: string, path: string, contentType: string, body: Buffer) {
    const text = body.toString('utf8');
    bodies.push(text);
    if (method === 'POST' && path === '/runs/multipart') {
      // Parts are named `post.<id>`, `patch.<id>`, or `post.<id>.inputs` / `.outputs` / `.events`.
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': contentType },
      }).formData();
      for (const [name, value] of form.entries()) {
        const [op, id, field] = name.split('.');
        if (!id || (op !== 'post' && op !== 'patch')) continue;
        const json = JSON.parse(typeof value === 'string' ? value : await value.text());
        merge(id, field ? { [field]: json } : json);
      }
    } else if (method === 'POST' && path === '/runs') {
      const run = JSON.parse(text);
      merge(run.id, run);
    } else if (method === 'PATCH' && path.startsWith('/runs/')) {
      merge(path.slice('/runs/'.length), JSON.parse(text));
    } else if (method === 'POST' && path === '/runs/batch') {
      const batch = JSON.parse(text) as { post?: ReceivedRun[]; patch?: ReceivedRun[] };
      for (const run of [...(batch.post ?? []), ...(batch.patch ?? [])]) merge(run.id, run);
    } else {
      problems.push(`unexpected ${method} ${path}`);
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'GET' && path === '/info') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: 'test' }));
        return;
      }
      let body = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'];
      if (encoding === 'gzip') body = gunzipSync(body);
      else if (encoding) {
        problems.push(`a body in ${encoding}`);
        res.writeHead(415).end();
        return;
      }
      take(req.method ?? '', path, req.headers['content-type'] ?? '', body).then(
        () => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'),
        (e: unknown) => {
          problems.push(`${req.method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
          res.writeHead(400).end();
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    runs,
    problems,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
