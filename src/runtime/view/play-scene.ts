import Phaser from 'phaser';
import type { GameModel, GameSnapshot } from '../logic/game.js';
import { howToPlay, levelNews } from '../logic/how-to-play.js';
import { LEVEL_UP_SECONDS } from '../logic/levels.js';
import { type Entity, type Input, STEP, type Status, WORLD_H, WORLD_W, type World } from '../logic/world.js';
import { isMuted, play, setMuted, soundUnlocked, unlockAudio } from '../sound.js';
import { hush, speak } from '../speech.js';
import { emojiTexture } from './emoji-texture.js';
import { EndScreen } from './end-screen.js';
import { Hud } from './hud.js';
import { bindKeyboard } from './keyboard.js';
import { type LevelUpInfo, LevelUpScreen } from './level-up-screen.js';
import { type Colours, colours } from './palette.js';
import { textStyle } from './text-style.js';
import { type TitleInfo, TitleScreen } from './title-screen.js';
import { addTouchButtons } from './touch-buttons.js';

/** What is on screen besides play, for render_game_to_text. */
export type ScreenInfo =
  | TitleInfo
  | LevelUpInfo
  | { kind: 'play' }
  | { kind: 'end'; won: boolean }
  | { kind: 'loading' };

/**
 * The one view every game type shares: it draws the model, feeds it keys and touches, and shows
 * the title, HUD and end screens. Each type's scene only adds its backdrop and touch style.
 */

/** How a finger plays: walk to the tap, follow it left/right, tap to jump, or walk with jumps and buttons. */
export type TouchStyle = 'steer' | 'steer-x' | 'tap-jump' | 'walk-jump';

export interface SceneDeps {
  model: GameModel;
  controls: Input;
  /** Set once a test drives time through advanceTime: real frames then only draw. */
  clock: { manual: boolean };
}

export abstract class PlayScene extends Phaser.Scene {
  protected abstract readonly touchStyle: TouchStyle;
  protected readonly deps: SceneDeps;
  protected colours!: Colours;
  private readonly sprites = new Map<number, Phaser.GameObjects.Image>();
  private backdrop!: Phaser.GameObjects.Graphics;
  private hud!: Hud;
  private title!: TitleScreen;
  private levelUp!: LevelUpScreen;
  private end!: EndScreen;
  private soundButton!: Phaser.GameObjects.Text;
  private shownWorld: World | null = null;
  private shownStatus: Status | null = null;
  private endedAt = 0;
  private acc = 0;
  private heroFacingLeft = false;
  private lastHeroX = 0;

  constructor(key: string, deps: SceneDeps) {
    super({ key });
    this.deps = deps;
  }

  /** Static geometry (ground, platforms, maze walls), drawn from the same data the rules collide with. */
  protected abstract drawBackdrop(g: Phaser.GameObjects.Graphics, w: World): void;

  /** Drawn size of an entity's sprite; a bit larger than its box, as emoji leave a margin. */
  protected spriteSize(e: Entity): { w: number; h: number } {
    const s = Math.max(e.hw, e.hh) * 2 * 1.15;
    return { w: s, h: s };
  }

  /** How far above its box the hero is drawn (the catcher's hero stands behind the basket). */
  protected readonly heroLift: number = 0;

  /** Extra pieces that follow the hero (the catcher's basket). */
  protected decorateHero(_hero: Entity): void {}

  /** Per-frame scenery (the runner's moving road). */
  protected drawMotion(_w: World): void {}

  get model(): GameModel {
    return this.deps.model;
  }

  create() {
    const spec = this.model.world.spec;
    this.colours = colours(spec);
    this.cameras.main.setBackgroundColor(this.colours.sky);
    this.backdrop = this.add.graphics().setDepth(0);
    this.hud = new Hud(this, spec);
    this.title = new TitleScreen(this, spec, howToPlay(spec, this.model.world.goal), this.colours.accent);
    this.levelUp = new LevelUpScreen(this);
    this.end = new EndScreen(this, () => this.playAgain());
    this.soundButton = this.addSoundButton();
    if (this.touchStyle === 'walk-jump' && this.sys.game.device.input.touch)
      addTouchButtons(this, this.deps.controls);
    this.bindInput();
    this.sync();
  }

  /** Starts from the title, goes on from a level-up card, or restarts after the end (a tap, Space or Enter). */
  startOrRestart() {
    const status = this.model.world.status;
    if (status === 'title') {
      this.model.start();
      // The first tap is the gesture browsers want before anything may speak.
      // The goal the level really has (the spec's own intro may name something else).
      this.say(howToPlay(this.model.world.spec, this.model.world.goal).say);
    } else if (status === 'levelup') this.model.skipLevelUp();
    else if ((status === 'won' || status === 'lost') && performance.now() - this.endedAt > 400)
      this.playAgain();
    this.sync();
  }

  /** A new game: a new seed (so a new layout) unless one is given to replay. */
  playAgain(seed?: number) {
    this.model.restart(seed === undefined ? {} : { seed });
    this.acc = 0;
    this.sync();
  }

  /** What the overlays show, for render_game_to_text. */
  screen(): ScreenInfo {
    const status = this.model.world.status;
    if (!this.title) return { kind: 'loading' };
    if (status === 'title') return this.title.info();
    if (status === 'levelup') return this.levelUp.info() ?? { kind: 'play' };
    if (status === 'won' || status === 'lost') return { kind: 'end', won: status === 'won' };
    return { kind: 'play' };
  }

  private say(line: string) {
    if (soundUnlocked() && !isMuted()) speak(line);
  }

