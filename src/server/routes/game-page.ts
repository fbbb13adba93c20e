import type { FastifyReply } from 'fastify';
import { GAME_PAGE_HEADERS, renderGamePage } from '../../games/page.js';
import type { GameSpec } from '../../games/spec.js';

/** Where a play page loads the runtime from (same origin, so the page's CSP 'self' allows it). */
export const RUNTIME_URL = '/runtime/game.js';

/** A game's play page, with the same headers whichever route serves it (by game or by session). */
export function sendGamePage(reply: FastifyReply, spec: GameSpec, runtimeUrl = RUNTIME_URL) {
  return reply
    .headers(GAME_PAGE_HEADERS)
    .type('text/html; charset=utf-8')
    .send(renderGamePage(spec, { runtimeUrl }));
}
