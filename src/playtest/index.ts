/**
 * Playtesting a GameSpec before a child sees it: headless bots play the runtime's pure game logic
 * (see simulate.ts, bots.ts); playtestSpec says whether a spec plays well, tuneSpec nudges it until
 * it does. Depends on src/runtime/logic and src/games; nothing in those depends on this.
 */
export { childBot, makeBot, perfectBot } from './bots.js';
export {
  CHILD_MAX_MS,
  CHILD_MIN_MS,
  type PlaytestOptions,
  type PlaytestOutcome,
  playtestSpec,
} from './playtest.js';
export { type PlaytestedOptions, playtested } from './record.js';
export { type Controller, type RunResult, simulate } from './simulate.js';
export { CHILD, PERFECT, type Skill } from './skill.js';
export { type TuneOptions, type TuneResult, tuneSpec } from './tune.js';
export { inThreadPlaytester, type Playtester, startPlaytestThread } from './tune-thread.js';
