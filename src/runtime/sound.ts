/**
 * Little WebAudio blips, made on the fly (no files). Browsers only allow sound after a gesture, so
 * the context is created on the first tap or key and never before: no autoplay warnings.
 */

let ctx: AudioContext | null = null;
let muted = false;
let unlocked = false;

/** Sound on or off (the title card's 🔊 button, or `#sound=off` in the page's address). */
export function setMuted(on: boolean) {
  muted = on;
}

export function isMuted(): boolean {
  return muted;
}

/** Whether the player has tapped or pressed a key yet: browsers allow sound and speech only after. */
export function soundUnlocked(): boolean {
  return unlocked;
}

export function unlockAudio() {
  unlocked = true;
  try {
    if (!ctx) {
      const Ctor =
        window.AudioContext ??
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return;
      ctx = new Ctor();
    }
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  } catch {
    ctx = null;
  }
}

function tone(freq: number, start: number, duration: number, type: OscillatorType, volume = 0.12) {
  if (muted || ctx?.state !== 'running') return;
  const t0 = ctx.currentTime + start;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.setValueAtTime(freq, t0);
  gain.gain.setValueAtTime(volume, t0);
  gain.gain.exponentialRampToValueAtTime(0.001, t0 + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t0);
  osc.stop(t0 + duration + 0.02);
}

/** Notes one after another (frequency in Hz), each `gap` seconds after the last. */
function notes(freqs: number[], gap: number, duration: number) {
  for (const [i, f] of freqs.entries()) tone(f, i * gap, duration, 'triangle');
}

export type Sound = 'collect' | 'hit' | 'jump' | 'power' | 'level' | 'win' | 'lose' | 'start';

export function play(sound: Sound) {
  switch (sound) {
    case 'collect':
      tone(880, 0, 0.08, 'square', 0.06);
      tone(1320, 0.06, 0.1, 'square', 0.06);
      break;
    case 'jump':
      tone(420, 0, 0.12, 'triangle');
      break;
    case 'hit':
      tone(140, 0, 0.25, 'sawtooth', 0.1);
      break;
    case 'power':
      notes([523, 659, 784], 0.06, 0.1);
      break;
    case 'level':
      notes([523, 784, 1047], 0.1, 0.16);
      break;
    case 'win':
      notes([523, 659, 784, 1047], 0.12, 0.2);
      break;
    case 'lose':
      notes([392, 330, 262], 0.15, 0.25);
      break;
    case 'start':
      tone(660, 0, 0.1, 'triangle');
      break;
  }
}
