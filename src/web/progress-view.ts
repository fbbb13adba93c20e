import { PROGRESS_WORDS, type ProgressStage } from '../contract/events.js';

/**
 * While Bolt builds the game: a checklist of the generation job's real steps, in the words of the
 * contract's one wording table. A step appears when its event arrives and is ticked when the next
 * one does (or, for "ready", at once): nothing is paced or made up. Only the plain `/api/message`,
 * which sends no steps, gets the whole list ticked at once when its game arrives.
 */

/** The steps of a build that went through, in order. */
const STEPS: readonly ProgressStage[] = ['queued', 'building', 'checking', 'ready'];

export interface ProgressView {
  /** An empty checklist on screen. */
  start(): void;
  readonly started: boolean;
  /** A step of the job arrived: the steps before it are done, this one is being worked on. */
  step(stage: ProgressStage): void;
  /** The game is there: every step shown is done. */
  finish(): void;
  /** The game came without steps (the plain endpoint): the whole list, done. */
  completeAll(): void;
  hide(): void;
}

type State = 'doing' | 'done';

export function createProgressView(root: HTMLElement): ProgressView {
  const list = root.querySelector('ol') as HTMLOListElement;
  let started = false;
  /** Steps shown since the start or the last retry: a repeated event is not a new step. */
  let seen = new Set<ProgressStage>();

  function mark(li: HTMLLIElement, state: State) {
    li.className = `step is-${state}`;
    const m = li.querySelector('.step-mark');
    if (m) m.textContent = state === 'done' ? '✅' : '⏳';
    const sr = li.querySelector('.sr-only');
    if (sr) sr.textContent = state === 'done' ? ' (done)' : ' (working)';
  }

  function add(stage: ProgressStage, state: State) {
    const li = document.createElement('li');
    li.dataset.step = stage;
    const m = document.createElement('span');
    m.className = 'step-mark';
    m.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.textContent = PROGRESS_WORDS[stage];
    const sr = document.createElement('span');
    sr.className = 'sr-only';
    li.append(m, label, sr);
    mark(li, state);
    list.append(li);
  }

  const items = () => [...list.querySelectorAll<HTMLLIElement>('li')];

  return {
    get started() {
      return started;
    },
    start() {
      list.replaceChildren();
      seen = new Set();
      started = true;
      root.hidden = false;
    },
    step(stage) {
      if (!started) this.start();
      if (seen.has(stage)) return;
      seen.add(stage);
      for (const li of items()) mark(li, 'done');
      add(stage, stage === 'ready' ? 'done' : 'doing');
      // After a failed attempt the job goes through its steps again.
      if (stage === 'retrying') seen = new Set();
    },
    finish() {
      for (const li of items()) mark(li, 'done');
    },
    completeAll() {
      if (!started) this.start();
      for (const stage of STEPS) if (!seen.has(stage)) this.step(stage);
      this.finish();
    },
    hide() {
      started = false;
      root.hidden = true;
    },
  };
}
