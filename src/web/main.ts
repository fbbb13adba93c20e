import { GREETING } from '../agents/personas.js';
import type { AgentName, Phase } from '../agents/state.js';
import { ApiError, api, type GameData, type MessageResult } from './api.js';
import { createChatView } from './chat-view.js';
import { createComposer } from './composer.js';
import { createForgetButton } from './forget-button.js';
import { createGamePanel } from './game-panel.js';
import { createLiveReply } from './live-reply.js';
import { renderHelpers, renderWelcome } from './personas-view.js';
import { renderPhaseStrip } from './phase-strip.js';
import { createProgressView } from './progress-view.js';
import { type SavedLine, sessionStore } from './session-store.js';
import { createSpeaker } from './voice-output.js';
import './styles.css';

/** Wires the views to the API: one conversation per tab, voice in and out, the game when ready. */

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

const setPhaseStrip = renderPhaseStrip($<HTMLOListElement>('#phases'));
const highlightHelper = renderHelpers($<HTMLUListElement>('#helpers'));
renderWelcome($('#welcome-steps'));
const welcome = $('#welcome');
const chat = createChatView($('#log'));
const speaker = createSpeaker(sessionStore.muted);
const progress = createProgressView($('#progress'));
const stage = $('#stage');
const game = createGamePanel($('#game'), () => void newConversation());
const muteBtn = $<HTMLButtonElement>('#mute');

let sessionId: string | null = null;
let phase: Phase = 'identifying';
let sending = false;
/** A "Forget our chat" request is on its way to the server. */
let forgetting = false;
/** The greeting, until the first tap lets the browser speak it. */
let pendingGreeting: string | null = null;

/** Who answers next, for the "is thinking" bubble. */
const agentFor = (p: Phase): AgentName =>
  p === 'identifying' || p === 'discussing'
    ? 'story_analyst'
    : p === 'designing'
      ? 'game_designer'
      : 'code_generator';

const composer = createComposer($('#composer'), {
  send: (text) => void send(text),
  beforeListen: () => {
    speaker.unlock();
    speaker.stop();
  },
});

const forget = createForgetButton($<HTMLButtonElement>('#forget'), () => void forgetConversation());

/** While a reply, a build or a new session is on its way, neither the child nor Forget can start another. */
function setBusy(busy: boolean) {
  composer.setBusy(busy);
  forget.setDisabled(busy);
}

speaker.onSpeakingChange((speaking) => {
  // The microphone never listens while the app talks, or it would hear itself.
  if (speaking) composer.pauseMic();
  document.body.classList.toggle('is-speaking', speaking);
});

/** A toggle keeps one name ("Mute"); its pressed state and icon say whether the voices are off. */
function showMute() {
  muteBtn.setAttribute('aria-pressed', String(speaker.muted));
  ($('#mute .mute-icon') as HTMLElement).textContent = speaker.muted ? '🔇' : '🔊';
}
muteBtn.addEventListener('click', () => {
  speaker.setMuted(!speaker.muted);
  sessionStore.muted = speaker.muted;
  showMute();
});
showMute();

function setPhase(p: Phase) {
  phase = p;
  setPhaseStrip(p);
  document.body.dataset.phase = p;
}

function agentBubble(agent: AgentName, text: string, speak: boolean) {
  chat.addAgent(agent, text, () => speaker.repeat(text, agent));
  highlightHelper(agent);
  if (speak) speaker.say(text, agent);
}

function friendly(e: unknown): { text: string; retry: boolean } {
  if (!(e instanceof ApiError))
    return { text: 'Oops! Something went wrong. Shall we try again?', retry: true };
  if (e.status === 0) return { text: "I can't reach the helpers right now. Let's try again!", retry: true };
  if (e.status === 409)
    return { text: 'The helpers are still thinking. Try again in a moment!', retry: true };
  if (e.status === 413) return { text: "That's a lot of words! Can you say it a bit shorter?", retry: false };
  if (e.status === 429) return { text: "Whoa, that's fast! Let's wait a moment and try again.", retry: true };
  if (e.retryable) return { text: "Oops! The helpers need a little break. Let's try again.", retry: true };
  return { text: "Hmm, I didn't get that. Can you say it another way?", retry: false };
}

