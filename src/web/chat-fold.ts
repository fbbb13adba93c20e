/**
 * On a tablet or a phone the game needs the screen: when a game is ready the conversation and the
 * composer fold away into one small bar ("Talk to the helpers"), and one tap on it brings them back.
 * "Bigger game" folds them again. On a big screen with a mouse both stay side by side.
 */

export interface ChatFold {
  /** A game is on screen: fold the chat where the screen is small or touched. */
  gameShown(): void;
  /** Bring the chat back (the bar's tap). */
  unfold(): void;
  /** No game any more: the chat as it was, and nothing to fold. */
  reset(): void;
}

/** Touch screens (an iPad) and narrow windows: here a game beside or above the chat is too small. */
const FOLDS = '(pointer: coarse), (max-width: 899px)';

export function createChatFold(
  openBtn: HTMLButtonElement,
  hideBtn: HTMLButtonElement,
  onOpen: () => void,
): ChatFold {
  const bar = openBtn.closest('.chat-bar') as HTMLElement;
  const body = document.body;

  function fold(on: boolean) {
    body.classList.toggle('chat-folded', on);
    bar.hidden = !on;
    hideBtn.hidden = on || !body.classList.contains('can-fold');
  }

  openBtn.addEventListener('click', () => {
    fold(false);
    onOpen();
  });
  hideBtn.addEventListener('click', () => fold(true));

  return {
    gameShown() {
      const folds = window.matchMedia(FOLDS).matches;
      body.classList.toggle('can-fold', folds);
      fold(folds);
    },
    unfold() {
      fold(false);
    },
    reset() {
      body.classList.remove('can-fold');
      fold(false);
    },
  };
}
