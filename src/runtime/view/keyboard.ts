import type { Input } from '../logic/world.js';

/**
 * Keys are read straight from window events rather than Phaser's keyboard plugin: state changes
 * the moment a key goes down, so tests that press a key and advance time are deterministic, and
 * keys work whichever element has focus inside the iframe.
 */

const MOVES: Record<string, 'left' | 'right' | 'up' | 'down'> = {
  ArrowLeft: 'left',
  KeyA: 'left',
  ArrowRight: 'right',
  KeyD: 'right',
  ArrowUp: 'up',
  KeyW: 'up',
  ArrowDown: 'down',
  KeyS: 'down',
};

export function bindKeyboard(input: Input, onAction: () => void, onAnyKey: () => void): () => void {
  const down = (e: KeyboardEvent) => {
    onAnyKey();
    const move = MOVES[e.code];
    if (move) {
      input[move] = true;
      input.target = null;
      e.preventDefault();
    } else if (e.code === 'Space' || e.code === 'Enter') {
      if (e.code === 'Space') input.jump = true;
      e.preventDefault();
      if (!e.repeat) onAction();
    }
  };
  const up = (e: KeyboardEvent) => {
    const move = MOVES[e.code];
    if (move) input[move] = false;
    if (e.code === 'Space') input.jump = false;
  };
  // Letting go of everything when the page loses focus avoids a hero that runs on forever.
  const blur = () => {
    input.left = input.right = input.up = input.down = input.jump = false;
  };
  window.addEventListener('keydown', down);
  window.addEventListener('keyup', up);
  window.addEventListener('blur', blur);
  return () => {
    window.removeEventListener('keydown', down);
    window.removeEventListener('keyup', up);
    window.removeEventListener('blur', blur);
  };
}