function showGame(g: GameData) {
  stage.hidden = false;
  progress.hide();
  game.show(g);
  document.body.classList.add('has-game');
  chat.scrollToEnd();
  // On a phone on its side the game fills the screen's height: bring all of it into view.
  const short = window.matchMedia('(max-height: 540px)').matches;
  stage.scrollIntoView({ block: short ? 'start' : 'nearest' });
}

/** The checklist while a build runs; started by the first streamed build step, or by `build`. */
let ticking: Promise<void> | null = null;

function startBuildView() {
  if (ticking) return;
  setPhase('generating');
  stage.hidden = false;
  document.body.classList.add('is-building');
  chat.scrollToEnd();
  ticking = progress.run();
}

/** A turn that failed mid-build: the checklist goes (the next message, or a reload, picks up the game). */
function abandonBuildView() {
  if (!ticking) return;
  ticking = null;
  progress.hide();
  document.body.classList.remove('is-building');
}

/**
 * The build: the checklist runs while the game is made (or is paced, when it was instant). The
 * strip shows "Build it" until the game is on screen, then the phase the server reported.
 */
async function build(ready: GameData | null, finalPhase: Phase) {
  if (ready && game.current?.game_id === ready.game_id) {
    if (ticking) {
      abandonBuildView();
      setPhase(finalPhase);
    }
    return;
  }
  startBuildView();
  const run = ticking;
  const sid = sessionId;
  let g = ready;
  let after = finalPhase;
  // A slow provider may answer "generating" before the game exists: ask until it does.
  for (let tries = 0; !g && tries < 120 && sid && sessionId === sid; tries++) {
    await new Promise((r) => setTimeout(r, 1500));
    if (sessionId !== sid) break;
    try {
      const info = await api.getSession(sid);
      g = info.game_data;
      after = info.phase;
    } catch {
      // Keep waiting; a blip while building should not lose the game.
    }
  }
  await run;
  // The chat was started afresh (or forgotten) meanwhile: this build belongs to the old one.
  if (sessionId !== sid) return;
  ticking = null;
  progress.finish();
  document.body.classList.remove('is-building');
  setPhase(after);
  if (g) showGame(g);
  else {
    progress.hide();
    chat.addError('The game is taking too long to build. Shall we try again?', {
      label: 'Try again',
      run: () => void build(null, 'generating'),
    });
  }
}

async function send(text: string, retrying = false) {
  if (sending) return;
  if (!sessionId) {
    await startConversation();
    if (!sessionId) return;
  }
  sending = true;
  setBusy(true);
  welcome.hidden = true;
  if (!retrying) {
    chat.addChild(text);
    sessionStore.add([{ who: 'child', text }]);
  }
  chat.showThinking(agentFor(phase));
  highlightHelper(agentFor(phase));
  const live = createLiveReply({
    chat,
    say: (words, agent) => speaker.say(words, agent),
    repeat: (words, agent) => speaker.repeat(words, agent),
    onSpeaker: (agent) => {
      chat.hideThinking();
      highlightHelper(agent);
    },
  });
  let result: MessageResult;
  try {
    result = await api.streamMessage(sessionId as string, text, {
      onAgent: (e) => live.agent(e.agent, e.restart === true),
      onToken: (t) => live.token(t),
      onProgress: (p) => {
        startBuildView();
        progress.note(p.message);
      },
      // The game is shown once the reply is complete (`done` follows right away).
      onGame: () => startBuildView(),
    });
  } catch (e) {
    live.discard();
    chat.hideThinking();
    abandonBuildView();
    sending = false;
    setBusy(false);
    if (e instanceof ApiError && e.sessionLost) {
      chat.addError('I lost track of our chat. Let’s start a new one!', {
        label: 'Start again',
        run: () => void newConversation(),
      });
      return;
    }
    const f = friendly(e);
    chat.addError(
      f.text,
      f.retry
        ? { label: 'Try again', run: () => void send(text, true) }
        : { label: 'Change my words', run: () => composer.focusText() },
    );
    return;
  }
  chat.hideThinking();
  const turns = result.turns.length > 0 ? result.turns : [{ agent: result.agent, text: result.message }];
  // Fills (or, without a stream, creates) the bubbles with the final words; speaks only what is new.
  live.finish(turns);
  sessionStore.add(turns.map((t): SavedLine => ({ who: t.agent, text: t.text })));
  const newGame = result.game_data && result.game_data.game_id !== game.current?.game_id;
  if (result.phase === 'generating' || newGame) await build(result.game_data, result.phase);
  else {
    // Build steps streamed but no game came of this turn: the checklist goes.
    abandonBuildView();
    setPhase(result.phase);
  }
  sending = false;
  setBusy(false);
}

