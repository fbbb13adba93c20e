import type { GameSpec } from '../games/spec.js';
import { cellCentre } from '../runtime/logic/maze.js';
import { createRng, mixSeed, type Rng } from '../runtime/logic/rng.js';
import { type Entity, type Input, type MazeData, STEP, type World } from '../runtime/logic/world.js';
import { childEyes, type Eyes, perfectEyes } from './eyes.js';
import { planField } from './field.js';
import { newMazeMind, planMazeStep } from './maze-plan.js';
import { type PlatformMove, platformTarget, routeMove, saferMove } from './platformer-plan.js';
import { planRunnerJump } from './runner-plan.js';
import type { Controller } from './simulate.js';
import { CHILD, PERFECT, type Skill, skillFor } from './skill.js';

/**
 * The bots: a controller per game type that sees through its eyes (perfect, or a child's late
 * ones), plans with the type's planner, and plays through the same inputs a page gives the game:
 * a finger's target, a tap to jump, held keys. The child-like bot also aims imprecisely, jumps a
 * little early or late, and now and then slips.
 */

/** A normal deviate (Box–Muller) from the bot's own generator. */
function gauss(rng: Rng): number {
  const u = Math.max(1e-9, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const release = (input: Input) => {
  input.left = input.right = input.up = input.down = input.jump = false;
};

export function makeBot(spec: GameSpec, baseSkill: Skill, seed: number): Controller {
  const skill = skillFor(baseSkill, spec.type);
  const rng = createRng(mixSeed(seed, skill.name === 'perfect' ? 101 : 202));
  const eyes: Eyes = skill.name === 'perfect' ? perfectEyes() : childEyes(skill, rng);
  const decideSteps = Math.max(1, Math.round(skill.decideEvery / STEP));
  let step = 0;
  let slipUntil = -1;
  let slipKind = 0;
  let pauseUntil = -1;
  let seenWorld: World | null = null;
  let seenCollected = 0;

  /** A child stops to look around at the start of a level and after getting something. */
  const pausing = (w: World): boolean => {
    if (skill.pause[1] <= 0) return false;
    if (w !== seenWorld || w.collected !== seenCollected) {
      seenWorld = w;
      seenCollected = w.collected;
      pauseUntil = step + Math.round(rng.range(skill.pause[0], skill.pause[1]) / STEP);
    }
    return step < pauseUntil;
  };

  /** The thing a child has set their heart on: one of the few nearest, kept until it is gone. */
  let favourite: number | null = null;
  const pickFavourite = (w: World): number | null => {
    if (skill.choose <= 1) return null;
    if (favourite !== null && w.entities.some((e) => e.id === favourite)) return favourite;
    const items = w.entities
      .filter((e) => e.kind === 'item' && (w.type !== 'catcher' || e.y < w.hero.y - 40))
      .map((e) => ({ id: e.id, d: Math.abs(e.x - w.hero.x) + Math.abs(e.y - w.hero.y) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, skill.choose);
    favourite = items.length > 0 ? (rng.pick(items) as { id: number }).id : null;
    return favourite;
  };

  /** Whether the player is in the middle of a slip (and starts one now and then). */
  const slipping = (): boolean => {
    if (step < slipUntil) return true;
    if (skill.slipRate > 0 && rng.next() < skill.slipRate * STEP) {
      slipUntil = step + Math.round(rng.range(skill.slipSeconds[0], skill.slipSeconds[1]) / STEP);
      slipKind = rng.int(0, 1);
      return true;
    }
    return false;
  };

  switch (spec.type) {
    case 'collector':
    case 'avoider':
    case 'catcher': {
      let target: { x: number; y: number } | null = null;
      return (w, input) => {
        eyes.see(w);
        step++;
        release(input);
        if (slipping()) {
          // A finger that wanders off, or lets go.
          if (step % decideSteps === 0)
            target =
              slipKind === 0
                ? { x: w.hero.x + rng.range(-150, 150), y: w.hero.y + rng.range(-150, 150) }
                : null;
        } else if (step % decideSteps === 1 || decideSteps === 1) {
          const idle = w.type === 'collector' && pausing(w);
          const choice = planField(eyes.believe(w), skill, pickFavourite(w), idle);
          target = choice.target;
          if (target && skill.aim > 0) {
            target = { x: target.x + gauss(rng) * skill.aim, y: target.y + gauss(rng) * skill.aim };
          }
        }
        input.target = target;
      };
    }

    case 'runner': {
      let jumpAt = -1;
      return (w, input) => {
        eyes.see(w);
        step++;
        release(input);
        input.jumpTap = false;
        if (slipping()) {
          // Forgets to jump, or taps for no reason at the start of the slip.
          if (slipKind === 1 && step === slipUntil - 1) input.jumpTap = true;
          jumpAt = -1;
          return;
        }
        if (step % decideSteps === 1 || decideSteps === 1) {
          const when = planRunnerJump(eyes.believe(w), skill);
          jumpAt = when === null ? -1 : step + when + Math.round((gauss(rng) * skill.jitter) / STEP);
        }
        if (jumpAt >= 0 && step >= jumpAt && w.hero.grounded) {
          input.jumpTap = true;
          jumpAt = -1;
        }
      };
    }

    case 'maze': {
      const mind = newMazeMind();
      let waitUntil = -1;
      let lastDir = 0;
      let movedAt = 0;
      let lastCell = -1;
      return (w, input) => {
        eyes.see(w);
        step++;
        release(input);
        input.target = null;
        const hero = w.hero;
        if (hero.a !== lastCell || hero.b !== -1) {
          lastCell = hero.a;
          movedAt = step;
        }
        if (hero.b !== -1 || step < waitUntil || pausing(w)) return;
        const m = w.maze as MazeData;
        let next: number | null;
        if (slipping()) {
          const options = [hero.a - 1, hero.a + 1, hero.a - m.cols, hero.a + m.cols];
          next = slipKind === 0 ? rng.pick(options) : null;
        } else {
          // Kept waiting a long time by a hazard in the only way on, with a life to spare: go.
          const spare = w.lives === 'unlimited' || w.lives > 1;
          const bold = spare && (step - movedAt) * STEP > (skill.name === 'perfect' ? 8 : 5);
          next = planMazeStep(eyes.believe(w), skill, rng, mind, bold);
        }
        if (next === null) {
          // Nothing safe to do: look again in a moment rather than every step.
          waitUntil = step + decideSteps;
          return;
        }
        const dir = next - hero.a;
        // A child stops to think before changing direction.
        if (skill.reaction > 0 && dir !== lastDir && waitUntil < step - 1) {
          waitUntil = step + Math.round((skill.reaction * rng.range(0.5, 1.2)) / STEP);
          lastDir = dir;
          return;
        }
        lastDir = dir;
        if (dir === 1) input.right = true;
        else if (dir === -1) input.left = true;
        else if (dir === m.cols) input.down = true;
        else if (dir === -m.cols) input.up = true;
        else input.target = cellCentre(m, next);
      };
    }

    case 'platformer': {
      const still: PlatformMove = { left: false, right: false, jump: false, down: false };
      let override: PlatformMove | null = null;
      let overrideUntil = -1;
      let aim = 0;
      let goalId: number | null = null;
      let goal: Entity | null = null;
      let avoid = new Set<number>();
      let progressAt = 0;
      let progressWorld: World | null = null;
      let progressCount = -1;
      let dareUntil = -1e9;
      return (w, input) => {
        eyes.see(w);
        step++;
        release(input);
        if (w !== progressWorld || w.collected !== progressCount) {
          progressWorld = w;
          progressCount = w.collected;
          progressAt = step;
          avoid = new Set();
        } else if (step - progressAt > 12 / STEP && goalId !== null) {
          // Going round in circles: give up on that item for a while.
          avoid.add(goalId);
          goalId = null;
          progressAt = step;
        }
        // Held back by hazards for long, anyone makes a dash for it.
        const stuckFor = (step - progressAt) * STEP;
        if (stuckFor > (skill.name === 'perfect' ? 6 : 4) && step > dareUntil + 3 / STEP) {
          dareUntil = step + Math.round(2 / STEP);
        }
        let m: PlatformMove;
        if (slipping()) {
          m = { ...still, left: slipKind === 0, right: slipKind === 1 };
        } else {
          if (step % decideSteps === 1 || decideSteps === 1) {
            if (rng.next() < 0.2) aim = gauss(rng) * skill.aim;
            override = step < dareUntil ? null : saferMove(eyes.believe(w), skill, goalId, avoid);
            overrideUntil = step + decideSteps;
          }
          // The route is followed step by step (keys are held and let go as the hero gets there);
          // a safer move found by the look-ahead is held until the next decision, even while the
          // child stops to look around.
          if (override && step < overrideUntil) {
            m = override;
            override = { ...override, jump: false };
          } else {
            // Choosing what to go for is a decision; following the way there is every step.
            if (
              step % decideSteps === 1 ||
              decideSteps === 1 ||
              !goal ||
              goal.dead ||
              !w.entities.includes(goal)
            ) {
              goal = platformTarget(w, goalId, avoid);
              goalId = goal?.id ?? null;
            }
            m = pausing(w) ? still : routeMove(w, goal, aim);
          }
        }
        input.left = m.left;
        input.right = m.right;
        input.down = m.down;
        input.jump = m.jump;
      };
    }
  }
}

export const perfectBot = (spec: GameSpec, seed: number): Controller => makeBot(spec, PERFECT, seed);
export const childBot = (spec: GameSpec, seed: number): Controller => makeBot(spec, CHILD, seed);
