import type { FastifyRequest } from 'fastify';

/**
 * The request as a log line shows it: the path without its query string, whose length alone is
 * kept. A query can be a child's words (`/api/books/search?q=…`, unscrubbed), and logs never
 * carry those.
 */
export function requestLogFields(req: FastifyRequest) {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return {
    method: req.method,
    url: q < 0 ? url : url.slice(0, q),
    ...(q < 0 ? {} : { query_chars: url.length - q - 1 }),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
