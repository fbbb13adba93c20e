import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ModelRateLimitedError, ModelUnavailableError } from '../agents/model/errors.js';
import { RateLimitedError } from '../cache/rate-limit-store.js';
import { GameNotFoundError, SessionBusyError, SessionNotFoundError } from '../sessions/errors.js';
import { StoreUnavailableError } from '../store/repository.js';

/**
 * Every error leaves as JSON `{success: false, error: <code>, message: <for humans>}` with the
 * right status. Bad input is never a 500, and no stack trace or exception text ever leaves.
 */
export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .status(status)
    .type('application/json')
    .send({ success: false, error, message, ...extra });
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { issue?: { code?: string; origin?: string; minimum?: number } };
}

/** Turns a request validation failure into the most specific code we can name. */
function mapValidation(issues: ValidationIssue[], context: string | undefined) {
  const first = issues[0] ?? {};
  const path = (first.instancePath ?? '').replace(/^\//, '');
  const code = first.params?.issue?.code ?? first.keyword;
  if (context === 'body' && path === 'message') {
    if (code === 'too_big') {
      return {
        status: 413,
        error: 'message_too_long',
        message: 'That message is too long. Please send a shorter one.',
      };
    }
    return { status: 400, error: 'message_required', message: 'Please say or type a message.' };
  }
  if (context === 'body' && path === '' && code === 'invalid_type') {
    return { status: 400, error: 'invalid_body', message: 'The request body must be a JSON object.' };
  }
  if (context === 'body' && path === 'session_id') {
    return {
      status: 400,
      error: 'session_id_required',
      message: 'A session_id is required. Start a session first.',
    };
  }
  return {
    status: 422,
    error: 'validation_error',
    message: `Invalid ${context ?? 'request'}${path ? ` field "${path}"` : ''}: ${first.message ?? 'not valid'}`,
  };
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const m = mapValidation(err.validation as ValidationIssue[], err.validationContext);
      return sendError(reply, m.status, m.error, m.message);
    }
    if (err instanceof SessionNotFoundError) {
      return sendError(reply, 404, 'session_not_found', 'That session was not found or has expired.', {
        action: 'please_start_new_session',
      });
    }
    if (err instanceof GameNotFoundError) {
      return sendError(reply, 404, 'game_not_found', 'That game was not found.');
    }
    if (err instanceof SessionBusyError) {
      return sendError(
        reply,
        409,
        'session_busy',
        'Still thinking about your last message. Try again in a moment.',
        {
          action: 'retry',
        },
      );
    }
    // Too many requests from one client (the API's own rate limit).
    if (err instanceof RateLimitedError) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
      return sendError(reply, 429, 'rate_limited', 'Lots of messages! Please wait a moment and try again.', {
        action: 'retry',
      });
    }
    // Only when LLM_FALLBACK=false: otherwise the offline brain answers while the model is away.
    if (err instanceof ModelRateLimitedError) {
      reply.header('retry-after', String(Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000))));
      return sendError(reply, 429, 'rate_limited', 'Lots of children are making games. Try again soon.', {
        action: 'retry',
      });
    }
    if (err instanceof ModelUnavailableError) {
      reply.header('retry-after', '30');
      return sendError(reply, 503, 'model_unavailable', 'Our storyteller is resting. Try again soon.', {
        action: 'retry',
      });
    }
    if (err instanceof StoreUnavailableError) {
      reply.header('retry-after', '5');
      return sendError(
        reply,
        503,
        'service_unavailable',
        'We are having a little trouble. Please try again soon.',
        {
          action: 'retry',
        },
      );
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 400, 'invalid_json', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, 'payload_too_large', 'The request is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(
          reply,
          415,
          'unsupported_media_type',
          'Send JSON with content-type application/json.',
        );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // JSON.parse failures from our own body parser arrive as SyntaxError with statusCode 400.
      const code = err instanceof SyntaxError ? 'invalid_json' : 'bad_request';
      const message =
        err instanceof SyntaxError ? 'The request body is not valid JSON.' : 'The request was not valid.';
      return sendError(reply, err.statusCode, code, message);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Something went wrong on our side. Please try again.');
  });

  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, 'not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`),
  );
}
