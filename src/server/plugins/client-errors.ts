import type { Socket } from 'node:net';
import { type ErrorCode, errorBody, statusOf } from '../../contract/errors.js';

/** Node's parser errors (before Fastify sees a request) by the code our contract names them. */
const PARSER_CODES: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'headers_too_large',
};

const REASONS: Record<number, string> = { 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (malformed, or headers
 * too large) is answered in the API's JSON error shape, as every other error is, then closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset leaves no one to answer.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(err);
    return;
  }
  // A request still arriving after REQUEST_TIMEOUT_MS (a body dribbled a byte at a time): 408.
  const code: ErrorCode =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'request_timeout'
      : (PARSER_CODES[err.code ?? ''] ?? 'bad_request');
  const body = JSON.stringify(errorBody(code));
  const status = statusOf(code);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}
