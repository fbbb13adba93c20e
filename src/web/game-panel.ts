import type { GameData } from './api.js';

/**
 * The finished game, in the page: a sandboxed frame (scripts only: no same-origin, no forms, no
 * pop-ups, no top navigation), big, with Play again, Make another game and Download.
 */

export interface GamePanel {
  show(game: GameData): void;
  hide(): void;
  readonly current: GameData | null;
}

export function createGamePanel(root: HTMLElement, onNewGame: () => void): GamePanel {
  const title = root.querySelector('#game-title') as HTMLElement;
  const holder = root.querySelector('.game-frame') as HTMLElement;
  const download = root.querySelector('#download') as HTMLAnchorElement;
  const playAgain = root.querySelector('#play-again') as HTMLButtonElement;
  const newGame = root.querySelector('#new-game') as HTMLButtonElement;
  let current: GameData | null = null;

  // A fresh frame each time: reloading a cross-origin (sandboxed) frame from outside is not allowed.
  function mountFrame(game: GameData) {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('allow', 'autoplay');
    frame.title = `Your game: ${game.game_title}`;
    frame.src = game.url;
    holder.replaceChildren(frame);
    return frame;
  }

  // The first tap anywhere on the game's area sends keyboard focus into it, so arrows and Space
  // play the game instead of scrolling the page.
  holder.addEventListener('pointerdown', () => holder.querySelector('iframe')?.focus());

  playAgain.addEventListener('click', () => {
    if (!current) return;
    mountFrame(current).focus();
  });
  newGame.addEventListener('click', onNewGame);

  return {
    get current() {
      return current;
    },
    show(game) {
      const same = current?.game_id === game.game_id;
      current = game;
      title.textContent = game.game_title;
      download.href = `${game.url}/download`;
      download.setAttribute(
        'download',
        `${game.game_title.replace(/[^\w -]+/g, '').trim() || 'my-game'}.html`,
      );
      root.hidden = false;
      if (!same || !holder.querySelector('iframe')) mountFrame(game);
    },
    hide() {
      current = null;
      holder.replaceChildren();
      root.hidden = true;
    },
  };
}
