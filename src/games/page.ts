import { createHash } from 'node:crypto';
import type { GameSpec } from './spec.js';

/**
 * The HTML around a game. The spec only ever enters the page as JSON inside a
 * `<script type="application/json">` block, escaped so no user text can close the block or start
 * markup; the runtime reads it with JSON.parse. v1 string-formatted names into code: never again.
 */

/**
 * The play page's policy: scripts only from our own origin (the runtime), no inline script, no
 * remote anything. Styles stay inline-able for the tiny page style and Phaser's canvas sizing.
 */
export const GAME_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  'media-src data: blob:',
  "connect-src 'none'",
  "font-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** Headers for the play page response (the sessions route serves the same page for v1's /api/game/:id). */
export const GAME_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': GAME_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** JSON that is safe inside a `<script>` element: nothing in it can end the element or open a comment. */
export function escapeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

const PAGE_STYLE =
  'html,body{margin:0;height:100%;background:#10142a;overflow:hidden;touch-action:none;-webkit-user-select:none;user-select:none}' +
  '#game{width:100%;height:100%}' +
  '.game-problem{color:#fff;font:20px system-ui,sans-serif;text-align:center;padding:2em}';

function head(spec: GameSpec, extra = ''): string {
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    extra +
    '<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">' +
    // An empty icon: browsers would otherwise ask for /favicon.ico, which the CSP then reports.
    '<link rel="icon" href="data:,">' +
    `<title>${escapeHtml(spec.title)}</title><style>${PAGE_STYLE}</style></head>`
  );
}

function specBlock(spec: GameSpec): string {
  return `<script id="game-spec" type="application/json">${escapeJsonForScript(spec)}</script>`;
}

/** The page the app shows in its sandboxed iframe; served with GAME_PAGE_CSP as a header. */
export function renderGamePage(spec: GameSpec, opts: { runtimeUrl: string }): string {
  return (
    `${head(spec)}<body><div id="game"></div>${specBlock(spec)}` +
    `<script src="${escapeHtml(opts.runtimeUrl)}"></script></body></html>\n`
  );
}

/**
 * `</script` cannot appear inside an inline script; `<\/script` means the same to JavaScript (in
 * strings, templates and regexes alike) but not to the HTML parser. Likewise `<!--` becomes
 * `\x3C!--`. (The built runtime holds neither today; this keeps it that way after any upgrade.)
 */
export function inlineSafeScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--');
}

/** The content-security-policy for a downloaded file: only the one inlined runtime may run. */
export function downloadCsp(inlinedScript: string): string {
  const hash = createHash('sha256').update(inlinedScript, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'media-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * One self-contained HTML file that plays from disk with no network: the runtime is inlined and
 * pinned by its hash in a meta CSP (frame-ancestors cannot be set from a meta tag, so it is left out).
 */
export function renderDownloadPage(spec: GameSpec, runtimeSource: string): string {
  const script = inlineSafeScript(runtimeSource);
  // The policy holds only quotes, letters and base64; only `"` would need escaping in the attribute.
  const csp = `<meta http-equiv="Content-Security-Policy" content="${downloadCsp(script).replace(/"/g, '&quot;')}">`;
  return `${head(spec, csp)}<body><div id="game"></div>${specBlock(spec)}<script>${script}</script></body></html>\n`;
}

/** A file name for the download: letters, digits and dashes from the title, never empty. */
export function downloadFileName(spec: GameSpec): string {
  const slug = spec.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return `${slug || 'my-game'}.html`;
}
