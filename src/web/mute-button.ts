import { sessionStore } from './session-store.js';
import type { Speaker } from './voice-output.js';

/**
 * The header's Mute: a toggle that keeps one name ("Mute"); its pressed state and icon say whether
 * the voices are off. Remembered for the tab.
 */
export function createMuteButton(btn: HTMLButtonElement, speaker: Speaker): void {
  const icon = btn.querySelector('.mute-icon') as HTMLElement;
  function show() {
    btn.setAttribute('aria-pressed', String(speaker.muted));
    icon.textContent = speaker.muted ? '🔇' : '🔊';
  }
  btn.addEventListener('click', () => {
    speaker.setMuted(!speaker.muted);
    sessionStore.muted = speaker.muted;
    show();
  });
  show();
}
