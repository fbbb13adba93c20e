import { decoration, el } from './dom.js';

/**
 * A question under the game with two big answers, for the taps that would lose something
 * ("Make another game": is the child sure? "Play again": from level 1 or from the level reached?).
 * Inline, not a browser dialog: it can be read aloud, is child-sized, and never blocks the game.
 */

export interface AskChoice {
  label: string;
  emoji: string;
  run: () => void;
}

export interface GameAsk {
  ask(question: string, choices: readonly AskChoice[]): void;
  close(): void;
  readonly open: boolean;
}

export function createGameAsk(root: HTMLElement, say: (text: string) => void): GameAsk {
  const text = root.querySelector('.game-ask-text') as HTMLElement;
  const row = root.querySelector('.game-ask-choices') as HTMLElement;
  function close() {
    root.hidden = true;
    row.replaceChildren();
  }
  return {
    ask(question, choices) {
      text.textContent = question;
      row.replaceChildren(
        ...choices.map((c) => {
          const b = el('button', 'action game-ask-choice');
          b.type = 'button';
          b.append(decoration('', c.emoji), el('span', '', c.label));
          b.addEventListener('click', () => {
            close();
            c.run();
          });
          return b;
        }),
      );
      root.hidden = false;
      root.scrollIntoView({ block: 'nearest' });
      row.querySelector('button')?.focus();
      say(question);
    },
    close,
    get open() {
      return !root.hidden;
    },
  };
}
