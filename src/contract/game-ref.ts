/**
 * How a stored game is named to a client: the "game ready" shape of `/api/message`'s `game_data`,
 * the stream's `game` event and `/api/session/:id`, and the one place its URLs are built.
 */
export interface GameRef {
  ready: true;
  game_id: string;
  game_title: string;
  game_type: string;
  url: string;
}

export const gamePageUrl = (gameId: string) => `/api/games/${encodeURIComponent(gameId)}`;
export const gameDownloadUrl = (gameId: string) => `${gamePageUrl(gameId)}/download`;

export function gameRef(game: { id: string; type: string; spec: { title: string } }): GameRef {
  return {
    ready: true,
    game_id: game.id,
    game_title: game.spec.title,
    game_type: game.type,
    url: gamePageUrl(game.id),
  };
}
