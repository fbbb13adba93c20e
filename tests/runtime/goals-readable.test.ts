import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { repairSpec } from '../../src/games/repair.js';
import { GAME_TYPES, type GameSpec, GOALS } from '../../src/games/spec.js';
import { createGame } from '../../src/runtime/logic/game.js';
import { howToPlay, hudGoal, levelNews } from '../../src/runtime/logic/how-to-play.js';
import { levelCount } from '../../src/runtime/logic/levels.js';

/**
 * Goals a 5-year-old can read (issue 31.5): over every type, every goal a spec can ask for and
 * every level, the card (title or level-up) shows the same number as the HUD, counts are small,
 * and the line read aloud names the goal the level really has.
 */

const specFor = (type: (typeof GAME_TYPES)[number], kind: (typeof GOALS)[number]): GameSpec =>
  repairSpec({ ...catalogueEntry(type).example, goal: { kind, target: kind === 'survive' ? 45 : 900 } });

const number = (label: string) => Number(label.replace(/[^0-9]/g, ''));

const CASES = GAME_TYPES.flatMap((type) => GOALS.map((kind) => [type, kind] as const));

describe('goals a child can read', () => {
  it.each(CASES)('%s asked for %s: card == HUD, small counts, the real goal said', (type, kind) => {
    const spec = specFor(type, kind);
    for (let n = 1; n <= levelCount(spec); n++) {
      const model = createGame(spec, { seed: 1234 + n, startLevel: n });
      model.start();
      const s = model.snapshot();
      expect(s.level).toBe(n);
      const card = n === 1 ? howToPlay(spec, s.goal).goal : levelNews(spec, n, s.goal).changes;
      const say = n === 1 ? howToPlay(spec, s.goal).say : levelNews(spec, n, s.goal).say;
      const where = `${type}/${kind} level ${n}: "${say}"`;
      const thing = spec.collectibles[0]?.name ?? '';
      switch (s.goal.kind) {
        case 'collect-all': {
          const hud = hudGoal('x', s);
          const total = s.goal.total;
          expect(hud, where).toBe(`x 0 / ${total}`);
          expect(
            card.map((c) => c.label),
            where,
          ).toContain(`×${total}`);
          expect(total, where).toBeLessThanOrEqual(30);
          expect(say, where).toContain(`${total} ${thing}`);
          break;
        }
        case 'survive': {
          expect(
            card.map((c) => number(c.label)),
            where,
          ).toContain(s.goal.seconds);
          expect(s.timeLeft, where).toBe(s.goal.seconds);
          expect(say, where).toContain(`${s.goal.seconds} seconds`);
          break;
        }
        case 'reach-exit': {
          expect(say, where).toMatch(type === 'runner' ? /flag/ : /door/);
          // Never "find the Nuts" when the goal is the door.
          expect(say.toLowerCase(), where).not.toContain(`find the ${thing.toLowerCase()}`);
          break;
        }
        default:
          // Points are never the goal a child is asked to read.
          throw new Error(`${where}: a ${s.goal.kind} goal`);
      }
    }
  });
});
