import type { Phase } from '../contract/vocabulary.js';
import { decoration, el } from './dom.js';

/** The five phases as steps a child can follow: an icon each, and words a parent can read out. */
const STEPS: { phase: Phase; icon: string; label: string }[] = [
  { phase: 'identifying', icon: '📚', label: 'Your book' },
  { phase: 'discussing', icon: '💬', label: 'Talk about it' },
  { phase: 'designing', icon: '✏️', label: 'Plan the game' },
  { phase: 'generating', icon: '🔧', label: 'Build it' },
  { phase: 'complete', icon: '🎮', label: 'Play!' },
];

export function renderPhaseStrip(list: HTMLOListElement): (phase: Phase) => void {
  const items = STEPS.map((step, i) => {
    const li = document.createElement('li');
    li.className = 'phase';
    const icon = decoration('phase-icon', step.icon);
    const label = el('span', 'phase-label', step.label);
    // Screen readers hear "Step 2 of 5: Talk about it, done".
    const state = document.createElement('span');
    state.className = 'sr-only';
    li.append(icon, label, state);
    list.append(li);
    return { li, state, index: i };
  });
  return (phase) => {
    const now = Math.max(
      0,
      STEPS.findIndex((s) => s.phase === phase),
    );
    for (const { li, state, index } of items) {
      li.classList.toggle('is-done', index < now);
      li.classList.toggle('is-current', index === now);
      if (index === now) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
      state.textContent = index < now ? ' (done)' : index === now ? ' (now)' : '';
    }
  };
}
