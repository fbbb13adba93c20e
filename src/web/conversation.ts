import { isProgressStage } from '../contract/events.js';
import type { GameRef } from '../contract/game-ref.js';
import { GREETING } from '../contract/personas.js';
import type { MessageResult } from '../contract/schemas.js';
import { type AgentName, agentForPhase, type Phase } from '../contract/vocabulary.js';
import { type Api, ApiError } from './api.js';
import type { ChatView } from './chat-view.js';
import type { ChipsView } from './chips-view.js';
import { friendly } from './friendly-errors.js';
import type { GameBuild } from './game-build.js';
import { createLiveReply } from './live-reply.js';
import { myGames } from './my-games.js';
import { type SavedLine, sessionStore } from './session-store.js';
import type { ShelfView } from './shelf-view.js';
import type { Speaker } from './voice-output.js';

/**
 * The conversation: the one owner of the tab's session state (its id, its phase, whether a message
 * or a "forget" is on its way, a greeting waiting for the first tap). It sends the child's words,
 * shows and speaks the replies, hands build steps and the game to the build, and starts afresh.
 */

/** How the child's message came: a child who types can read, so the next chips are not read out. */
export type SentBy = 'typed' | 'spoken' | 'tapped';

export interface Conversation {
  /** A reload continues the tab's conversation; otherwise a new one starts. */
  begin(): Promise<void>;
  send(text: string, by: SentBy): Promise<void>;
  /** A fresh conversation; `note` is a line from the page shown above the greeting. */
  startAfresh(note?: string): Promise<void>;
  /** "Forget our chat", confirmed: every conversation of this device deleted on the server, then here. */
  forget(): Promise<void>;
  /** A game from the "My games" shelf: its conversation picked up, as after a reload. */
  open(sessionId: string): Promise<void>;
  /** The first tap or key of the page: the greeting is read then, unless that tap talks or types. */
  firstTap(target: Element | null): void;
}

/** The page's parts the conversation drives. */
export interface ConversationDeps {
  api: Api;
  chat: ChatView;
  /** Tap-to-answer chips under the newest reply. */
  chips: ChipsView;
  speaker: Speaker;
  build: GameBuild;
  /** "My games": this device's games, to play again. */
  shelf: ShelfView;
  /** The phase strip and `body[data-phase]`. */
  showPhase(phase: Phase): void;
  highlightHelper(agent: AgentName | null): void;
  showWelcome(shown: boolean): void;
  /** While a reply, a build or a new session is on its way, neither talking nor Forget can start another. */
  setBusy(busy: boolean): void;
  /** The first-look hint has done its job. */
  hideHint(): void;
  focusText(): void;
  /** Empties the composer and disarms Forget. */
  resetInput(): void;
}

/** A slow provider may answer "generating" before the game exists: the session is asked until it does. */
const POLL_MS = 1500;
const POLL_TRIES = 120;

/**
 * Where a tap must not also start the greeting: talking (the microphone would hear it), typing (a
 * child who types reads it), muting, forgetting. A chip is read first (see firstTap).
 */
const NOT_A_GREETING_TAP = '#talk, #form, #mute, #autosend, #forget';

