import type { AnalyticsReport } from '../contract/analytics-report.js';

/** What asking for the figures came to; the page shows each case in its own words. */
export type ReportResult =
  | { kind: 'ok'; report: AnalyticsReport }
  | { kind: 'unauthorized' }
  | { kind: 'disabled' }
  | { kind: 'failed'; message: string };

/** GET /api/analytics with the token as a bearer header; same origin only, never cached. */
export async function fetchReport(token: string): Promise<ReportResult> {
  let res: Response;
  try {
    res = await fetch('/api/analytics', {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return {
      kind: 'failed',
      message: 'The server could not be reached. Check the connection and try again.',
    };
  }
  if (res.status === 401) return { kind: 'unauthorized' };
  if (res.status === 404) return { kind: 'disabled' };
  const body = (await res.json().catch(() => null)) as
    | (AnalyticsReport & { success: true })
    | { success: false; message?: string }
    | null;
  if (res.ok && body?.success) return { kind: 'ok', report: body };
  const detail = body && !body.success && body.message ? ` ${body.message}` : '';
  return { kind: 'failed', message: `The figures could not be loaded (HTTP ${res.status}).${detail}` };
}
