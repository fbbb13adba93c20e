import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorCode, errorBody, statusOf } from '../contract/errors.js';
import { INVALID_TEXT } from '../contract/text.js';
import { own } from '../text/own.js';
import { errorCodeOf, retryAfterSeconds } from './error-codes.js';

/**
 * Every error leaves as JSON `{success: false, error: <code>, message: <for humans>}` with the
 * status of the contract's error table. Bad input is never a 500, and no stack trace or exception
 * text ever leaves.
 */
export function sendError(reply: FastifyReply, code: ErrorCode, message?: string, extra = {}) {
  // Recorded where it is decided, so the error metric counts codes without reading the body back.
  reply.errorCode = code;
  return reply
    .status(statusOf(code))
    .type('application/json')
    .send({ ...errorBody(code, message), ...extra });
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { issue?: { code?: string; origin?: string; minimum?: number } };
}

/** Turns a request validation failure into the most specific code we can name. */
function mapValidation(issues: ValidationIssue[], context: string | undefined): [ErrorCode, string?] {
  if (issues.some((i) => i.message === INVALID_TEXT)) return ['invalid_text'];
  const first = issues[0] ?? {};
  const path = (first.instancePath ?? '').replace(/^\//, '');
  const code = first.params?.issue?.code ?? first.keyword;
  if (context === 'body' && path === 'message') {
    return [code === 'too_big' ? 'message_too_long' : 'message_required'];
  }
  if (context === 'body' && path === '' && code === 'invalid_type') return ['invalid_body'];
  if (context === 'body' && path === 'session_id') return ['session_id_required'];
  return [
    'validation_error',
    `Invalid ${context ?? 'request'}${path ? ` field "${path}"` : ''}: ${first.message ?? 'not valid'}`,
  ];
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

export function registerErrorHandling(app: FastifyInstance) {
  app.decorateReply('errorCode', null);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const [code, message] = mapValidation(err.validation as ValidationIssue[], err.validationContext);
      return sendError(reply, code, message);
    }
    const code = errorCodeOf(err);
    if (code) {
      const wait = retryAfterSeconds(err);
      if (wait !== null) reply.header('retry-after', String(wait));
      return sendError(reply, code);
    }
    const fastifyCode = own(FASTIFY_CODES, err.code);
    if (fastifyCode) return sendError(reply, fastifyCode);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // JSON.parse failures from our own body parser arrive as SyntaxError with statusCode 400.
      if (err instanceof SyntaxError) return sendError(reply, 'invalid_json');
      reply.errorCode = 'bad_request';
      return reply.status(err.statusCode).send(errorBody('bad_request'));
    }
    // Through the logger's err serializer: kind, code and frames, never query values or state.
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal_error');
  });

  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 'not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`),
  );
}

declare module 'fastify' {
  interface FastifyReply {
    /** The error code this reply answers with (set by sendError); null for a success. */
    errorCode: ErrorCode | null;
  }
}
