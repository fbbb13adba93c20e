import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ADMIN_DIR, RUNTIME_DIR, WEB_DIR } from '../paths.js';

/** The app page's policy: our own origin only, games in sandboxed frames from the same server. */
export const APP_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The admin page's policy: like the app page's, without frames or media, and no form may submit
 * anywhere (the token form is handled by script; if that failed, the token must not go in a URL).
 */
export const ADMIN_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built page (dist/web) at /, the game runtime (dist/runtime) at /runtime/ and the
 * operators' analytics page (dist/admin) at /admin/.
 */
export async function staticAssets(app: FastifyInstance) {
  if (!existsSync(join(WEB_DIR, 'index.html')) || !existsSync(join(RUNTIME_DIR, 'game.js'))) {
    app.log.warn('built assets are missing: run `npm run build` (make start does it)');
  }
  await app.register(fastifyStatic, {
    root: RUNTIME_DIR,
    prefix: '/runtime/',
    decorateReply: false,
    maxAge: '1h',
  });
  // The page itself holds no data: its figures come from /api/analytics with the admin token.
  await app.register(
    fastifyStatic,
    htmlFolder(ADMIN_DIR, '/admin', ADMIN_PAGE_CSP, { redirect: true, noindex: true }),
  );
  await app.register(fastifyStatic, htmlFolder(WEB_DIR, '/', APP_PAGE_CSP));
}

/** A built page's folder: its HTML under a CSP of its own and never cached stale; assets as they are. */
function htmlFolder(
  root: string,
  prefix: string,
  csp: string,
  opts: { redirect?: boolean; noindex?: boolean } = {},
) {
  return {
    root,
    prefix,
    redirect: opts.redirect ?? false,
    index: ['index.html'],
    decorateReply: false,
    setHeaders: (res: { header(name: string, value: string): void }, path: string) => {
      if (!path.endsWith('.html')) return;
      res.header('content-security-policy', csp);
      res.header('cache-control', 'no-cache');
      if (opts.noindex) res.header('x-robots-tag', 'noindex');
    },
  };
}

let runtimeCache: string | null = null;

/** The runtime bundle's source, for the self-contained download. Read once, then cached. */
export async function readRuntimeSource(): Promise<string> {
  runtimeCache ??= await readFile(join(RUNTIME_DIR, 'game.js'), 'utf8');
  return runtimeCache;
}
