/**
 * The grown-ups' "Forget our chat": small, and two taps. The first only asks ("Tap again to forget
 * everything") for a few seconds; a second tap in that time confirms. A tap that follows the first
 * too quickly (a double tap, a child mashing the screen) does not count as the second.
 */

export const ARM_MS = 4000;
/** Taps closer than this to the first one are ignored: a deliberate second tap takes a moment. */
export const SETTLE_MS = 500;

export interface ForgetButton {
  setDisabled(disabled: boolean): void;
  disarm(): void;
}

export function createForgetButton(btn: HTMLButtonElement, onConfirm: () => void): ForgetButton {
  const label = btn.querySelector('.forget-label') as HTMLElement;
  const idleText = label.textContent ?? 'Forget our chat';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;

  function disarm() {
    clearTimeout(timer);
    clearTimeout(settle);
    timer = undefined;
    btn.classList.remove('is-armed', 'is-confirmable');
    label.textContent = idleText;
  }

  function arm() {
    btn.classList.add('is-armed');
    label.textContent = 'Tap again to forget everything';
    // Shown as a state (not only kept as a time) so that what the page does can be seen and waited on.
    settle = setTimeout(() => btn.classList.add('is-confirmable'), SETTLE_MS);
    timer = setTimeout(disarm, ARM_MS);
  }

  btn.addEventListener('click', () => {
    if (btn.disabled) return;
    if (timer === undefined) arm();
    else if (btn.classList.contains('is-confirmable')) {
      disarm();
      onConfirm();
    }
  });
  btn.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') disarm();
  });

  return {
    setDisabled(disabled) {
      if (disabled) disarm();
      btn.disabled = disabled;
    },
    disarm,
  };
}
