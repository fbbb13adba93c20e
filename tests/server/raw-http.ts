import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One request written byte for byte on a fresh socket (`Connection: close`), for request targets
 * that fetch and undici normalise away: percent-encoded, absolute-form, dot segments, `//`.
 */
export function rawHttp(
  port: number,
  method: string,
  target: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    ...(opts.body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(opts.body)) }
      : {}),
    ...opts.headers,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(parse(Buffer.concat(chunks).toString('utf8'))));
    socket.write(`${method} ${target} HTTP/1.1\r\n${head}\r\n${opts.body ?? ''}`);
  });
}

function parse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end < 0 ? text.length : end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: end < 0 ? '' : text.slice(end + 4) };
}

/** The routes `printRoutes({commonPrefix: false})` draws, as full patterns with their methods. */
export function routesOf(tree: string): { url: string; methods: string[] }[] {
  const stack: string[] = [];
  const out: { url: string; methods: string[] }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ├└─]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4 - 1;
    stack.length = depth;
    stack.push(m[2] ?? '');
    out.push({ url: stack.join(''), methods: (m[3] ?? '').split(', ') });
  }
  return out;
}
