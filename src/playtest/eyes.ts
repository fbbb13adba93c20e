import { cloneWorld } from '../runtime/logic/game.js';
import type { Rng } from '../runtime/logic/rng.js';
import { STEP, type World } from '../runtime/logic/world.js';
import type { Skill } from './skill.js';

/**
 * What a player believes the world looks like. Perfect eyes see it as it is. A child's eyes see
 * everything but their own hero as it was `reaction` seconds ago, moved on by a partial guess of
 * where it was going; things that appeared since are not seen yet, and now and then a hazard away
 * from the hero is not noticed at all.
 */
export interface Eyes {
  /** Called before every step: remembers what is on screen. */
  see(w: World): void;
  /** The world as believed now. With perfect eyes this is `w` itself: read it, never change it. */
  believe(w: World): World;
}

export const perfectEyes = (): Eyes => ({ see: () => undefined, believe: (w) => w });

/** Snapshots every few steps are plenty for a 400 ms delay, and cheap. */
const EVERY = 3;
/** Room for this many things on screen per snapshot (more are simply not remembered). */
const MAX_THINGS = 96;

/** One remembered moment: ids and positions in flat, reused arrays (this runs every few steps). */
class Glimpse {
  step = -1;
  count = 0;
  readonly ids = new Int32Array(MAX_THINGS);
  readonly xs = new Float64Array(MAX_THINGS);
  readonly ys = new Float64Array(MAX_THINGS);

  indexOf(id: number): number {
    for (let i = 0; i < this.count; i++) if (this.ids[i] === id) return i;
    return -1;
  }
}

export function childEyes(skill: Skill, rng: Rng): Eyes {
  const lag = Math.max(1, Math.round(skill.reaction / STEP));
  const ring = Array.from({ length: Math.ceil(lag / EVERY) + 4 }, () => new Glimpse());
  let world: World | null = null;
  let step = 0;

  /** The latest glimpse taken at or before step `s`. */
  const glimpseAt = (s: number): Glimpse | undefined => {
    let best: Glimpse | undefined;
    for (const g of ring) if (g.step >= 0 && g.step <= s && (!best || g.step > best.step)) best = g;
    return best;
  };

  return {
    see(w) {
      if (w !== world) {
        // A new level: new things, new ids.
        world = w;
        for (const g of ring) g.step = -1;
      }
      step++;
      if (step % EVERY !== 0) return;
      const g = ring[(step / EVERY) % ring.length] as Glimpse;
      g.step = step;
      g.count = Math.min(MAX_THINGS, w.entities.length);
      for (let i = 0; i < g.count; i++) {
        const e = w.entities[i] as World['hero'];
        g.ids[i] = e.id;
        g.xs[i] = e.x;
        g.ys[i] = e.y;
      }
    },
    believe(w) {
      const seen = cloneWorld(w);
      const then = glimpseAt(step - lag);
      if (!then) return seen;
      const before = glimpseAt(then.step - EVERY);
      const ahead = (skill.reaction * rng.range(skill.anticipate[0], skill.anticipate[1])) / STEP;
      seen.entities = seen.entities.filter((e) => {
        if (e.kind === 'exit') return true;
        const i = then.indexOf(e.id);
        if (i < 0) return false;
        const px = then.xs[i] as number;
        const py = then.ys[i] as number;
        // What goes unnoticed is at the edge of attention, not what is right next to the hero.
        const far = Math.abs(px - w.hero.x) + Math.abs(py - w.hero.y) > 160;
        if (e.kind === 'hazard' && far && rng.next() < skill.overlook) return false;
        const j = before ? before.indexOf(e.id) : -1;
        const span = before ? then.step - before.step : 1;
        const qx = j >= 0 ? ((before as Glimpse).xs[j] as number) : px;
        const qy = j >= 0 ? ((before as Glimpse).ys[j] as number) : py;
        e.x = px + ((px - qx) / span) * ahead;
        e.y = py + ((py - qy) / span) * ahead;
        return true;
      });
      return seen;
    },
  };
}
