import type { AnswerChip } from '../contract/schemas.js';
import type { AgentName } from '../contract/vocabulary.js';
import './chips.css';
import { decoration, el } from './dom.js';

/**
 * Tap-to-answer chips under the latest reply, for a child who cannot read, type or be heard: big
 * buttons with a picture and a word (game types as picture cards). A tap sends the chip's `say` as
 * the child's message, the same way typing does; each label is read aloud after the reply (unless
 * the child just typed, and so can read them), so a child who cannot read hears what each picture
 * means. They go as soon as any message is sent.
 */

export interface ChipsView {
  /** Shows the chips after the newest bubble (replacing any); `speak` reads their labels aloud. */
  show(chips: readonly AnswerChip[] | undefined, agent: AgentName, speak: boolean): void;
  /** Reads the chips on screen aloud (after a greeting that had to wait for the first tap). */
  speak(): void;
  /** While a reply or a "forget" is on its way, a tap could not be sent: the chips wait, greyed. */
  setDisabled(disabled: boolean): void;
  clear(): void;
}

export interface ChipsDeps {
  /** Puts the group at the end of the conversation (after the newest bubble). */
  place(group: HTMLElement): void;
  /** The child's message, sent as if typed. */
  send(text: string): void;
  /** Auto-read of a label, queued after the reply (skipped when muted). */
  say(text: string, agent: AgentName): void;
  /** A tap is an answer: whatever is still being read out stops. */
  hush(): void;
}

function chipButton(c: AnswerChip, onTap: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  // Game types are picture cards: a big picture above the word, so a child can pick by the picture.
  b.className = c.kind === 'type' ? 'chip chip-card' : 'chip';
  b.dataset.kind = c.kind;
  b.setAttribute('aria-label', c.label);
  b.append(decoration('chip-emoji', c.emoji), el('span', 'chip-label', c.label));
  b.addEventListener('click', onTap);
  return b;
}

export function createChipsView(d: ChipsDeps): ChipsView {
  let group: HTMLElement | null = null;
  let shown: { chips: readonly AnswerChip[]; agent: AgentName } | null = null;
  let disabled = false;

  function clear() {
    group?.remove();
    group = null;
    shown = null;
  }

  function speak() {
    if (!shown) return;
    // One utterance per chip: a pause between them, and each is its own words.
    for (const c of shown.chips) d.say(c.label, shown.agent);
  }

  return {
    show(chips, agent, speakNow) {
      clear();
      if (!chips?.length) return;
      const box = document.createElement('div');
      box.className = 'chips';
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Tap an answer');
      for (const c of chips) {
        const b = chipButton(c, () => {
          if (group !== box || disabled) return;
          d.hush();
          clear();
          d.send(c.say);
        });
        b.disabled = disabled;
        box.append(b);
      }
      group = box;
      shown = { chips, agent };
      d.place(box);
      if (speakNow) speak();
    },
    speak,
    setDisabled(value) {
      disabled = value;
      for (const b of group?.querySelectorAll('button') ?? []) b.disabled = value;
    },
    clear,
  };
}
