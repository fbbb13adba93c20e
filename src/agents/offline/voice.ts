import { tokens } from '../../text/normalise.js';

/**
 * Keeps the brain from sounding like a machine: no reply in a conversation opens with the same
 * words more than twice. Each agent picks among variants, preferring openers not yet used, and a
 * last check turns a third repeat into something fresh. What was said lives in the session's notes,
 * so the choice is deterministic and survives storage.
 */

/** At most this many replies in a conversation may open with the same words. */
export const MAX_OPENER_REPEATS = 2;
const MAX_KEPT = 80;

/** How a reply opens: its first three words, folded ("So: you are the mouse" → "so you are"). */
export function openerKey(text: string): string {
  // Word by word, only as far as the opening: this runs for every variant a turn weighs, and
  // folding is local to each word, so the first words fold the same alone as in the whole reply.
  const words: string[] = [];
  for (const [word] of text.matchAll(/\S+/g)) {
    words.push(...tokens(word));
    if (words.length >= 3) break;
  }
  return words.slice(0, 3).join(' ');
}

export interface VoiceNotes {
  openers: Record<string, number>;
}

export function readVoice(notes: Record<string, unknown>): VoiceNotes {
  const v = notes.voice;
  const openers: Record<string, number> = {};
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = (v as Record<string, unknown>).openers;
    if (typeof o === 'object' && o !== null && !Array.isArray(o)) {
      for (const [k, n] of Object.entries(o)) if (typeof n === 'number') openers[k] = n;
    }
  }
  return { openers };
}

// Fresh openings for a reply whose first words were used too often.
const FRESH = [
  'Okay!',
  'Ooh!',
  'Right!',
  'Alright!',
  'Got it!',
  'Hmm!',
  'Oh!',
  'Yay!',
  'Brilliant!',
  'Super!',
  'Lovely!',
  'Great!',
  'Nice!',
  'Cool!',
  'Wonderful!',
  'Fab!',
];

/** One conversation's voice for one turn: picks fresh variants and remembers what was said. */
export class Voice {
  private readonly openers: Record<string, number>;

  constructor(
    notes: Record<string, unknown>,
    private readonly seed: number,
  ) {
    this.openers = { ...readVoice(notes).openers };
  }

  /** How often replies opened like `text` (a short lead such as "Done!" counts every "Done! So..."). */
  private used(text: string): number {
    const key = openerKey(text);
    if (!key) return 0;
    let n = 0;
    for (const [k, count] of Object.entries(this.openers))
      if (k === key || k.startsWith(`${key} `)) n += count;
    return n;
  }

  private usedExactly(text: string): number {
    return this.openers[openerKey(text)] ?? 0;
  }

  /**
   * A variant whose opening has been used least, starting from a seeded position so different
   * conversations sound different.
   */
  pick(variants: readonly string[], extraSeed = 0): string {
    if (!variants.length) return '';
    const start = Math.abs(this.seed + extraSeed) % variants.length;
    let best = variants[start] ?? '';
    let bestUsed = Number.POSITIVE_INFINITY;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(start + i) % variants.length] ?? '';
      const used = this.used(v);
      if (used < bestUsed) {
        best = v;
        bestUsed = used;
      }
      if (used === 0) break;
    }
    return best;
  }

  /** The final reply: opened afresh if its opening was already used twice, and remembered. */
  finish(reply: string): string {
    let out = reply.trim();
    if (!out) return out;
    if (this.usedExactly(out) >= MAX_OPENER_REPEATS) {
      const start = Math.abs(this.seed) % FRESH.length;
      for (let i = 0; i < FRESH.length; i++) {
        const candidate = `${FRESH[(start + i) % FRESH.length]} ${out}`;
        if (this.usedExactly(candidate) === 0) {
          out = candidate;
          break;
        }
      }
    }
    const key = openerKey(out);
    if (key) this.openers[key] = (this.openers[key] ?? 0) + 1;
    return out;
  }

  /** What to keep: the most recent openers only, so a long chat after the game stays small. */
  notes(): VoiceNotes {
    const entries = Object.entries(this.openers);
    return { openers: Object.fromEntries(entries.slice(-MAX_KEPT)) };
  }
}

/** What the child said last (the seed of a turn an agent opens, such as the designer's greeting). */
export function lastChild(state: { recent: ReadonlyArray<{ role: string; text: string }> }): string {
  for (let i = state.recent.length - 1; i >= 0; i--) {
    const turn = state.recent[i];
    if (turn?.role === 'child') return turn.text;
  }
  return '';
}

/** A small, stable number from a text, so choices vary between conversations but never between runs. */
export function seedOf(...parts: ReadonlyArray<string | number>): number {
  let h = 2166136261;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    h ^= 0x7c;
  }
  return h >>> 0;
}
