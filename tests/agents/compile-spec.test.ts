import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/agents/compile-spec.js';
import type { BookAnalysis } from '../../src/agents/state.js';
import { bookById } from '../../src/books/catalog.js';
import { GAME_TYPES, GameSpecSchema } from '../../src/games/spec.js';

const tacos = bookById('dragons-love-tacos');
const book = { title: 'Dragons Love Tacos', author: 'Adam Rubin', catalogId: 'dragons-love-tacos' };

describe('compileSpec', () => {
  it('builds a valid spec that carries the child’s words', () => {
    const spec = compileSpec({
      book,
      analysis: null,
      design: {
        gameType: 'catcher',
        hero: { name: 'Dragon' },
        collectibles: [{ name: 'tacos' }],
        hazards: [{ name: 'spicy salsa' }],
      },
      catalogBook: tacos,
    });
    expect(GameSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.type).toBe('catcher');
    expect(spec.hero).toMatchObject({ name: 'Dragon', emoji: '🐉' });
    expect(spec.collectibles[0]).toMatchObject({ name: 'tacos', emoji: '🌮' });
    expect(spec.hazards[0]).toMatchObject({ name: 'spicy salsa', emoji: '🌶️', behaviour: 'fall' });
    expect(spec.setting.palette).toEqual(tacos?.palette);
    expect(spec.book).toEqual({ title: 'Dragons Love Tacos', author: 'Adam Rubin' });
    expect(spec.title).toContain('Dragon');
    expect(spec.lines.intro).toContain('Dragon');
    expect(spec.lines.intro).toContain('tacos');
    expect(spec.lines.lose).toContain('spicy salsa');
  });

  it.each(GAME_TYPES.map((t) => [t]))('fits hazard behaviour and counts to a %s', (type) => {
    const spec = compileSpec({
      book: { title: 'The Moon Bunny' },
      analysis: null,
      design: {
        gameType: type,
        hero: { name: 'bunny' },
        collectibles: [{ name: 'carrots' }, { name: 'stars' }],
        hazards: [{ name: 'grumpy alien' }, { name: 'asteroids' }],
      },
    });
    GameSpecSchema.parse(spec);
    expect(spec.type).toBe(type);
    expect(spec.hero.name).toBe('Bunny');
    expect(spec.hero.emoji).toBe('🐰');
    expect(spec.collectibles.map((c) => c.name)).toEqual(['carrots', 'stars']);
    expect(spec.hazards.map((h) => h.name)).toEqual(['grumpy alien', 'asteroids']);
    if (type === 'catcher') expect(spec.hazards.every((h) => h.behaviour === 'fall')).toBe(true);
    if (type === 'runner') expect(spec.hazards[0]?.behaviour).toBe('static');
  });

  it('fills an empty design from the analysis, then the catalog', () => {
    const analysis: BookAnalysis = {
      characters: [{ name: 'Mouse', emoji: '🐭' }],
      setting: 'the deep dark wood',
      themes: ['woods'],
      storyObjects: [{ name: 'Nuts', emoji: '🌰' }],
      antagonist: { name: 'Gruffalo', emoji: '👹' },
      favouriteCharacter: 'Mouse',
    };
    const spec = compileSpec({
      book: { title: 'The Gruffalo' },
      analysis,
      design: {},
      catalogBook: bookById('the-gruffalo'),
    });
    expect(spec.type).toBe('maze');
    expect(spec.hero.name).toBe('Mouse');
    expect(spec.collectibles[0]?.name).toBe('Nuts');
    expect(spec.hazards[0]?.name).toBe('Gruffalo');
    expect(spec.setting.name).toBe('the deep dark wood');
  });

  it('survives hostile or huge input: always valid, text stays data', () => {
    const long = 'x'.repeat(200);
    const spec = compileSpec({
      book: { title: '</script><script>alert(1)</script>' },
      analysis: null,
      design: { hero: { name: "Max's </script> Crown" }, collectibles: [{ name: long }], hazards: [] },
    });
    GameSpecSchema.parse(spec);
    expect(spec.hero.name).toBe("Max's </script> Crown");
    expect(spec.hazards).toEqual([]);
    expect(spec.title.length).toBeLessThanOrEqual(60);
  });

  it('makes a night setting from bedtime words and a palette from the place', () => {
    const spec = compileSpec({
      book: { title: 'Sleepy Owl' },
      analysis: null,
      design: { hero: { name: 'Owl' }, collectibles: [{ name: 'stars' }], setting: 'the forest at night' },
    });
    expect(spec.setting.night).toBe(true);
    expect(spec.setting.palette.sky).toMatch(/^#[0-9a-f]{6}$/);
  });
});
