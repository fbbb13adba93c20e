/**
 * The one error table of the API: every code the server answers with, its HTTP status, the words
 * for a child's grown-up, and what the client should do next. The routes, the stream's `error`
 * event and the page all read it; nothing else spells these out.
 */
import table from './errors.json' with { type: 'json' };

export interface ErrorInfo {
  status: number;
  message: string;
  /** `retry`: the same request may work in a moment; `please_start_new_session`: only a new one helps. */
  action?: 'retry' | 'please_start_new_session';
}

const ACTIONS: ReadonlySet<string> = new Set(['retry', 'please_start_new_session']);

/** JSON widens `action` to a string: checked once at load, so a typo fails the first test run. */
function checked<T extends Record<string, { status: number; message: string; action?: string }>>(
  t: T,
): { [K in keyof T]: ErrorInfo } {
  for (const [code, info] of Object.entries(t)) {
    if (info.action !== undefined && !ACTIONS.has(info.action))
      throw new Error(`errors.json: ${code}: bad action`);
  }
  return t as { [K in keyof T]: ErrorInfo };
}

/** The table itself is data (errors.json), read by the server and the page. */
export const ERRORS = checked(table);

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBodyShape {
  success: false;
  error: string;
  message: string;
  action?: string;
  retry?: boolean;
}

/** The JSON body for a code; `message` overrides the table's words where a detail helps. */
export function errorBody(code: ErrorCode, message?: string): ErrorBodyShape {
  const info: ErrorInfo = ERRORS[code];
  return {
    success: false,
    error: code,
    message: message ?? info.message,
    ...(info.action ? { action: info.action } : {}),
    ...(info.action === 'retry' ? { retry: true } : {}),
  };
}

/** The status a code is answered with; unknown codes (a newer server) count as server errors. */
export function statusOf(code: string): number {
  return (ERRORS as Record<string, ErrorInfo>)[code]?.status ?? 500;
}
