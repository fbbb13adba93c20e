import Phaser from 'phaser';
import { z } from 'zod';
import { repairSpec } from '../games/repair.js';
import type { GameSpec, GameType } from '../games/spec.js';
import { createGame } from './logic/game.js';
import { emptyInput, WORLD_H, WORLD_W } from './logic/world.js';
import { AvoiderScene } from './scenes/avoider-scene.js';
import { CatcherScene } from './scenes/catcher-scene.js';
import { CollectorScene } from './scenes/collector-scene.js';
import { MazeScene } from './scenes/maze-scene.js';
import { PlatformerScene } from './scenes/platformer-scene.js';
import { RunnerScene } from './scenes/runner-scene.js';
import { installSeams } from './seams.js';
import { setMuted } from './sound.js';
import { colours, cssColour } from './view/palette.js';
import type { PlayScene, SceneDeps } from './view/play-scene.js';

/**
 * The runtime's entry: read the spec the page embeds as JSON, make it valid whatever it holds,
 * and boot Phaser with the scene for its type. User text only ever arrives here as data.
 */

// The page's CSP forbids eval; zod's fast path would try `new Function` and log a violation.
z.config({ jitless: true });

const SCENES: Record<GameType, new (key: string, deps: SceneDeps) => PlayScene> = {
  platformer: PlatformerScene,
  collector: CollectorScene,
  avoider: AvoiderScene,
  runner: RunnerScene,
  catcher: CatcherScene,
  maze: MazeScene,
};

function readSpec(): GameSpec {
  let raw: unknown = null;
  try {
    raw = JSON.parse(document.getElementById('game-spec')?.textContent ?? 'null');
  } catch {
    raw = null;
  }
  return repairSpec(raw);
}

/**
 * Options from the page's address: `#seed=123` replays a layout, `#sound=off` starts muted (the app
 * passes its own mute). Query parameters work too, for the downloaded file opened by hand.
 */
function readParams(): { seed?: number; level?: number; sound: boolean } {
  const params = new URLSearchParams(`${location.search.slice(1)}&${location.hash.slice(1)}`);
  const seed = Number(params.get('seed'));
  const level = Number(params.get('level'));
  return {
    ...(Number.isInteger(seed) && seed > 0 ? { seed } : {}),
    ...(Number.isInteger(level) && level > 1 ? { level } : {}),
    sound: params.get('sound') !== 'off',
  };
}

/**
 * Tells the app's page the level reached (a number, nothing else), so its Play again can offer to
 * go on from there. The frame is sandboxed without an origin of its own: the page checks the source.
 */
function reportLevels(game: Phaser.Game, level: () => number) {
  if (window.parent === window) return;
  let told = 0;
  game.events.on(Phaser.Core.Events.POST_STEP, () => {
    const now = level();
    if (now === told) return;
    told = now;
    window.parent.postMessage({ type: 'gamemaker:level', level: now }, '*');
  });
}

/** A fresh seed for each play: a new layout every time, the same rules. */
function randomSeed(): number {
  try {
    return crypto.getRandomValues(new Uint32Array(1))[0] as number;
  } catch {
    return Math.floor(Math.random() * 0x7fffffff);
  }
}

function showProblem(message: string) {
  const p = document.createElement('p');
  p.className = 'game-problem';
  p.textContent = message;
  document.body.append(p);
}

function boot() {
  const spec = readSpec();
  const params = readParams();
  setMuted(!params.sound);
  const model = createGame(spec, {
    seed: params.seed ?? randomSeed(),
    newSeed: randomSeed,
    ...(params.level ? { startLevel: params.level } : {}),
  });
  const controls = emptyInput();
  const clock = { manual: false };
  let scene: PlayScene | null = null;
  const deps: SceneDeps = { model, controls, clock };
  scene = new SCENES[spec.type]('play', deps);
  let parent = document.getElementById('game');
  if (!parent) {
    parent = document.createElement('div');
    parent.id = 'game';
    document.body.append(parent);
  }
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: cssColour(colours(spec).sky),
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH, width: WORLD_W, height: WORLD_H },
    // Our own WebAudio blips start on the first tap; Phaser's sound system would warn about autoplay.
    audio: { noAudio: true },
    // Keys are read from window events (see view/keyboard.ts).
    input: { keyboard: false, activePointers: 3 },
    banner: false,
    disableContextMenu: true,
    scene: [scene],
  });
  game.events.once(Phaser.Core.Events.POST_RENDER, () => {
    window.__FIRST_FRAME__ = performance.now();
  });
  reportLevels(game, () => model.world.stage.number);
  installSeams(game, {
    model,
    controls,
    clock,
    redraw: () => {
      if (scene?.sys.isActive()) scene.sync();
    },
    startOrRestart: () => {
      if (scene?.sys.isActive()) scene.startOrRestart();
      else model.start();
    },
    playAgain: (seed) => {
      if (scene?.sys.isActive()) scene.playAgain(seed);
      else model.restart(seed === undefined ? {} : { seed });
    },
    screen: () => (scene?.sys.isActive() ? scene.screen() : { kind: 'loading' }),
  });
}

try {
  boot();
} catch (err) {
  console.error(err);
  showProblem('Sorry, this game could not start on this device.');
}
