/**
 * While Bolt builds the game: a checklist that ticks through the real steps (design, sprites, level,
 * test), not a bare spinner. The offline build takes well under a second, so the steps are paced
 * to be seen; when a build really takes time, the last step waits until the game is ready.
 */

const STEPS = ['Reading your design', 'Drawing the sprites', 'Building the level', 'Testing the game'];

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export interface ProgressView {
  /** Shows the checklist and ticks the steps; resolves once all but the last are done. */
  run(): Promise<void>;
  /** Ticks the last step. */
  finish(): void;
  /** The server's own words for the step it is on ("Checking that your game works…"). */
  note(message: string): void;
  hide(): void;
}

export function createProgressView(root: HTMLElement): ProgressView {
  const list = root.querySelector('ol') as HTMLOListElement;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let items: HTMLLIElement[] = [];
  // Beside the checklist, not in its live region: the ticking steps are what gets announced.
  const noteEl = document.createElement('p');
  noteEl.className = 'progress-note';
  noteEl.hidden = true;
  list.after(noteEl);

  function mark(li: HTMLLIElement | undefined, state: 'doing' | 'done') {
    if (!li) return;
    li.className = `step is-${state}`;
    const mark = li.querySelector('.step-mark');
    if (mark) mark.textContent = state === 'done' ? '✅' : '⏳';
    const sr = li.querySelector('.sr-only');
    if (sr) sr.textContent = state === 'done' ? ' (done)' : ' (working)';
  }

  return {
    async run() {
      list.replaceChildren();
      noteEl.hidden = true;
      noteEl.textContent = '';
      items = STEPS.map((text) => {
        const li = document.createElement('li');
        li.className = 'step';
        const m = document.createElement('span');
        m.className = 'step-mark';
        m.setAttribute('aria-hidden', 'true');
        m.textContent = '⬜';
        const label = document.createElement('span');
        label.textContent = `${text}…`;
        const sr = document.createElement('span');
        sr.className = 'sr-only';
        li.append(m, label, sr);
        list.append(li);
        return li;
      });
      root.hidden = false;
      const pace = reducedMotion() ? 250 : 550;
      for (let i = 0; i < items.length - 1; i++) {
        mark(items[i], 'doing');
        await sleep(pace);
        mark(items[i], 'done');
      }
      mark(items[items.length - 1], 'doing');
      await sleep(pace);
    },
    finish() {
      for (const li of items) mark(li, 'done');
    },
    note(message) {
      noteEl.textContent = message;
      noteEl.hidden = message === '';
    },
    hide() {
      root.hidden = true;
    },
  };
}