export function createConversation(d: ConversationDeps): Conversation {
  let sessionId: string | null = null;
  let phase: Phase = 'identifying';
  let sending = false;
  let forgetting = false;
  /** The greeting, until the first tap lets the browser speak it. */
  let pendingGreeting: string | null = null;
  /** The greeting, when the first tap was a chip: read as that chip's message is sent. */
  let greetOnSend: string | null = null;

  const showShelf = () => d.shelf.show(myGames.games(), sessionId);

  function setPhase(p: Phase) {
    phase = p;
    d.showPhase(p);
  }

  function agentBubble(agent: AgentName, text: string, speak: boolean) {
    d.chat.addAgent(agent, text, () => d.speaker.repeat(text, agent));
    d.highlightHelper(agent);
    if (speak) d.speaker.say(text, agent);
  }

  /** "Generating" without a game yet: ask the session until the game is there (or give up). */
  async function waitForGame(sid: string): Promise<{ game: GameRef | null; phase: Phase }> {
    for (let tries = 0; tries < POLL_TRIES && sessionId === sid; tries++) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (sessionId !== sid) break;
      try {
        const info = await d.api.getSession(sid);
        if (info.game_data) return { game: info.game_data, phase: info.phase };
      } catch {
        // Keep waiting; a blip while building should not lose the game.
      }
    }
    return { game: null, phase: 'generating' };
  }

  /**
   * After the reply: the game it brought on screen (its page may already be loading, from the
   * stream's `game` event), or the checklist gone when no game came of this turn.
   */
  async function settle(sid: string, ready: GameRef | null, after: Phase): Promise<void> {
    let game = ready;
    if (!game && after === 'generating') {
      d.build.begin();
      ({ game, phase: after } = await waitForGame(sid));
      if (sessionId !== sid) return;
      if (!game) {
        d.build.abandon();
        d.chat.addError('The game is taking too long to build. Shall we try again?', {
          label: 'Try again',
          run: () => void busyWhile(() => settle(sid, null, 'generating')),
        });
        return;
      }
    }
    if (game) {
      if (!d.build.game) setPhase('generating');
      if (sessionId === sid) myGames.made(sid, game.game_title);
      await d.build.arrived(game);
    } else d.build.abandon();
    // The chat was started afresh (or forgotten) meanwhile: this game belongs to the old one.
    if (sessionId !== sid) return;
    setPhase(after);
  }

  async function busyWhile(work: () => Promise<void>): Promise<void> {
    if (sending) return;
    sending = true;
    d.setBusy(true);
    try {
      await work();
    } finally {
      sending = false;
      d.setBusy(false);
    }
  }

  async function send(text: string, by: SentBy, retrying = false): Promise<void> {
    if (sending) return;
    if (!sessionId) {
      await start();
      if (!sessionId) return;
    }
    const sid = sessionId;
    sending = true;
    d.setBusy(true);
    d.showWelcome(false);
    // Any message answers the question: its chips go (typed, spoken or tapped alike).
    d.chips.clear();
    if (greetOnSend) d.speaker.say(greetOnSend, 'story_analyst');
    greetOnSend = null;
    let answers: { chips: MessageResult['chips']; agent: AgentName } | null = null;
    if (!retrying) {
      d.chat.addChild(text);
      sessionStore.add([{ who: 'child', text }]);
    }
    const next = agentForPhase(phase);
    d.chat.showThinking(next);
    d.highlightHelper(next);
    const live = createLiveReply({
      chat: d.chat,
      say: (words, agent) => d.speaker.say(words, agent),
      repeat: (words, agent) => d.speaker.repeat(words, agent),
      onSpeaker: (agent) => {
        d.chat.hideThinking();
        d.highlightHelper(agent);
      },
    });
    try {
      let result: MessageResult;
      try {
        result = await d.api.streamMessage(sid, text, {
          onAgent: (e) => live.agent(e.agent, e.restart === true),
          onToken: (t) => live.token(t),
          onProgress: (p) => {
            if (!isProgressStage(p.step)) return;
            // After the game, a turn's build runs behind it: the strip stays on "play".
            if (!d.build.game) setPhase('generating');
            d.build.step(p.step);
          },
          // Its page starts loading behind the checklist now; `done` follows right away.
          onGame: (g) => void d.build.arrived(g),
        });
      } catch (e) {
        live.discard();
        d.chat.hideThinking();
        d.build.abandon();
        showSendError(e, text, by);
        return;
      }
      d.chat.hideThinking();
      const turns = result.turns.length > 0 ? result.turns : [{ agent: result.agent, text: result.message }];
      // Fills (or, without a stream, creates) the bubbles with the final words; speaks only what is new.
      live.finish(turns);
      sessionStore.add(turns.map((t): SavedLine => ({ who: t.agent, text: t.text })));
      await settle(sid, result.game_data, result.phase);
      answers = { chips: result.chips, agent: turns[turns.length - 1]?.agent ?? result.agent };
    } finally {
      sending = false;
      d.setBusy(false);
    }
    // Only once the page takes messages again, so a tap is never dropped; read after the reply.
    if (answers && sessionId === sid) d.chips.show(answers.chips, answers.agent, by !== 'typed');
  }

  function showSendError(e: unknown, text: string, by: SentBy) {
    if (e instanceof ApiError && e.sessionLost) {
      d.chat.addError('I lost track of our chat. Let’s start a new one!', {
        label: 'Start again',
        run: () => void startAfresh(),
      });
      return;
    }
    const f = friendly(e);
    d.chat.addError(
      f.text,
      f.retry
        ? { label: 'Try again', run: () => void send(text, by, true) }
        : { label: 'Change my words', run: () => d.focusText() },
    );
  }

  async function start(): Promise<void> {
    d.setBusy(true);
    try {
      const s = await d.api.startSession();
      sessionId = s.session_id;
      myGames.started(s.session_id);
      showShelf();
      const greeting = s.message || GREETING;
      sessionStore.start(s.session_id, { who: 'story_analyst', text: greeting });
      setPhase(s.phase);
      agentBubble('story_analyst', greeting, false);
      // Browsers refuse speech before the first tap; then the greeting (and its chips) wait for that tap.
      const speakNow = navigator.userActivation?.hasBeenActive ?? true;
      if (speakNow) d.speaker.say(greeting, 'story_analyst');
      else pendingGreeting = greeting;
      d.chips.show(s.chips, 'story_analyst', speakNow);
    } catch (e) {
      d.chat.addError(friendly(e).text, { label: 'Try again', run: () => void start() });
    } finally {
      d.setBusy(false);
    }
  }

  /** A reload continues the tab's conversation; an expired one quietly starts afresh. */
  async function restore(): Promise<boolean> {
    const saved = sessionStore.load();
    if (!saved) return false;
    try {
      const info = await d.api.getSession(saved.sessionId);
      sessionId = info.session_id;
      if (info.game_data) myGames.made(info.session_id, info.game_data.game_title);
      else myGames.started(info.session_id);
      showShelf();
      for (const line of saved.lines) {
        if (line.who === 'child') d.chat.addChild(line.text);
        else agentBubble(line.who, line.text, false);
      }
      setPhase(info.phase);
      // The open question's chips again; not read aloud, like the restored bubbles.
      const last = saved.lines.at(-1)?.who;
      d.chips.show(info.chips, last && last !== 'child' ? last : 'story_analyst', false);
      d.showWelcome(saved.lines.length <= 1);
      if (saved.lines.length > 1 || info.game_data) d.hideHint();
      if (info.game_data) void d.build.open(info.game_data);
      return true;
    } catch {
      // Forgotten or past its retention: it leaves the shelf too.
      myGames.forget(saved.sessionId);
      sessionStore.clear();
      return false;
    }
  }

  /** Empties the page of the conversation on screen (the server keeps it). */
  function clearPage() {
    d.speaker.stop();
    d.resetInput();
    d.chips.clear();
    d.chat.clear();
    d.build.reset();
    sessionStore.clear();
    sessionId = null;
    d.highlightHelper(null);
  }

  async function open(id: string): Promise<void> {
    if (sending || forgetting || id === sessionId) return;
    const title = myGames.games().find((g) => g.sessionId === id)?.title ?? 'your game';
    clearPage();
    sessionStore.start(id, { who: 'code_generator', text: `Here is ${title} again! Tap the game to play.` });
    if (await restore()) return;
    d.showWelcome(true);
    setPhase('identifying');
    d.chat.addNote('That game is not kept any more. Let’s make a new one!');
    await start();
  }

  async function startAfresh(note?: string): Promise<void> {
    clearPage();
    d.showWelcome(true);
    setPhase('identifying');
    if (note) d.chat.addNote(note);
    await start();
  }

  /**
   * The server deletes the conversation, its transcript and its games; then this tab forgets them
   * too and starts afresh. If the server can't be reached nothing is cleared here, so the grown-up
   * can try again.
   */
  async function forget(): Promise<void> {
    if (sending || forgetting) return;
    const current = sessionId ?? sessionStore.load()?.sessionId ?? null;
    // Every conversation this device started, not only the one on screen.
    const ids = [...new Set([...(current ? [current] : []), ...myGames.all().map((g) => g.sessionId)])];
    forgetting = true;
    d.setBusy(true);
    try {
      for (const id of ids) {
        await d.api.forgetSession(id);
        myGames.forget(id);
      }
    } catch (e) {
      const f = friendly(e);
      d.chat.addError(f.retry ? f.text : "I couldn't forget our chat just now. Let's try again!", {
        label: 'Try again',
        run: () => void forget(),
      });
      return;
    } finally {
      forgetting = false;
      d.setBusy(false);
    }
    await startAfresh("🧹 All forgotten. Let's start fresh!");
  }

  return {
    async begin() {
      setPhase('identifying');
      if (!(await restore())) await start();
    },
    send: (text, by) => send(text, by),
    startAfresh,
    forget,
    open,
    firstTap(target) {
      if (pendingGreeting && target?.closest('.chips')) {
        // A chip answers at once (and hushes what is being read): the question is read as the
        // chip's message goes, before the reply.
        greetOnSend = pendingGreeting;
      } else if (pendingGreeting && !target?.closest(NOT_A_GREETING_TAP)) {
        d.speaker.say(pendingGreeting, 'story_analyst');
        d.chips.speak();
      }
      pendingGreeting = null;
    },
  };
}
