import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>` (Prometheus:
 * `authorization: {credentials: ...}`). Compared in constant time, over hashes so that the length
 * of the token does not show either. Unset: open, as before (then serve it on METRICS_PORT, a port
 * the public cannot reach, or keep it behind the proxy).
 */
export function metricsAuthorized(token: string | undefined, header: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!given) return false;
  const hash = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(hash(given), hash(token));
}
