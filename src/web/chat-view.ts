import type { AgentName } from '../contract/vocabulary.js';
import { el } from './dom.js';
import { avatarElement, personaFor } from './personas-view.js';
import { renderSafeText } from './safe-text.js';

/** The conversation as bubbles. Every agent bubble shows who is talking; all text goes in as text. */

export interface ErrorAction {
  label: string;
  run: () => void;
}

/** An agent bubble whose words arrive while they are written. */
export interface LiveBubble {
  readonly element: HTMLElement;
  /** The words so far (the whole text, not a delta). */
  setText(text: string): void;
  /** The final words: the bubble stops being busy, and screen readers read it once. */
  finish(text: string): void;
  remove(): void;
}

export interface ChatView {
  addAgent(agent: AgentName, text: string, onRepeat: () => void): HTMLElement;
  /** A bubble that fills as the reply streams in; marked aria-busy until `finish`. */
  streamAgent(agent: AgentName, onRepeat: () => void): LiveBubble;
  addChild(text: string): void;
  addError(text: string, action: ErrorAction): void;
  /** A short line from the page itself (not a helper), e.g. after the chat was forgotten. */
  addNote(text: string): void;
  /** An element of the page's own after the newest bubble (the answer chips). */
  addElement(el: HTMLElement): void;
  showThinking(agent: AgentName): void;
  hideThinking(): void;
  /** After a layout change (the game column appears), show the newest words again. */
  scrollToEnd(): void;
  clear(): void;
}

function button(className: string, label: string, text: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.setAttribute('aria-label', label);
  b.textContent = text;
  return b;
}

export function createChatView(log: HTMLElement): ChatView {
  let thinking: HTMLElement | null = null;

  // The log is its own scroll box: scrolling it never moves the game or the talk button away.
  const scroll = () => {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    log.scrollTo({ top: log.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  };

  function append(el: HTMLElement) {
    // The thinking bubble always stays last.
    log.insertBefore(el, thinking);
    scroll();
  }

  /** The newest helper bubble: the question the chips under it answer. */
  let question: HTMLElement | null = null;

  /**
   * Scrolls to the end, unless that would push the start of `from` (the question) above the log's
   * top: a child must see (and can re-hear) what was asked, not only the answer chips.
   */
  function showFrom(from: HTMLElement) {
    const top = from.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    const end = log.scrollHeight - log.clientHeight;
    log.scrollTo({ top: Math.max(0, Math.min(end, top - 8)) });
  }

  function agentShell(agent: AgentName, extraClass = '') {
    const p = personaFor(agent);
    const bubble = document.createElement('div');
    bubble.className = `bubble bubble-agent ${extraClass}`.trim();
    bubble.style.setProperty('--persona', p.colour);
    const body = document.createElement('div');
    body.className = 'bubble-body';
    const who = el('p', 'bubble-who');
    who.append(el('strong', '', p.name), el('span', 'bubble-role', ` · ${p.role}`));
    body.append(who);
    bubble.append(avatarElement(agent, 'large'), body);
    return { bubble, body, persona: p };
  }

  function agentBubble(agent: AgentName, text: string, onRepeat: () => void) {
    const { bubble, body, persona } = agentShell(agent);
    bubble.dataset.agent = agent;
    const words = document.createElement('div');
    words.className = 'bubble-text';
    words.append(renderSafeText(text));
    const again = button('say-again', `Say it again: ${persona.name}`, '🔊 Say it again');
    again.addEventListener('click', onRepeat);
    body.append(words, again);
    return { bubble, words };
  }

  // Streaming text scrolls at most once a frame, and without the smooth animation restarting.
  let scrollQueued = false;
  const followText = () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      log.scrollTo({ top: log.scrollHeight });
    });
  };

  return {
    addAgent(agent, text, onRepeat) {
      const { bubble } = agentBubble(agent, text, onRepeat);
      append(bubble);
      question = bubble;
      return bubble;
    },
    streamAgent(agent, onRepeat) {
      const { bubble, words } = agentBubble(agent, '', onRepeat);
      // The log is a live region: a busy bubble is not read out token by token, only once finished.
      bubble.setAttribute('aria-busy', 'true');
      bubble.classList.add('is-streaming');
      append(bubble);
      question = bubble;
      let shown = '';
      const render = (text: string) => {
        if (text === shown) return;
        shown = text;
        words.replaceChildren(renderSafeText(text));
        followText();
      };
      return {
        element: bubble,
        setText: render,
        finish(text) {
          render(text);
          bubble.classList.remove('is-streaming');
          bubble.removeAttribute('aria-busy');
        },
        remove() {
          bubble.remove();
        },
      };
    },
    addChild(text) {
      const bubble = document.createElement('div');
      bubble.className = 'bubble bubble-child';
      const who = document.createElement('p');
      who.className = 'bubble-who';
      who.textContent = 'You';
      const words = document.createElement('p');
      words.className = 'bubble-text';
      // The child's own words: plain text, exactly as sent.
      words.textContent = text;
      bubble.append(who, words);
      append(bubble);
    },
    addError(text, action) {
      const bubble = document.createElement('div');
      bubble.className = 'bubble bubble-error';
      const words = document.createElement('p');
      words.className = 'bubble-text';
      words.textContent = `😕 ${text}`;
      const retry = button('retry', action.label, `🔁 ${action.label}`);
      retry.addEventListener('click', () => {
        bubble.remove();
        action.run();
      });
      bubble.append(words, retry);
      append(bubble);
    },
    addNote(text) {
      const note = document.createElement('p');
      note.className = 'chat-note';
      note.textContent = text;
      append(note);
    },
    addElement(el) {
      log.insertBefore(el, thinking);
      showFrom(question?.isConnected ? question : el);
    },
    showThinking(agent) {
      this.hideThinking();
      const { bubble, body, persona } = agentShell(agent, 'bubble-thinking');
      const dots = document.createElement('p');
      dots.className = 'bubble-text thinking-dots';
      dots.textContent = `${persona.name} is thinking`;
      body.append(dots);
      log.append(bubble);
      thinking = bubble;
      scroll();
    },
    hideThinking() {
      thinking?.remove();
      thinking = null;
    },
    scrollToEnd() {
      requestAnimationFrame(() => log.scrollTo({ top: log.scrollHeight }));
    },
    clear() {
      this.hideThinking();
      question = null;
      log.replaceChildren();
    },
  };
}
