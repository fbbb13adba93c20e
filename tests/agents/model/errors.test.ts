import { describe, expect, it } from 'vitest';
import {
  describeModelError,
  isAbort,
  isTransient,
  ModelTimeoutError,
  retryAfterMs,
} from '../../../src/agents/model/errors.js';

const withStatus = (status: number, headers?: HeadersInit) =>
  Object.assign(new Error('x'), { status, headers: new Headers(headers) });

describe('model error classification', () => {
  it('retries rate limits, server errors, overload, timeouts and network failures', () => {
    for (const s of [408, 429, 500, 502, 503, 529]) expect(isTransient(withStatus(s)), String(s)).toBe(true);
    expect(isTransient(new ModelTimeoutError('idle', 10))).toBe(true);
    expect(isTransient(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(
      true,
    );
    expect(
      isTransient(
        Object.assign(new Error('Overloaded'), {
          error: { type: 'error', error: { type: 'overloaded_error' } },
        }),
      ),
    ).toBe(true);
  });

  it('does not retry what another try cannot fix', () => {
    for (const s of [400, 401, 403, 404, 422]) expect(isTransient(withStatus(s)), String(s)).toBe(false);
    expect(isTransient(new Error('a bug'))).toBe(false);
  });

  it('reads retry-after in seconds, as a date, and retry-after-ms', () => {
    expect(retryAfterMs(withStatus(429, { 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(withStatus(429, { 'retry-after-ms': '250' }))).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(withStatus(429, { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(withStatus(429))).toBeNull();
    expect(retryAfterMs({ headers: { 'retry-after': '1' } })).toBe(1000);
  });

  it('recognises a cancelled run', () => {
    const c = new AbortController();
    c.abort();
    expect(isAbort(new Error('whatever'), c.signal)).toBe(true);
    expect(isAbort(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbort(withStatus(500))).toBe(false);
  });

  it('describes errors for logs without their messages', () => {
    const secret = Object.assign(new Error('key sk-ant-123 was rejected'), { status: 401 });
    expect(describeModelError(secret)).toBe('http_401');
    expect(describeModelError(new ModelTimeoutError('call', 5))).toBe('timeout_call');
  });
});
