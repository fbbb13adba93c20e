import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/agents/compile-spec.js';
import { remixSpec } from '../../../src/agents/offline/remix.js';
import { GameSpecSchema } from '../../../src/games/spec.js';

const base = compileSpec({
  book: { title: 'Dragons Love Tacos' },
  analysis: null,
  design: {
    gameType: 'catcher',
    hero: { name: 'Dragon' },
    collectibles: [{ name: 'tacos' }],
    hazards: [{ name: 'spicy salsa' }],
  },
});

describe('remixSpec', () => {
  it('makes the hero faster or slower', () => {
    const faster = remixSpec(base, 'make the dragon faster');
    expect(faster?.spec.hero.speed).toBeGreaterThan(base.hero.speed);
    expect(remixSpec(base, 'slower please')?.spec.hero.speed).toBeLessThan(base.hero.speed);
  });

  it('targets a hazard the child names', () => {
    const r = remixSpec(base, 'make the salsa faster');
    expect(r?.spec.hazards[0]?.speed).toBeGreaterThan(base.hazards[0]?.speed ?? 0);
    expect(r?.spec.hero.speed).toBe(base.hero.speed);
  });

  it('changes counts and difficulty', () => {
    expect(remixSpec(base, 'more tacos')?.spec.collectibles[0]?.count).toBeGreaterThan(
      base.collectibles[0]?.count ?? 0,
    );
    expect(remixSpec(base, 'harder')?.spec.difficulty).toBe('normal');
    expect(remixSpec(base, 'make it easier')?.spec.lives).toBe(4);
    expect(remixSpec(base, 'night time')?.spec.setting.night).toBe(true);
  });

  it('always returns a valid spec and ignores what it does not know', () => {
    for (const m of ['faster', 'slower', 'more', 'fewer salsa', 'harder', 'easier', 'night', 'jump higher']) {
      const r = remixSpec(base, m);
      expect(r).not.toBeNull();
      GameSpecSchema.parse(r?.spec);
    }
    expect(remixSpec(base, 'add a unicorn that sings')).toBeNull();
    // The original is untouched (pure).
    expect(base.hero.speed).toBe(1);
  });
});
