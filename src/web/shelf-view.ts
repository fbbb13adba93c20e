import { decoration, el } from './dom.js';
import type { MyGame } from './my-games.js';

/**
 * "My games": the games made on this device, as big buttons (newest first) in the welcome area,
 * so a child can play one again after a reload, in a new tab or after "Make another game".
 */

export interface ShelfView {
  /** Shows the games (hidden when there are none); `current` is the conversation on screen. */
  show(games: readonly MyGame[], current: string | null): void;
}

export function createShelfView(root: HTMLElement, onOpen: (sessionId: string) => void): ShelfView {
  const list = root.querySelector('.shelf-list') as HTMLElement;
  return {
    show(games, current) {
      const others = games.filter((g) => g.sessionId !== current && g.title);
      root.hidden = others.length === 0;
      list.replaceChildren(
        ...others.map((g) => {
          const li = el('li', 'shelf-item');
          const b = el('button', 'action shelf-game');
          b.type = 'button';
          b.dataset.session = g.sessionId;
          // The title is the game's own (book words, a child's names): text only.
          b.append(decoration('shelf-icon', '🎮'), el('span', 'shelf-name', g.title ?? ''));
          b.addEventListener('click', () => onOpen(g.sessionId));
          li.append(b);
          return li;
        }),
      );
    },
  };
}
