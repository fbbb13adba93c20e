import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { gamePageUrl } from '../../contract/game-ref.js';
import { ErrorBody, SessionId } from '../../contract/schemas.js';
import { CATALOGUE } from '../../games/catalogue.js';
import { downloadFileName, renderDownloadPage } from '../../games/page.js';
import { GAME_TYPES, GameSpecSchema, type PlaytestRecord, PlaytestRecordSchema } from '../../games/spec.js';
import { inThreadPlaytester, type Playtester } from '../../playtest/index.js';
import { specProblem } from '../../safety/moderate-spec.js';
import { newId } from '../../store/ids.js';
import type { Repository } from '../../store/repository.js';
import { DownloadCache } from '../download-cache.js';
import { sendError } from '../errors.js';
import { RUNTIME_URL, sendGamePage } from './game-page.js';

/**
 * Games as data: list the types, store a validated spec, serve its play page and its download.
 * Thin: validate, call the store, render. The play page carries a strict CSP and the app shows
 * it in `<iframe sandbox="allow-scripts">`.
 */

export interface GamesRoutesOptions {
  repo: Repository;
  /** Plays a posted spec with bots before it is stored (in this thread when not given). */
  playtester?: Playtester;
  /** The built runtime (dist/runtime/game.js), for inlining into downloads. */
  runtimeSource: () => Promise<string>;
  /** Where the play page loads the runtime from (same origin, so the CSP's 'self' allows it). */
  runtimeUrl?: string;
  /** How long a game made outside a conversation is kept (the clean-up deletes it after). */
  openGameTtlMs?: number;
  /** POST /api/games per client per minute. */
  createLimitPerMinute?: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const Issue = z.object({ path: z.string(), message: z.string(), code: z.string() });

// The spec schema trims text with transforms, which a response serializer cannot run backwards;
// the listing describes the example's key fields and passes the rest through as stored.
const ExampleSpec = z.looseObject({ version: z.number(), type: z.enum(GAME_TYPES), title: z.string() });

const CatalogueEntryBody = z.object({
  type: z.enum(GAME_TYPES),
  description: z.string(),
  suits: z.array(z.string()),
  example: ExampleSpec,
});

const GameIdParams = z.object({ game_id: SessionId });

function notFound(reply: FastifyReply) {
  return sendError(reply, 'game_not_found');
}

export async function gamesRoutes(app: FastifyInstance, opts: GamesRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const runtimeUrl = opts.runtimeUrl ?? RUNTIME_URL;
  const downloads = new DownloadCache();

  r.get(
    '/api/game-types',
    {
      schema: {
        tags: ['games'],
        summary: 'The game types, what each suits, and a complete example spec for each',
        response: { 200: z.array(CatalogueEntryBody) },
      },
    },
    async () => CATALOGUE.map((e) => ({ ...e, suits: [...e.suits] })),
  );

  r.post(
    '/api/games',
    {
      schema: {
        tags: ['games'],
        summary: 'Validate and store a GameSpec; returns where to play it and a token to delete it',
        description:
          'A game made outside a conversation is checked like an agent reply, expires after GAME_TTL_DAYS, ' +
          'and can be deleted with the delete_token returned here (DELETE /api/games/:game_id).',
        // Validated in the handler, so a bad spec always answers 422 with zod's issues.
        body: z.unknown(),
        querystring: z.object({
          // Bots play every spec first and it is tuned to be worth two minutes; `tune=false` keeps
          // the numbers as written (a designer testing a layout) and only records the outcome.
          tune: z.enum(['true', 'false']).default('true'),
        }),
        response: {
          201: z.object({
            success: z.literal(true),
            game_id: z.string(),
            url: z.string(),
            delete_token: z.string(),
            expires_at: z.string(),
            playtest: PlaytestRecordSchema,
          }),
          400: ErrorBody.extend({ issues: z.array(Issue).optional() }),
          422: ErrorBody.extend({ issues: z.array(Issue).optional() }),
          503: ErrorBody,
        },
      },
      // Its own, tighter limit: anyone can post here, unlike a conversation's paced messages.
      config: { rateLimit: { max: opts.createLimitPerMinute ?? 20, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const parsed = GameSpecSchema.safeParse(req.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
          code: i.code,
        }));
        const first = issues[0];
        const invalidText = issues.some((i) => i.message.startsWith('invalid_text'));
        return sendError(
          reply,
          invalidText ? 'invalid_text' : 'invalid_game_spec',
          `That game spec is not valid${first ? `: ${first.path || 'spec'}: ${first.message}` : ''}.`,
          { issues },
        );
      }
      if (specProblem(parsed.data)) return sendError(reply, 'unsuitable_content');
      const id = newId();
      const token = randomBytes(24).toString('base64url');
      // Played by bots (and tuned, unless asked not to) before it is stored, as agents' games are.
      const playtester = opts.playtester ?? inThreadPlaytester;
      // Behind children's games, in a bounded queue: when it is full, 503 `playtest_busy`.
      const spec = await playtester.playtested(parsed.data, {
        tune: req.query.tune !== 'false',
        lane: 'posted',
      });
      const game = await opts.repo.saveGame({
        id,
        sessionId: null,
        spec,
        deleteTokenHash: hashToken(token),
      });
      return reply.status(201).send({
        success: true as const,
        game_id: id,
        url: gamePageUrl(id),
        delete_token: token,
        expires_at: new Date(
          game.createdAt.getTime() + (opts.openGameTtlMs ?? 30 * 86_400_000),
        ).toISOString(),
        playtest: spec.playtest as PlaytestRecord,
      });
    },
  );

  r.delete(
    '/api/games/:game_id',
    {
      schema: {
        tags: ['games'],
        summary: 'Delete a game made with POST /api/games, with its delete token as a bearer token',
        params: GameIdParams,
        response: { 200: z.object({ success: z.literal(true), deleted: z.literal(true) }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      // Wrong token, no token, a conversation's game or no such game: all the same 404.
      if (!token || !(await opts.repo.deleteOpenGame(req.params.game_id, hashToken(token)))) {
        return notFound(reply);
      }
      return { success: true as const, deleted: true as const };
    },
  );

  r.get(
    '/api/games/:game_id',
    { schema: { tags: ['games'], summary: 'The play page (HTML) for a stored game', params: GameIdParams } },
    async (req, reply) => {
      const game = await opts.repo.getGame(req.params.game_id);
      if (!game) return notFound(reply);
      return sendGamePage(reply, game.spec, runtimeUrl);
    },
  );

  r.get(
    '/api/games/:game_id/download',
    {
      schema: {
        tags: ['games'],
        summary: 'One self-contained HTML file (runtime inlined) that plays offline',
        params: GameIdParams,
      },
    },
    async (req, reply) => {
      const game = await opts.repo.getGame(req.params.game_id);
      if (!game) return notFound(reply);
      const runtime = await opts.runtimeSource();
      // A stored game never changes under its id and version: its download is rendered once.
      const html = downloads.get(`${game.id}:${game.version}`, () => renderDownloadPage(game.spec, runtime));
      return reply
        .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' })
        .header('content-disposition', `attachment; filename="${downloadFileName(game.spec)}"`)
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );
}
