/**
 * What a log line may say about an error: its kind, its code and the first words of its message,
 * never the values it carried. Database errors hold the query's parameters (a child's words, the
 * whole session state) in their message, `params`, `query` and `cause`; they stop here.
 */
export interface SafeError {
  [key: string]: unknown;
  type: string;
  code?: string | number;
  /** The words before any quoted data; empty when the message starts with data. */
  message: string;
  stack: string;
  cause?: SafeError;
}

// Text from here on in an error message quotes data: drizzle ("Failed query: … params: …"),
// PostgreSQL ("Key (id)=(…)", "DETAIL: …"), JSON parse errors ("… in JSON at position …").
const DATA_MARKERS = /\b(params|parameters|query|detail|key|values?)\s*[:=(]|"|'|`|\n/i;

function safeMessage(message: unknown): string {
  if (typeof message !== 'string' || !message) return '';
  const cut = message.search(DATA_MARKERS);
  const kept = (cut >= 0 ? message.slice(0, cut) : message).trim();
  // code-unit-safe: cut at an ASCII marker (never inside a surrogate pair), then by code points.
  return Array.from(kept).slice(0, 120).join('');
}

export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: '', stack: '' };
  const code = (err as { code?: unknown }).code;
  // Frames only: the stack's first lines repeat the (possibly multi-line) message.
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const out: SafeError = {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: safeMessage(err.message),
    stack: frames.slice(0, 8).join('\n'),
  };
  if (err.cause !== undefined && depth < 3) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** pino serializers for every logger the app makes: `err` and `error` are made safe. */
export const LOG_SERIALIZERS = { err: safeError, error: safeError };
