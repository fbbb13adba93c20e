/**
 * Reading lines aloud with the browser's own speech (nothing leaves the device for it). Only after
 * the first tap, only with sound on, and quietly nothing at all where there is no speech or no voice
 * (headless test browsers, some webviews): a game must never fail because it cannot talk.
 */

let lastSaid: string | null = null;

/** The last line the game asked to have read aloud (a test seam; null before the first). */
export function lastSpoken(): string | null {
  return lastSaid;
}

export function speak(text: string, lang = 'en') {
  lastSaid = text;
  try {
    const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = document.documentElement.lang || lang;
    // A little slower and brighter than the default suits young listeners.
    u.rate = 0.92;
    u.pitch = 1.1;
    synth.speak(u);
  } catch {
    // No voice, no speech: the words are on screen anyway.
  }
}

export function hush() {
  try {
    window.speechSynthesis?.cancel();
  } catch {
    // Nothing to stop.
  }
}
