import { type GameRef, gameDownloadUrl } from '../contract/game-ref.js';
import type { GameAsk } from './game-ask.js';

/**
 * The finished game, in the page: a sandboxed frame (scripts only: no same-origin, no forms, no
 * pop-ups, no top navigation), big, with Play again, Make another game, Download and Full screen.
 *
 * A game's page is loaded out of sight and only shown once it has loaded, so the child never looks
 * at an empty black frame: behind the build checklist for a new game, behind the running game for
 * Play again.
 */

export interface GamePanel {
  /**
   * Loads the game's page in a fresh, invisible frame; resolves once it has loaded, when it replaces
   * the old frame. A frame reports `load` for every finished answer, an error page included.
   */
  load(game: GameRef): Promise<void>;
  /** Shows the panel (its loaded game). Until then a panel that is loading stays out of sight. */
  reveal(): void;
  /** Out of sight and reach again (a new build covers the old game). */
  conceal(): void;
  hide(): void;
  /** The game loaded or loading. */
  readonly current: GameRef | null;
}

/** The runtime's report of the level reached (see runtime/main.ts reportLevels). */
function levelOf(data: unknown): number | null {
  const d = data as { type?: unknown; level?: unknown } | null;
  return d?.type === 'gamemaker:level' && Number.isInteger(d.level) ? (d.level as number) : null;
}

export function createGamePanel(root: HTMLElement, onNewGame: () => void, asker: GameAsk): GamePanel {
  const title = root.querySelector('#game-title') as HTMLElement;
  const holder = root.querySelector('.game-frame') as HTMLElement;
  const download = root.querySelector('#download') as HTMLAnchorElement;
  const playAgain = root.querySelector('#play-again') as HTMLButtonElement;
  const newGame = root.querySelector('#new-game') as HTMLButtonElement;
  let current: GameRef | null = null;
  /** The level the game on screen has reached, as its frame reports it. */
  let reached = 1;
  /** The newest frame: an older one that finishes loading later must not replace it. */
  let latest: HTMLIFrameElement | null = null;
  /**
   * Frames still loading, and how to end the wait for each. A frame taken out of the page never
   * reports `load`, so its wait ends when it is replaced or the panel is emptied.
   */
  const waiting = new Map<HTMLIFrameElement, () => void>();

  function removeFrame(frame: HTMLIFrameElement) {
    frame.remove();
    waiting.get(frame)?.();
    waiting.delete(frame);
  }

  function setState(state: 'loading' | 'ready') {
    root.dataset.state = state;
    // Out of sight is also out of reach: no focus, no screen reader, no taps on a half-loaded game.
    root.inert = state === 'loading';
  }

  // A fresh frame each time: reloading a cross-origin (sandboxed) frame from outside is not allowed.
  function mountFrame(game: GameRef, level = 1): Promise<void> {
    const frame = document.createElement('iframe');
    reached = level;
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('allow', 'autoplay');
    frame.title = `Your game: ${game.game_title}`;
    frame.className = 'is-loading';
    latest = frame;
    const loaded = new Promise<boolean>((resolve) => {
      waiting.set(frame, () => resolve(false));
      frame.addEventListener(
        'load',
        () => {
          waiting.delete(frame);
          resolve(true);
        },
        { once: true },
      );
    });
    frame.src = level > 1 ? `${game.url}#level=${level}` : game.url;
    holder.append(frame);
    return loaded.then((ok) => {
      if (!ok || latest !== frame) return;
      for (const old of holder.querySelectorAll('iframe')) if (old !== frame) removeFrame(old);
      frame.classList.remove('is-loading');
    });
  }

  // The first tap anywhere on the game's area sends keyboard focus into it, so arrows and Space
  // play the game instead of scrolling the page.
  holder.addEventListener('pointerdown', () =>
    holder.querySelector<HTMLIFrameElement>('iframe:not(.is-loading)')?.focus(),
  );

  window.addEventListener('message', (e) => {
    const level = levelOf(e.data);
    // Only the game on screen speaks for itself (a sandboxed frame has no origin to check).
    if (level !== null && latest && e.source === latest.contentWindow) reached = level;
  });

  function replay(game: GameRef, level: number) {
    void mountFrame(game, level).then(() =>
      holder.querySelector<HTMLIFrameElement>('iframe:not(.is-loading)')?.focus(),
    );
  }

  // Play again from level 1 would throw away the levels won: past level 1 the child chooses.
  playAgain.addEventListener('click', () => {
    const game = current;
    if (!game) return;
    const level = reached;
    if (level <= 1) return replay(game, 1);
    asker.ask(`Go on from level ${level}, or start again at level 1?`, [
      { emoji: '▶️', label: `Go on from level ${level}`, run: () => replay(game, level) },
      { emoji: '🔁', label: 'Start at level 1', run: () => replay(game, 1) },
    ]);
  });
  // A new game ends this conversation: asked first, and the child hears that this game is kept.
  newGame.addEventListener('click', () => {
    if (!current) return onNewGame();
    asker.ask(`Make a new game? ${current.game_title} stays on your My games shelf.`, [
      { emoji: '✨', label: 'Yes, a new game', run: onNewGame },
      { emoji: '🎮', label: 'Keep playing', run: () => undefined },
    ]);
  });

  return {
    get current() {
      return current;
    },
    load(game) {
      current = game;
      title.textContent = game.game_title;
      download.href = gameDownloadUrl(game.game_id);
      download.setAttribute(
        'download',
        `${game.game_title.replace(/[^\w -]+/g, '').trim() || 'my-game'}.html`,
      );
      if (root.hidden) setState('loading');
      root.hidden = false;
      return mountFrame(game);
    },
    reveal() {
      root.hidden = false;
      setState('ready');
    },
    conceal() {
      setState('loading');
    },
    hide() {
      asker.close();
      current = null;
      latest = null;
      for (const frame of holder.querySelectorAll('iframe')) removeFrame(frame);
      root.hidden = true;
      setState('loading');
    },
  };
}
