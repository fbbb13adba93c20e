import { createListener, type ListenProblem } from './voice-input.js';

/**
 * The bottom of the page: the big Talk button, the text box and Send. What the microphone hears
 * lands in the text box, where it can be read and fixed; it is sent after a short, visible
 * countdown that "Wait, let me fix it" (or touching the text) stops.
 */

const AUTO_SEND_MS = 1500;

const PROBLEMS: Record<ListenProblem, string> = {
  blocked:
    'The microphone is turned off for this page. A grown-up can allow it in the browser settings. You can type below too!',
  'no-speech': "I didn't hear anything. Tap Talk and try again!",
  'no-microphone': "I can't find a microphone. You can type your answer below.",
  offline: 'Listening needs the internet in this browser. You can type your answer below.',
  unsupported: "This browser can't listen, but you can type your answer below. I'll still talk to you!",
  other: 'Oops, the microphone stopped. Tap Talk to try again.',
};

export interface ComposerHooks {
  /** `spoken`: the words are what the microphone heard, untouched; `typed`: the child wrote (or fixed) them. */
  send(text: string, how: 'typed' | 'spoken'): void;
  /** Called in the tap that starts listening: the app stops talking so the microphone won't hear it. */
  beforeListen(): void;
}

export interface Composer {
  setBusy(busy: boolean): void;
  /** The app is about to speak: stop listening, forget the half-heard words. */
  pauseMic(): void;
  focusText(): void;
  /** The first-look hint has done its job (the child already talked). */
  hideHint(): void;
  reset(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|A|IFRAME|SUMMARY)$/.test(target.tagName);
}

export function createComposer(root: HTMLElement, hooks: ComposerHooks): Composer {
  const talk = root.querySelector('#talk') as HTMLButtonElement;
  const talkLabel = talk.querySelector('.talk-label') as HTMLElement;
  const talkIcon = talk.querySelector('.talk-icon') as HTMLElement;
  const form = root.querySelector('#form') as HTMLFormElement;
  const text = root.querySelector('#text') as HTMLTextAreaElement;
  const sendBtn = root.querySelector('#send') as HTMLButtonElement;
  const status = root.querySelector('#voice-status') as HTMLElement;
  const hint = root.querySelector('#hint') as HTMLElement;
  const auto = root.querySelector('#autosend') as HTMLElement;
  const autoWait = root.querySelector('#autosend-wait') as HTMLButtonElement;
  const autoNow = root.querySelector('#autosend-now') as HTMLButtonElement;

  const listener = createListener(navigator.language || 'en-US');
  let busy = false;
  let autoTimer: ReturnType<typeof setTimeout> | undefined;
  /** The text box holds what was heard, not yet changed by hand. */
  let heardWords = false;

  if (!listener.supported) hint.textContent = '👇 Type the name of your book below and press Send!';

  function say(message: string, tone: 'info' | 'problem' = 'info') {
    status.textContent = message;
    status.classList.toggle('is-problem', tone === 'problem');
  }

  function showListening(on: boolean) {
    talk.classList.toggle('is-listening', on);
    talk.setAttribute('aria-pressed', String(on));
    talkIcon.textContent = on ? '👂' : '🎤';
    talkLabel.textContent = on ? 'Listening…' : 'Talk';
    // The name keeps "Talk" so it is found the same way in both states.
    if (on) talk.setAttribute('aria-label', 'Talk: listening now, tap to stop');
    else talk.removeAttribute('aria-label');
    text.classList.toggle('is-hearing', on);
  }

  function cancelAutoSend() {
    clearTimeout(autoTimer);
    autoTimer = undefined;
    auto.hidden = true;
  }

  function submit() {
    cancelAutoSend();
    const words = text.value.trim();
    if (words === '' || busy) return;
    text.value = '';
    hint.hidden = true;
    say('');
    const how = heardWords ? 'spoken' : 'typed';
    heardWords = false;
    hooks.send(words, how);
  }

  function startAutoSend() {
    cancelAutoSend();
    auto.hidden = false;
    // Restart the bar's animation from empty.
    auto.classList.remove('is-running');
    void auto.offsetWidth;
    auto.classList.add('is-running');
    autoTimer = setTimeout(submit, AUTO_SEND_MS);
  }

  function startListening() {
    cancelAutoSend();
    hooks.beforeListen();
    if (!listener.supported) {
      say(PROBLEMS.unsupported, 'problem');
      text.focus();
      return;
    }
    let problem = false;
    text.value = '';
    hint.hidden = true;
    showListening(true);
    say("I'm listening… 👂 Tell me, then stop for a moment.");
    listener.start({
      onText(heard) {
        text.value = heard;
      },
      onDone(heard) {
        showListening(false);
        if (heard !== '') {
          text.value = heard;
          heardWords = true;
          say('');
          startAutoSend();
        } else if (!problem) {
          say(PROBLEMS['no-speech'], 'problem');
        }
      },
      onProblem(p) {
        problem = true;
        showListening(false);
        say(PROBLEMS[p], 'problem');
        if (p !== 'no-speech') text.focus();
      },
    });
  }

  function toggleTalk() {
    if (busy) return;
    if (listener.listening) listener.stop();
    else startListening();
  }

  talk.addEventListener('click', toggleTalk);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  // Touching the words means the child wants to fix them: no sending behind their back.
  for (const ev of ['focus', 'input', 'pointerdown'] as const) text.addEventListener(ev, cancelAutoSend);
  text.addEventListener('input', () => {
    heardWords = false;
  });
  autoWait.addEventListener('click', () => {
    cancelAutoSend();
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
    say('Fix the words, then press Send.');
  });
  autoNow.addEventListener('click', submit);

  // Space talks when the page (not a field or a button) has focus; Escape stops. Only keydown is
  // watched, so copy and paste keep working everywhere.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      if (listener.listening) listener.stop();
      cancelAutoSend();
      return;
    }
    if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    // Folded away behind the game (see chat-fold.ts): no listening the child cannot see.
    if (root.offsetParent === null) return;
    e.preventDefault();
    toggleTalk();
  });

  return {
    setBusy(b) {
      busy = b;
      talk.disabled = b;
      sendBtn.disabled = b;
      if (b) listener.abort();
    },
    pauseMic() {
      if (!listener.listening) return;
      listener.abort();
      showListening(false);
      say('');
    },
    focusText() {
      text.focus();
    },
    hideHint() {
      hint.hidden = true;
    },
    reset() {
      cancelAutoSend();
      listener.abort();
      showListening(false);
      text.value = '';
      say('');
      hint.hidden = false;
    },
  };
}