  /** 🔊 / 🔇 in the title card's corner: sound and read-aloud on or off. */
  private addSoundButton(): Phaser.GameObjects.Text {
    const b = this.add
      .text(WORLD_W - 36, 30, isMuted() ? '🔇' : '🔊', textStyle(30, '#ffffff'))
      .setOrigin(0.5, 0.5)
      .setDepth(250)
      .setInteractive({ useHandCursor: true });
    b.on('pointerup', () => {
      setMuted(!isMuted());
      if (isMuted()) hush();
      b.setText(isMuted() ? '🔇' : '🔊');
    });
    return b;
  }

  private bindInput() {
    const controls = this.deps.controls;
    const gesture = () => {
      unlockAudio();
      // Inside the app's iframe, keys only arrive once the frame has focus: take it on first touch.
      window.focus();
    };
    const unbind = bindKeyboard(controls, () => this.startOrRestart(), gesture);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, unbind);

    const aim = (p: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]) => {
      if (over.length > 0 || this.model.world.status !== 'playing') return;
      if (this.touchStyle === 'tap-jump') return;
      controls.target = { x: p.worldX, y: p.worldY };
    };
    this.input.on('pointerdown', (p: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]) => {
      gesture();
      const status = this.model.world.status;
      if (status === 'title' || status === 'levelup') {
        // The 🔊 button is a button, not a start.
        if (!over.includes(this.soundButton)) this.startOrRestart();
        return;
      }
      if (status !== 'playing' || over.length > 0) return;
      if (this.touchStyle === 'tap-jump' || this.touchStyle === 'walk-jump') controls.jumpTap = true;
      aim(p, over);
    });
    this.input.on('pointermove', (p: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]) => {
      if (p.isDown && this.touchStyle !== 'walk-jump') aim(p, over);
    });
  }

  override update(_time: number, delta: number) {
    const status = this.model.world.status;
    if (!this.deps.clock.manual && (status === 'playing' || status === 'levelup')) {
      this.acc += Math.min(delta, 100) / 1000;
      while (this.acc >= STEP) {
        this.model.step(this.deps.controls);
        this.acc -= STEP;
      }
    }
    this.sync();
  }

  /** Makes the picture match the model; safe to call any number of times. */
  sync() {
    const w = this.model.world;
    if (w !== this.shownWorld) {
      for (const img of this.sprites.values()) img.destroy();
      this.sprites.clear();
      this.backdrop.clear();
      this.drawBackdrop(this.backdrop, w);
      this.shownWorld = w;
    }
    const seen = new Set<number>();
    const bob = Math.sin(this.time.now / 250) * 3;
    for (const e of [...w.entities, w.hero]) {
      seen.add(e.id);
      let img = this.sprites.get(e.id);
      if (!img) {
        img = this.add.image(e.x, e.y, emojiTexture(this, e.sprite)).setDepth(e.kind === 'hero' ? 20 : 10);
        const size = this.spriteSize(e);
        img.setDisplaySize(size.w, size.h);
        this.sprites.set(e.id, img);
      }
      const lift = e.kind === 'hero' ? this.heroLift : e.kind === 'item' || e.kind === 'power' ? bob : 0;
      img.setPosition(e.x, e.y + lift);
    }
    for (const [id, img] of this.sprites) {
      if (!seen.has(id)) {
        img.destroy();
        this.sprites.delete(id);
      }
    }
    const hero = this.sprites.get(w.hero.id);
    if (hero) {
      const blink = w.invulnerable > 0 && Math.floor(w.invulnerable * 10) % 2 === 0;
      hero.setAlpha(blink ? 0.35 : w.powers.shield > 0 ? 0.75 : 1);
      // Emoji face left; flip them to face the way the hero is going.
      const dx = w.hero.x - this.lastHeroX;
      if (dx < -0.5) this.heroFacingLeft = true;
      else if (dx > 0.5) this.heroFacingLeft = false;
      this.lastHeroX = w.hero.x;
      hero.setFlipX(!this.heroFacingLeft);
      this.decorateHero(w.hero);
    }
    this.drawMotion(w);
    this.drainEvents(w);
    const snap = this.model.snapshot();
    this.hud.update(snap);
    this.showOverlays(snap);
  }

  private drainEvents(w: World) {
    for (const ev of w.events.splice(0)) {
      play(ev);
      if (ev === 'hit') this.cameras.main.shake(180, 0.008);
      if (ev === 'level') this.say(levelNews(w.spec, w.stage.number, w.goal).say);
    }
  }

  private showOverlays(s: GameSnapshot) {
    if (s.status === 'levelup') this.levelUp.progress((s.levelUp ?? 0) / LEVEL_UP_SECONDS);
    if (s.status === this.shownStatus) return;
    this.shownStatus = s.status;
    this.title.setVisible(s.status === 'title');
    this.soundButton.setVisible(s.status === 'title');
    if (s.status === 'levelup') {
      const icon = this.model.world.spec.collectibles[0]?.emoji ?? '⭐';
      this.levelUp.show(
        levelNews(this.model.world.spec, s.level, this.model.world.goal),
        `${icon} ${s.score}`,
      );
    } else {
      this.levelUp.hide();
    }
    if (s.status === 'won' || s.status === 'lost') {
      this.endedAt = performance.now();
      const spec = this.model.world.spec;
      this.end.show(s.status === 'won', s.status === 'won' ? spec.lines.win : spec.lines.lose, s.score);
    } else {
      this.end.hide();
    }
  }

  /** Night skies get a few stars (placed the same way every time). */
  protected drawSky(g: Phaser.GameObjects.Graphics) {
    if (!this.colours.night) return;
    g.fillStyle(0xffffff, 0.8);
    for (let i = 0; i < 40; i++) {
      const x = (i * 197) % WORLD_W;
      const y = 60 + ((i * 131) % (WORLD_H / 2));
      g.fillCircle(x, y, i % 3 === 0 ? 2 : 1.2);
    }
  }
}
