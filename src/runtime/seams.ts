import type Phaser from 'phaser';
import type { GameModel } from './logic/game.js';
import { cellAt } from './logic/maze.js';
import { lose, win } from './logic/rules.js';
import type { Input } from './logic/world.js';

/**
 * Test seams, the same in every game: tests read the state as JSON and step time themselves
 * instead of waiting on the clock, so they assert on what happened rather than on pixels.
 */

export interface TestHooks {
  start(): void;
  playAgain(): void;
  /** Moves the hero (and in a maze, its cell) to a point; the next step resolves what it touches. */
  teleport(x: number, y: number): void;
  /** Draws one frame now (the loop sleeps once a test drives time), e.g. before a screenshot. */
  render(): void;
  /** Ends the game now, through the same rules a real win or loss uses. */
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
  playAgain(): void;
}

export function installSeams(game: Phaser.Game, t: SeamTarget) {
  window.__GAME__ = game;
  window.render_game_to_text = () => JSON.stringify(t.model.snapshot());
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
    playAgain: () => t.playAgain(),
    teleport: (x, y) => {
      const w = t.model.world;
      w.hero.x = x;
      w.hero.y = y;
      if (w.maze) {
        w.hero.a = cellAt(x, y);
        w.hero.b = -1;
      }
      t.redraw();
    },
    render: () => {
      t.redraw();
      game.step(performance.now(), 1000 / 60);
    },
    win: () => {
      win(t.model.world);
      t.redraw();
    },
    lose: () => {
      lose(t.model.world);
      t.redraw();
    },
  };
}
