import { type GameSpec, GameSpecSchema } from '../games/spec.js';
import { askedTarget, goalKind } from '../runtime/logic/goals.js';
import {
  CHILD_MAX_MS,
  CHILD_MIN_MS,
  DEFAULT_SEEDS,
  type PlaytestOptions,
  type PlaytestOutcome,
  playtestWith,
  runChild,
} from './playtest.js';
import type { RunResult } from './simulate.js';

/**
 * Adjusts a spec until it plays well (see playtestSpec): longer or shorter by scaling what the goal
 * asks for, kinder by slowing and thinning hazards, then easing the difficulty and adding lives.
 * Only the spec's own knobs move, inside the schema's bounds; the result is re-validated. Each
 * attempt first lets the child-like bot play one layout, and only a spec that passes that quick
 * look gets the full playtest (the perfect bot on every seed). Attempts are bounded; if none is
 * fully right, the best full playtest found is returned.
 */

export interface TuneOptions extends PlaytestOptions {
  /** Specs tried at most (default 6). */
  maxAttempts?: number;
}

export interface TuneResult {
  spec: GameSpec;
  outcome: PlaytestOutcome;
  /** How many specs were tried. */
  attempts: number;
  /** What was changed, in order, for logs and reviews. */
  changes: string[];
}

/** The middle of 2–6 minutes on a log scale: where a change of length aims. */
const AIM_MS = Math.sqrt(CHILD_MIN_MS * CHILD_MAX_MS);

const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

interface Change {
  spec: GameSpec;
  change: string;
}

/**
 * Well inside 2–6 minutes: a spec right at an edge passes on its seeds but may not on the next
 * child's layout, so the tuner nudges it inwards while it has attempts to spare.
 */
const COMFORT_MIN_MS = CHILD_MIN_MS * 1.15;
const COMFORT_MAX_MS = CHILD_MAX_MS * 0.85;

const comfortable = (o: PlaytestOutcome) =>
  o.ok && o.child.gameMs >= COMFORT_MIN_MS && o.child.gameMs <= COMFORT_MAX_MS;

/** How far from ok an outcome is (0 = ok and comfortably inside); used to keep the best attempt. */
function badness(o: PlaytestOutcome): number {
  if (o.ok) return comfortable(o) ? 0 : 0.5;
  let b = 0;
  if (!o.perfect.won) b += 1000;
  if (!o.child.finished) b += 100;
  const ms = o.child.gameMs;
  if (ms < CHILD_MIN_MS) b += (CHILD_MIN_MS - ms) / 6000;
  if (ms > CHILD_MAX_MS) b += (ms - CHILD_MAX_MS) / 6000;
  return b;
}

/** Makes the game ask for `factor` times as much (targets, seconds, counts). Null when nothing moved. */
function scaleLength(spec: GameSpec, factor: number): Change | null {
  const s = structuredClone(spec);
  const kind = goalKind(spec);
  const moved: string[] = [];
  if (kind === 'score' || kind === 'survive') {
    const asked = askedTarget(spec);
    const next = kind === 'survive' ? clampInt(asked * factor, 10, 300) : clampInt(asked * factor, 1, 10_000);
    if (next !== asked) {
      s.goal = { kind: spec.goal.kind, target: next };
      moved.push(`goal target ${asked} → ${next}`);
    }
  }
  // Counts are what collect-all asks for, cap a placed level's points, and size a maze.
  const counted =
    kind === 'collect-all' ||
    kind === 'reach-exit' ||
    spec.type === 'collector' ||
    spec.type === 'platformer';
  if (counted) {
    const before = s.collectibles.map((c) => c.count);
    for (const c of s.collectibles) c.count = clampInt(c.count * factor, 1, 40);
    const after = s.collectibles.map((c) => c.count);
    if (after.some((c, i) => c !== before[i]))
      moved.push(`collectible counts ${before.join('+')} → ${after.join('+')}`);
  }
  if (spec.timeLimit !== null && factor > 1) {
    s.timeLimit = clampInt(spec.timeLimit * factor, 15, 600);
    if (s.timeLimit !== spec.timeLimit) moved.push(`time limit ${spec.timeLimit} → ${s.timeLimit} s`);
  }
  return moved.length > 0 ? { spec: s, change: moved.join(', ') } : null;
}

