/**
 * "Full screen" for the game: the Fullscreen API on the game's container where the browser has it
 * (iPadOS Safari with its `webkit` prefix), and otherwise (an iPhone, a browser that refuses) the
 * container filling the page's viewport with CSS. The same button leaves either mode; so does Esc.
 */

export interface FullscreenToggle {
  readonly active: boolean;
  exit(): void;
}

interface WebkitElement {
  webkitRequestFullscreen?: () => Promise<void> | undefined;
}
interface WebkitDocument {
  webkitFullscreenElement?: Element | null;
  webkitExitFullscreen?: () => Promise<void> | undefined;
  webkitFullscreenEnabled?: boolean;
}

const fullscreenElement = () =>
  document.fullscreenElement ?? (document as WebkitDocument).webkitFullscreenElement ?? null;

function requestFor(el: HTMLElement): (() => Promise<void>) | null {
  const doc = document as Document & WebkitDocument;
  if (typeof el.requestFullscreen === 'function' && doc.fullscreenEnabled !== false) {
    return () => el.requestFullscreen({ navigationUI: 'hide' });
  }
  const webkit = (el as HTMLElement & WebkitElement).webkitRequestFullscreen;
  if (typeof webkit === 'function' && doc.webkitFullscreenEnabled !== false) {
    return async () => {
      await webkit.call(el);
    };
  }
  return null;
}

export function createFullscreenToggle(button: HTMLButtonElement, target: HTMLElement): FullscreenToggle {
  const label = button.querySelector('.fullscreen-label') as HTMLElement;
  const icon = button.querySelector('.fullscreen-icon') as HTMLElement;
  let filled = false;

  const isActive = () => filled || fullscreenElement() === target;

  function show() {
    const on = isActive();
    button.setAttribute('aria-pressed', String(on));
    label.textContent = on ? 'Exit full screen' : 'Full screen';
    icon.textContent = on ? '↩️' : '🔲';
    target.classList.toggle('is-fullscreen', on);
    document.body.classList.toggle('game-fullscreen', on);
  }

  function fill(on: boolean) {
    filled = on;
    target.classList.toggle('is-filled', on);
    show();
  }

  function focusGame() {
    target.querySelector<HTMLIFrameElement>('iframe:not(.is-loading)')?.focus();
  }

  async function enter() {
    const request = requestFor(target);
    if (request) {
      try {
        await request();
        focusGame();
        return;
      } catch {
        // Refused (no user gesture left, a permissions policy): the CSS mode still helps.
      }
    }
    fill(true);
    focusGame();
  }

  function exit() {
    if (filled) fill(false);
    if (fullscreenElement() === target) {
      const doc = document as Document & WebkitDocument;
      const leave = doc.exitFullscreen?.bind(doc) ?? doc.webkitExitFullscreen?.bind(doc);
      void Promise.resolve(leave?.()).catch(() => {});
    }
  }

  button.addEventListener('click', () => {
    if (isActive()) exit();
    else void enter();
  });
  for (const ev of ['fullscreenchange', 'webkitfullscreenchange']) document.addEventListener(ev, show);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && filled) fill(false);
  });
  show();

  return {
    get active() {
      return isActive();
    },
    exit,
  };
}
