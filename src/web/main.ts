import { createApi } from './api.js';
import { createChatFold } from './chat-fold.js';
import { createChatView } from './chat-view.js';
import { createChipsView } from './chips-view.js';
import { createComposer } from './composer.js';
import { createConversation } from './conversation.js';
import { createForgetButton } from './forget-button.js';
import { createFullscreenToggle } from './fullscreen.js';
import { createGameAsk } from './game-ask.js';
import { createGameBuild } from './game-build.js';
import { createGamePanel } from './game-panel.js';
import { createMuteButton } from './mute-button.js';
import { renderHelpers, renderWelcome } from './personas-view.js';
import { renderPhaseStrip } from './phase-strip.js';
import { createProgressView } from './progress-view.js';
import { sessionStore } from './session-store.js';
import { createShelfView } from './shelf-view.js';
import { createSpeaker } from './voice-output.js';
import './styles.css';

/**
 * Boot: builds the page's parts and wires them together. No state lives here; the conversation
 * owns the session's, each view its own.
 */

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;

const showPhaseStrip = renderPhaseStrip($<HTMLOListElement>('#phases'));
const highlightHelper = renderHelpers($<HTMLUListElement>('#helpers'));
renderWelcome($('#welcome-steps'));
const welcome = $('#welcome');
const chat = createChatView($('#log'));
const speaker = createSpeaker(sessionStore.muted);
createMuteButton($<HTMLButtonElement>('#mute'), speaker);

const gameRoot = $('#game');
const fullscreen = createFullscreenToggle($<HTMLButtonElement>('#fullscreen'), gameRoot);
const fold = createChatFold($<HTMLButtonElement>('#chat-open'), $<HTMLButtonElement>('#chat-hide'), () =>
  chat.scrollToEnd(),
);
const build = createGameBuild({
  stage: $('#stage'),
  progress: createProgressView($('#progress')),
  panel: createGamePanel(
    gameRoot,
    () => void conversation.startAfresh(),
    createGameAsk($('#game-ask'), (text) => speaker.say(text, 'code_generator')),
  ),
  fold,
  fullscreen,
  chat,
});

const chips = createChipsView({
  place: (group) => chat.addElement(group),
  send(text) {
    // A tap is an answer as much as typing is: the "tap the big button" hint has done its job.
    composer.hideHint();
    void conversation.send(text, 'tapped');
  },
  say: (text, agent) => speaker.say(text, agent),
  hush: () => speaker.stop(),
});

const conversation = createConversation({
  api: createApi(),
  chat,
  chips,
  speaker,
  build,
  shelf: createShelfView($('#shelf'), (id) => void conversation.open(id)),
  showPhase(phase) {
    showPhaseStrip(phase);
    document.body.dataset.phase = phase;
  },
  highlightHelper,
  showWelcome(shown) {
    welcome.hidden = !shown;
  },
  setBusy(busy) {
    composer.setBusy(busy);
    chips.setDisabled(busy);
    forget.setDisabled(busy);
  },
  hideHint: () => composer.hideHint(),
  focusText: () => composer.focusText(),
  resetInput() {
    forget.disarm();
    composer.reset();
  },
});

const composer = createComposer($('#composer'), {
  send: (text, how) => void conversation.send(text, how),
  beforeListen: () => {
    speaker.unlock();
    speaker.stop();
  },
});
const forget = createForgetButton($<HTMLButtonElement>('#forget'), () => void conversation.forget());

speaker.onSpeakingChange((speaking) => {
  // The microphone never listens while the app talks, or it would hear itself.
  if (speaking) composer.pauseMic();
  document.body.classList.toggle('is-speaking', speaking);
});

// iPadOS only lets speech begin inside a tap: the first touch or key unlocks it for the replies, and
// reads the greeting, unless that tap is the child starting to talk or type (or muting).
for (const ev of ['pointerdown', 'keydown'] as const) {
  document.addEventListener(
    ev,
    (e) => {
      speaker.unlock();
      conversation.firstTap(e.target instanceof Element ? e.target : null);
    },
    { once: true, capture: true },
  );
}

await conversation.begin();
document.body.classList.add('is-ready');