async function startConversation() {
  setBusy(true);
  try {
    const s = await api.startSession();
    sessionId = s.session_id;
    sessionStore.start(s.session_id, { who: 'story_analyst', text: s.message || GREETING });
    setPhase(s.phase);
    const greeting = s.message || GREETING;
    agentBubble('story_analyst', greeting, false);
    // Browsers refuse speech before the first tap; then the greeting waits for that tap.
    if (navigator.userActivation?.hasBeenActive ?? true) speaker.say(greeting, 'story_analyst');
    else pendingGreeting = greeting;
  } catch (e) {
    chat.addError(friendly(e).text, { label: 'Try again', run: () => void startConversation() });
  } finally {
    setBusy(false);
  }
}

/** A reload continues the tab's conversation; an expired one quietly starts afresh. */
async function restore(): Promise<boolean> {
  const saved = sessionStore.load();
  if (!saved) return false;
  try {
    const info = await api.getSession(saved.sessionId);
    sessionId = info.session_id;
    for (const line of saved.lines) {
      if (line.who === 'child') chat.addChild(line.text);
      else agentBubble(line.who, line.text, false);
    }
    setPhase(info.phase);
    welcome.hidden = saved.lines.length > 1;
    if (saved.lines.length > 1 || info.game_data) composer.hideHint();
    if (info.game_data) showGame(info.game_data);
    return true;
  } catch {
    sessionStore.clear();
    return false;
  }
}

/** A fresh conversation; `note` is a line from the page shown above the greeting. */
async function newConversation(note?: string) {
  speaker.stop();
  forget.disarm();
  ticking = null;
  composer.reset();
  chat.clear();
  game.hide();
  progress.hide();
  stage.hidden = true;
  document.body.classList.remove('has-game', 'is-building');
  sessionStore.clear();
  welcome.hidden = false;
  sessionId = null;
  setPhase('identifying');
  highlightHelper(null);
  if (note) chat.addNote(note);
  await startConversation();
}

/**
 * "Forget our chat", confirmed: the server deletes the conversation, its transcript and its games;
 * then this tab forgets them too and starts afresh. If the server can't be reached nothing is
 * cleared here, so the grown-up can try again.
 */
async function forgetConversation() {
  if (sending || forgetting) return;
  const old = sessionId ?? sessionStore.load()?.sessionId ?? null;
  forgetting = true;
  setBusy(true);
  try {
    if (old) await api.forgetSession(old);
  } catch (e) {
    const f = friendly(e);
    chat.addError(f.retry ? f.text : "I couldn't forget our chat just now. Let's try again!", {
      label: 'Try again',
      run: () => void forgetConversation(),
    });
    return;
  } finally {
    forgetting = false;
    setBusy(false);
  }
  await newConversation("🧹 All forgotten. Let's start fresh!");
}

// iPadOS only lets speech begin inside a tap: the first touch or key unlocks it for the replies, and
// reads the greeting, unless that tap is the child starting to talk or type (or muting).
for (const ev of ['pointerdown', 'keydown'] as const) {
  document.addEventListener(
    ev,
    (e) => {
      speaker.unlock();
      const target = e.target instanceof Element ? e.target : null;
      if (pendingGreeting && !target?.closest('#talk, #form, #mute, #autosend, #forget')) {
        speaker.say(pendingGreeting, 'story_analyst');
      }
      pendingGreeting = null;
    },
    { once: true, capture: true },
  );
}

setPhase('identifying');
if (!(await restore())) await startConversation();
document.body.classList.add('is-ready');
