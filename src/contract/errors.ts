/**
 * The one error table of the API: every code the server answers with, its HTTP status, the words
 * for a child's grown-up, and what the client should do next. The routes, the stream's `error`
 * event and the page all read it; nothing else spells these out.
 */
export interface ErrorInfo {
  status: number;
  message: string;
  /** `retry`: the same request may work in a moment; `please_start_new_session`: only a new one helps. */
  action?: 'retry' | 'please_start_new_session';
}

export const ERRORS = {
  message_required: { status: 400, message: 'Please say or type a message.' },
  invalid_text: {
    status: 400,
    message: 'That text has characters we cannot keep (a NUL or half an emoji). Please try again.',
  },
  invalid_body: { status: 400, message: 'The request body must be a JSON object.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  session_id_required: { status: 400, message: 'A session_id is required. Start a session first.' },
  bad_request: { status: 400, message: 'The request was not valid.' },
  unauthorized: { status: 401, message: 'This needs the admin token.' },
  session_not_found: {
    status: 404,
    message: 'That session was not found or has expired.',
    action: 'please_start_new_session',
  },
  game_not_found: { status: 404, message: 'That game was not found.' },
  not_found: { status: 404, message: 'There is nothing here.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive.', action: 'retry' },
  session_busy: {
    status: 409,
    message: 'Still thinking about your last message. Try again in a moment.',
    action: 'retry',
  },
  message_too_long: { status: 413, message: 'That message is too long. Please send a shorter one.' },
  payload_too_large: { status: 413, message: 'The request is too large.' },
  unsupported_media_type: { status: 415, message: 'Send JSON with content-type application/json.' },
  validation_error: { status: 422, message: 'The request was not valid.' },
  invalid_game_spec: { status: 422, message: 'That game spec is not valid.' },
  unsuitable_content: { status: 422, message: 'That game has words that are not right for children.' },
  rate_limited: {
    status: 429,
    message: 'Lots of messages! Please wait a moment and try again.',
    action: 'retry',
  },
  internal_error: { status: 500, message: 'Something went wrong on our side. Please try again.' },
  model_unavailable: { status: 503, message: 'Our storyteller is resting. Try again soon.', action: 'retry' },
  agent_execution_failed: {
    status: 503,
    message: 'One of the helpers got stuck. Please try that again.',
    action: 'retry',
  },
  service_unavailable: {
    status: 503,
    message: 'We are having a little trouble. Please try again soon.',
    action: 'retry',
  },
  shutting_down: {
    status: 503,
    message: 'We are restarting. Please try again in a moment.',
    action: 'retry',
  },
} as const satisfies Record<string, ErrorInfo>;

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
