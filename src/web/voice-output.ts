import type { AgentName } from '../contract/vocabulary.js';
import { speakableText } from './safe-text.js';

/**
 * Reads agent replies aloud with the browser's own speech (nothing leaves the device). Each helper
 * gets its own pitch and rate, and its own voice when the browser offers several English ones, so a
 * child who cannot read still knows who is talking.
 */

interface VoiceStyle {
  pitch: number;
  rate: number;
  /** Which of the available English voices to prefer, so the three sound different. */
  voiceIndex: number;
}

const STYLES: Record<AgentName, VoiceStyle> = {
  story_analyst: { pitch: 0.9, rate: 0.92, voiceIndex: 0 },
  game_designer: { pitch: 1.45, rate: 1.02, voiceIndex: 1 },
  code_generator: { pitch: 0.65, rate: 0.95, voiceIndex: 2 },
};

export interface Speaker {
  readonly supported: boolean;
  readonly muted: boolean;
  readonly speaking: boolean;
  /** Auto-read of a reply: skipped while muted. */
  say(text: string, agent: AgentName): void;
  /** "Say it again": the child asked, so it plays even when auto-read is muted. */
  repeat(text: string, agent: AgentName): void;
  setMuted(muted: boolean): void;
  stop(): void;
  /** iPadOS only lets speech start inside a tap; one silent utterance there unlocks it for later. */
  unlock(): void;
  onSpeakingChange(cb: (speaking: boolean) => void): void;
}

export function createSpeaker(initiallyMuted: boolean): Speaker {
  const synth: SpeechSynthesis | undefined = 'speechSynthesis' in window ? window.speechSynthesis : undefined;
  let muted = initiallyMuted;
  let pending = 0;
  let unlocked = false;
  const listeners: ((speaking: boolean) => void)[] = [];
  // Replies queue up; `generation` drops the callbacks of utterances that stop() cancelled.
  let generation = 0;

  const notify = () => {
    for (const cb of listeners) cb(pending > 0);
  };

  function pickVoice(index: number): SpeechSynthesisVoice | undefined {
    const english = (synth?.getVoices() ?? []).filter((v) => v.lang.toLowerCase().startsWith('en'));
    if (english.length === 0) return undefined;
    const local = english.filter((v) => v.localService);
    const pool = local.length > 0 ? local : english;
    return pool[index % pool.length];
  }

  function speak(text: string, agent: AgentName): void {
    const words = speakableText(text);
    if (!synth || words === '') return;
    const style = STYLES[agent];
    const u = new SpeechSynthesisUtterance(words);
    u.pitch = style.pitch;
    u.rate = style.rate;
    u.lang = 'en';
    const voice = pickVoice(style.voiceIndex);
    if (voice) {
      u.voice = voice;
      u.lang = voice.lang;
    }
    const gen = generation;
    let done = false;
    // Some engines never fire `end` (Chrome drops long utterances, headless has no audio): a
    // watchdog sized to the text makes sure the microphone is never blocked for good.
    const watchdog = setTimeout(finish, 4000 + words.split(' ').length * 700);
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(watchdog);
      if (gen !== generation) return;
      pending = Math.max(0, pending - 1);
      notify();
    }
    u.onend = finish;
    u.onerror = finish;
    pending++;
    notify();
    synth.speak(u);
  }

  return {
    supported: synth !== undefined,
    get muted() {
      return muted;
    },
    get speaking() {
      return pending > 0;
    },
    say(text, agent) {
      if (!muted) speak(text, agent);
    },
    repeat(text, agent) {
      this.stop();
      speak(text, agent);
    },
    setMuted(m) {
      muted = m;
      if (m) this.stop();
    },
    stop() {
      generation++;
      const was = pending > 0;
      pending = 0;
      synth?.cancel();
      if (was) notify();
    },
    unlock() {
      if (unlocked || !synth) return;
      unlocked = true;
      const u = new SpeechSynthesisUtterance('');
      u.volume = 0;
      synth.speak(u);
    },
    onSpeakingChange(cb) {
      listeners.push(cb);
    },
  };
}
