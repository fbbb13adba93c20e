import type { ProgressStage } from '../contract/events.js';
import type { GameRef } from '../contract/game-ref.js';
import type { ChatFold } from './chat-fold.js';
import type { ChatView } from './chat-view.js';
import type { FullscreenToggle } from './fullscreen.js';
import type { GamePanel } from './game-panel.js';
import type { ProgressView } from './progress-view.js';

/**
 * The stage beside (or above) the chat: the build checklist while the generation job runs, the
 * game's page loading behind it as soon as the game exists, and the game shown once that page has
 * loaded, so it appears ready to play. Everything here follows events; nothing is timed.
 */

export interface GameBuild {
  /** The build has begun (no step has arrived yet): the checklist is on screen, unless a game is. */
  begin(): void;
  /** A build step arrived: the checklist is on screen and ticks. */
  step(stage: ProgressStage): void;
  /**
   * The game exists: its page loads behind the checklist, then replaces it. Resolves once the game
   * is on screen. The same game again (the stream's `game`, then `done`) is the same wait.
   */
  arrived(game: GameRef): Promise<void>;
  /** The game of a conversation picked up after a reload: no checklist, shown once loaded. */
  open(game: GameRef): Promise<void>;
  /** The turn failed, or no game came of it: the checklist goes, a game on screen stays. */
  abandon(): void;
  /** A fresh conversation: no checklist, no game. */
  reset(): void;
  /** The game on screen or on its way. */
  readonly game: GameRef | null;
}

export interface GameBuildDeps {
  stage: HTMLElement;
  progress: ProgressView;
  panel: GamePanel;
  fold: ChatFold;
  fullscreen: FullscreenToggle;
  chat: ChatView;
}

export function createGameBuild({
  stage,
  progress,
  panel,
  fold,
  fullscreen,
  chat,
}: GameBuildDeps): GameBuild {
  const body = document.body;
  /** The game being loaded or shown, and the wait for it to be on screen. */
  let arriving: { id: string; shown: Promise<void> } | null = null;
  /** Bumped by reset: a load that belongs to a forgotten conversation shows nothing. */
  let epoch = 0;

  function startChecklist() {
    if (progress.started) return;
    stage.hidden = false;
    body.classList.add('is-building');
    panel.conceal();
    progress.start();
    chat.scrollToEnd();
  }

  function reveal() {
    progress.hide();
    body.classList.remove('is-building');
    body.classList.add('has-game');
    stage.hidden = false;
    panel.reveal();
    fold.gameShown();
    chat.scrollToEnd();
    // On a phone on its side the game fills the screen's height: bring all of it into view.
    const short = window.matchMedia('(max-height: 540px)').matches;
    stage.scrollIntoView({ block: short ? 'start' : 'nearest' });
  }

  /** A game is on screen (or loading behind one): talk after it must never hide it. */
  const hasGame = () => body.classList.contains('has-game');

  function load(game: GameRef, checklist: boolean): Promise<void> {
    const mine = epoch;
    if (arriving?.id === game.game_id) {
      // The same game came back (a post-game "that was so fun!"): a checklist that a turn put up
      // meanwhile goes, and the game is shown again. A build panel never outlives its build.
      const same = arriving;
      return same.shown.then(() => {
        if (mine === epoch && arriving === same && body.classList.contains('is-building')) reveal();
      });
    }
    if (checklist && !hasGame()) {
      // Through the plain endpoint no steps came: the whole list, ticked, while the page loads.
      if (!progress.started) {
        startChecklist();
        progress.completeAll();
      } else progress.finish();
    } else stage.hidden = false;
    const shown = panel.load(game).then(() => {
      if (mine === epoch && arriving?.id === game.game_id) reveal();
    });
    arriving = { id: game.game_id, shown };
    return shown;
  }

  return {
    get game() {
      return panel.current;
    },
    begin() {
      if (!hasGame()) startChecklist();
    },
    step(step) {
      // After the game, a turn's build steps (a remix, or only the same game again) happen behind
      // the game the child is playing: a changed game replaces it once its page has loaded.
      if (hasGame()) return;
      startChecklist();
      progress.step(step);
    },
    arrived: (game) => load(game, true),
    open: (game) => load(game, false),
    abandon() {
      if (!progress.started) return;
      progress.hide();
      body.classList.remove('is-building');
      if (panel.current) panel.reveal();
      else stage.hidden = true;
    },
    reset() {
      epoch += 1;
      arriving = null;
      fullscreen.exit();
      progress.hide();
      panel.hide();
      fold.reset();
      stage.hidden = true;
      body.classList.remove('has-game', 'is-building');
    },
  };
}
