import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/games/catalogue.js';
import { DEFAULT_GOAL, repairSpec } from '../../src/games/repair.js';
import { GAME_TYPES, GameSpecSchema } from '../../src/games/spec.js';

/** Agents produce imperfect designs; every one of them must become a valid, playable spec. */

describe('GameSpec validation', () => {
  it('accepts every catalogue example, one per type', () => {
    expect(CATALOGUE.map((e) => e.type)).toEqual([...GAME_TYPES]);
    for (const e of CATALOGUE) expect(GameSpecSchema.safeParse(e.example).success).toBe(true);
  });

  it('rejects unknown types, huge counts, long titles and non-string names', () => {
    const good = CATALOGUE[0]?.example;
    const bad = [
      { ...good, type: 'top down' },
      { ...good, title: 'x'.repeat(500) },
      { ...good, collectibles: [{ name: 'Star', emoji: '⭐', points: 10, count: 5000 }] },
      { ...good, hero: { ...good?.hero, name: 42 } },
      { ...good, lives: 0 },
      { ...good, version: 2 },
    ];
    for (const spec of bad) expect(GameSpecSchema.safeParse(spec).success).toBe(false);
  });
});

describe('repairSpec', () => {
  it('turns nothing at all into a valid game', () => {
    for (const input of [undefined, null, 42, 'a game', [], {}]) {
      expect(GameSpecSchema.safeParse(repairSpec(input)).success).toBe(true);
    }
  });

  it('maps loose type names to types', () => {
    expect(repairSpec({ type: 'top down' }).type).toBe('collector');
    expect(repairSpec({ type: 'Labyrinth' }).type).toBe('maze');
    expect(repairSpec({ type: 'dodge' }).type).toBe('avoider');
    expect(repairSpec({ type: 'flight simulator' }).type).toBe('collector');
  });

  it('bounds huge counts, long titles and odd values', () => {
    const spec = repairSpec({
      type: 'platformer',
      title: `A${'very '.repeat(100)}long title`,
      hero: { name: 12345, emoji: '', speed: 99, jump: -3 },
      collectibles: [{ name: 'Gem', count: 10_000, points: 'lots' }, 'Star', 'Moon', 'Sun'],
      hazards: Array.from({ length: 10 }, () => ({ name: 'Bat', behaviour: 'teleport', count: 99 })),
      lives: 'a hundred',
      timeLimit: 5,
      difficulty: 'IMPOSSIBLE',
    });
    expect(spec.title.length).toBeLessThanOrEqual(60);
    expect(spec.hero).toMatchObject({ name: '12345', speed: 2, jump: 0.5 });
    expect(spec.collectibles).toHaveLength(3);
    expect(spec.collectibles[0]).toMatchObject({ count: 40, points: 10 });
    expect(spec.hazards).toHaveLength(3);
    expect(spec.hazards[0]).toMatchObject({ behaviour: 'patrol', count: 12 });
    expect(spec.lives).toBe(3);
    expect(spec.timeLimit).toBe(15);
    expect(spec.difficulty).toBe('easy');
  });

  it('keeps hostile text as text, and keeps unlimited lives', () => {
    const spec = repairSpec({
      type: 'maze',
      title: '</script><script>window.__pwned=1</script>',
      hero: { name: `Max's "Crown"`, emoji: '🦸🏽‍♀️' },
      lives: 'unlimited',
    });
    expect(spec.title).toBe('</script><script>window.__pwned=1</script>');
    expect(spec.hero.name).toBe(`Max's "Crown"`);
    expect(spec.lives).toBe('unlimited');
    expect(spec.goal).toEqual(DEFAULT_GOAL.maze);
  });

  it('leaves a valid spec as it is', () => {
    for (const e of CATALOGUE) expect(repairSpec(e.example)).toEqual(e.example);
  });
});
