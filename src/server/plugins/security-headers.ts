import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The policy of every response that does not bring its own: JSON, errors, the API docs. The app
 * page, the admin page and a game's play page each set a stricter one (static-assets.ts,
 * games/page.ts), which replaces this one. Styles may be inline only here, for the API docs' UI.
 */
const DEFAULT_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Security headers from helmet for every response, the streams' included (set on the raw response). */
async function securityHeaders(app: FastifyInstance) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DEFAULT_CSP_DIRECTIVES },
    // Games play in `<iframe sandbox="allow-scripts">`, an opaque origin: a same-origin resource
    // policy would stop such a frame loading /runtime/game.js.
    crossOriginResourcePolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export const securityHeadersPlugin = fp(securityHeaders, { name: 'gm-security-headers' });
