import type { FastifyInstance } from 'fastify';

/**
 * Fastify's JSON parser (with its prototype-poisoning protection), except that an empty body is
 * allowed: the v1 front end posts `start_session` with a JSON content type and no body.
 */
export function allowEmptyJsonBodies(app: FastifyInstance) {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return strict(req, String(body), done);
  });
}

/**
 * JSON only: Fastify's built-in `text/plain` parser handed a string to routes that validate an
 * object, so a text body answered 400 `invalid_body`. Without it, 415 `unsupported_media_type`.
 */
export function refuseTextBodies(app: FastifyInstance) {
  app.removeContentTypeParser('text/plain');
}