/** One notch kinder: slower and fewer hazards, then an easier difficulty, then more lives. */
function soften(spec: GameSpec): Change | null {
  const s = structuredClone(spec);
  const moved: string[] = [];
  const fast = s.hazards.filter((h) => h.speed > 0.6);
  for (const h of fast) h.speed = Math.max(0.5, Math.round(h.speed * 0.7 * 100) / 100);
  if (fast.length > 0) moved.push(`hazard speeds ${s.hazards.map((h) => h.speed).join(', ')}`);
  const many = s.hazards.filter((h) => h.count > 1);
  for (const h of many) h.count = Math.max(1, Math.floor(h.count * 0.6));
  if (many.length > 0) moved.push(`hazard counts ${s.hazards.map((h) => h.count).join(', ')}`);
  // One or two lives is harsh for a young child whatever the hazards: give a couple more at once.
  if (s.lives !== 'unlimited' && s.lives <= 2) {
    s.lives += 2;
    moved.push(`lives ${spec.lives} → ${s.lives}`);
  }
  if (moved.length === 0 && s.difficulty !== 'easy') {
    s.difficulty = s.difficulty === 'hard' ? 'normal' : 'easy';
    moved.push(`difficulty ${spec.difficulty} → ${s.difficulty}`);
  }
  if (moved.length === 0 && s.hazards.some((h) => h.speed > 0.5)) {
    for (const h of s.hazards) h.speed = 0.5;
    moved.push('hazards at their slowest');
  }
  if (
    s.lives !== 'unlimited' &&
    s.lives < 9 &&
    (moved.length === 0 || s.hazards.every((h) => h.count === 1))
  ) {
    s.lives = Math.min(9, s.lives + 2);
    moved.push(`lives ${spec.lives} → ${s.lives}`);
  }
  return moved.length > 0 ? { spec: s, change: moved.join(', ') } : null;
}

/** More time on the clock (a level lost with lives left ran out of time). */
function moreTime(spec: GameSpec): Change | null {
  if (spec.timeLimit === null || spec.timeLimit >= 600) return null;
  const s = structuredClone(spec);
  s.timeLimit = clampInt(spec.timeLimit * 1.5, 15, 600);
  return { spec: s, change: `time limit ${spec.timeLimit} → ${s.timeLimit} s` };
}

/** What to change after the child-like bot's run(s): null when they look right. */
function adjustForChild(spec: GameSpec, runs: RunResult[]): Change | null | 'fine' {
  const failed = runs.filter((r) => !r.finished);
  if (failed.some((r) => r.lost && r.livesLeft !== 0)) return moreTime(spec) ?? scaleLength(spec, 0.75);
  if (failed.some((r) => r.lost)) {
    // Lost early: two notches kinder at once.
    const once = soften(spec);
    const early = failed.some((r) => r.lost && r.progress < 0.35);
    const twice = once && early ? soften(once.spec) : null;
    return twice ? { spec: twice.spec, change: `${once?.change}; ${twice.change}` } : once;
  }
  if (failed.length > 0) {
    // Still going at the budget: judge from how far it got.
    const whole = Math.max(...failed.map((r) => r.gameMs / Math.max(0.05, r.progress)));
    return scaleLength(spec, Math.max(0.2, AIM_MS / whole));
  }
  const ms = median(runs.map((r) => r.gameMs));
  if (ms < CHILD_MIN_MS || ms > CHILD_MAX_MS) {
    // Time grows about in proportion to what is asked; aim for the middle of the range. When the
    // knobs are at their ends already, this is as good as the length gets: check the rest.
    return scaleLength(spec, Math.min(4, Math.max(0.25, AIM_MS / Math.max(1000, ms)))) ?? 'fine';
  }
  return 'fine';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function tuneSpec(spec: GameSpec, opts: TuneOptions = {}): TuneResult {
  const max = Math.max(1, opts.maxAttempts ?? 6);
  const seeds = opts.seeds && opts.seeds.length > 0 ? opts.seeds : DEFAULT_SEEDS;
  const first = seeds[0] as number;
  let current = GameSpecSchema.parse(spec);
  let best: { spec: GameSpec; outcome: PlaytestOutcome; changes: string[] } | null = null;
  const changes: string[] = [];
  let attempts = 0;
  let nudged = false;
  while (attempts < max) {
    attempts++;
    const quick = runChild(current, first);
    const verdict = adjustForChild(current, [quick]);
    let next: Change | null = verdict === 'fine' ? null : verdict;
    if (verdict === 'fine') {
      const outcome = playtestWith(current, seeds, new Map([[first, quick]]));
      if (!best || badness(outcome) < badness(best.outcome))
        best = { spec: current, outcome, changes: [...changes] };
      if (comfortable(outcome)) break;
      if (outcome.ok) {
        // Right, but at an edge: one nudge towards the middle (if anything can move).
        if (nudged) break;
        nudged = true;
        next = scaleLength(current, AIM_MS / outcome.child.gameMs);
      } else if (!outcome.perfect.won) {
        next = soften(current);
      } else {
        const v = adjustForChild(
          current,
          outcome.runs.map((r) => r.child),
        );
        next = v === 'fine' ? null : v;
      }
    }
    if (!next) break;
    changes.push(next.change);
    current = GameSpecSchema.parse(next.spec);
  }
  // Every attempt fell at the quick look: give the last spec its full playtest.
  if (!best) best = { spec: current, outcome: playtestWith(current, seeds, new Map()), changes };
  return { spec: best.spec, outcome: best.outcome, attempts, changes: best.changes };
}
