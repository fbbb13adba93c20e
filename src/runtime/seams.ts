import type Phaser from 'phaser';
import type { GameModel } from './logic/game.js';
import { howToPlay } from './logic/how-to-play.js';
import { cellAt } from './logic/maze.js';
import { lose } from './logic/rules.js';
import type { Input } from './logic/world.js';
import { isMuted } from './sound.js';
import { lastSpoken } from './speech.js';

/**
 * Test seams, the same in every game: tests read the state as JSON and step time themselves
 * instead of waiting on the clock, so they assert on what happened rather than on pixels.
 */

export interface TestHooks {
  start(): void;
  /** A new game from level 1: a new seed, or the one given (the same layout again). */
  playAgain(opts?: { seed?: number }): void;
  /** The same as playAgain: a new game, optionally with a given seed. */
  restart(opts?: { seed?: number }): void;
  /** Meets the current level's goal now, through the rules: the level-up card, or the win after the last. */
  clearLevel(): void;
  /** Leaves the level-up card now, as a tap does. */
  skipLevelUp(): void;
  /** Moves the hero (and in a maze, its cell) to a point; the next step resolves what it touches. */
  teleport(x: number, y: number): void;
  /** Draws one frame now (the loop sleeps once a test drives time), e.g. before a screenshot. */
  render(): void;
  /** Ends the game now, through the same rules a real win or loss uses (win: every level cleared). */
  win(): void;
  lose(): void;
}

declare global {
  interface Window {
    __GAME__?: Phaser.Game;
    render_game_to_text?: () => string;
    advanceTime?: (ms: number) => void;
    __TEST__?: TestHooks;
    /** performance.now() of the first rendered frame (for the start-up benchmark). */
    __FIRST_FRAME__?: number;
  }
}

export interface SeamTarget {
  model: GameModel;
  controls: Input;
  clock: { manual: boolean };
  /** Redraws now (after advanceTime), when the scene is up. */
  redraw(): void;
  startOrRestart(): void;
  playAgain(seed?: number): void;
  /** What the overlays show (title card, level-up card, end), as data. */
  screen(): unknown;
}

export function installSeams(game: Phaser.Game, t: SeamTarget) {
  window.__GAME__ = game;
  window.render_game_to_text = () =>
    JSON.stringify({
      ...t.model.snapshot(),
      screen: t.screen(),
      howTo: howToPlay(t.model.world.spec, t.model.world.goal),
      sound: isMuted() ? 'off' : 'on',
      spoken: lastSpoken(),
    });
  window.advanceTime = (ms: number) => {
    // From the first call on, only tests move time. The frame loop goes to sleep too: drawing 60
    // frames a second on a software GPU would only slow the test down (render() draws on demand).
    if (!t.clock.manual) {
      t.clock.manual = true;
      game.loop.sleep();
    }
    t.model.advance(ms, t.controls);
    t.redraw();
  };
  window.__TEST__ = {
    start: () => t.startOrRestart(),
    playAgain: (o) => t.playAgain(o?.seed),
    restart: (o) => t.playAgain(o?.seed),
    clearLevel: () => {
      t.model.clearLevel();
      t.redraw();
    },
    skipLevelUp: () => {
      t.model.skipLevelUp();
      t.redraw();
    },
    teleport: (x, y) => {
      const w = t.model.world;
      w.hero.x = x;
      w.hero.y = y;
      if (w.maze) {
        w.hero.a = cellAt(w.maze, x, y);
        w.hero.b = -1;
        w.route = [];
      }
      t.redraw();
    },
    render: () => {
      t.redraw();
      game.step(performance.now(), 1000 / 60);
    },
    win: () => {
      for (let i = 0; i < 20 && t.model.world.status !== 'won' && t.model.world.status !== 'lost'; i++) {
        t.model.clearLevel();
      }
      t.redraw();
    },
    lose: () => {
      lose(t.model.world);
      t.redraw();
    },
  };
}
