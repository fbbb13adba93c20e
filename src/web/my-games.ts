/**
 * The conversations this device started, remembered in localStorage so that a new tab, a closed
 * tab or "Make another game" loses nothing: the "My games" shelf lists those that made a game, and
 * "Forget our chat" deletes every one of them on the server. No account: the session ids are the
 * device's only claim, and they never leave it except to ask the server for their own session.
 */

export interface MyGame {
  sessionId: string;
  /** The game's title once one was made (the shelf shows only these). */
  title?: string;
  /** When the conversation began or last made a game (ms): newest first on the shelf. */
  at: number;
}

const KEY = 'gamemaker.mine';
/** Enough for any family; the oldest fall off (the server's retention ends them anyway). */
const MAX = 40;

function read(): MyGame[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((g): g is MyGame => typeof g?.sessionId === 'string' && typeof g?.at === 'number')
      : [];
  } catch {
    return [];
  }
}

function write(list: MyGame[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX)));
  } catch {
    // Private browsing or a full store: the shelf is empty next time, nothing else breaks.
  }
}

function put(entry: MyGame): void {
  const rest = read().filter((g) => g.sessionId !== entry.sessionId);
  write([entry, ...rest].sort((a, b) => b.at - a.at));
}

export const myGames = {
  /** Newest first. */
  all: read,
  /** Only those that made a game, for the shelf. */
  games: (): MyGame[] => read().filter((g) => g.title),
  /** A conversation began on this device. */
  started(sessionId: string): void {
    if (!read().some((g) => g.sessionId === sessionId)) put({ sessionId, at: Date.now() });
  },
  /** Its game is ready (or changed): on the shelf, first. */
  made(sessionId: string, title: string): void {
    put({ sessionId, title, at: Date.now() });
  },
  forget(sessionId: string): void {
    write(read().filter((g) => g.sessionId !== sessionId));
  },
};
