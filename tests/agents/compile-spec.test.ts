import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/agents/compile-spec.js';
import type { BookAnalysis } from '../../src/agents/state.js';
import { bookById } from '../../src/books/catalog.js';
import { GAME_TYPES, type GameSpec, GameSpecSchema } from '../../src/games/spec.js';
import { graphemeCount } from '../../src/text/graphemes.js';
import { isStorableText } from '../../src/text/well-formed.js';

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

  const sprites = (spec: GameSpec) => [
    spec.hero.emoji,
    ...spec.collectibles.map((c) => c.emoji),
    ...spec.hazards.map((h) => h.emoji),
  ];

  it('never draws the hero like something in the game (Max is not a crown collecting crowns)', () => {
    const max = compileSpec({
      book: { title: 'Where the Wild Things Are', catalogId: 'where-the-wild-things-are' },
      analysis: null,
      design: {
        gameType: 'maze',
        hero: { name: 'Max' },
        collectibles: [{ name: 'crowns' }],
        hazards: [{ name: 'Wild Things' }],
      },
      catalogBook: bookById('where-the-wild-things-are'),
    });
    expect(max.collectibles[0]?.emoji).toBe('👑');
    expect(max.hero.emoji).not.toBe('👑');
    expect(new Set(sprites(max)).size).toBe(sprites(max).length);

    const cat = compileSpec({
      book: { title: 'The Cat in the Hat', catalogId: 'cat-in-the-hat' },
      analysis: null,
      design: {
        gameType: 'catcher',
        hero: { name: 'Cat in the Hat' },
        collectibles: [{ name: 'hats' }],
        hazards: [{ name: 'fish' }],
      },
      catalogBook: bookById('cat-in-the-hat'),
    });
    // The Cat in the Hat is a cat, even though the book draws a hat.
    expect(cat.hero.emoji).toBe('🐱');
    expect(cat.collectibles[0]?.emoji).toBe('🎩');

    const dragons = compileSpec({
      book: { title: 'Dragon Day' },
      analysis: null,
      design: {
        hero: { name: 'dragon' },
        collectibles: [{ name: 'tacos' }, { name: 'burritos' }],
        hazards: [{ name: 'dragons' }],
      },
    });
    expect(dragons.hero.emoji).toBe('🐉');
    expect(new Set(sprites(dragons)).size).toBe(sprites(dragons).length);
  });

  it('keeps scrubber placeholders out of every name, title and line', () => {
    const spec = compileSpec({
      book: { title: "[name]'s Story" },
      analysis: null,
      design: {
        hero: { name: '[name]' },
        collectibles: [{ name: '[name] stars' }, { name: '[school]' }],
        hazards: [{ name: '[name]' }],
        setting: 'at [school]',
      },
    });
    GameSpecSchema.parse(spec);
    expect(JSON.stringify(spec)).not.toMatch(/\[\s*(?:name|school)\s*\]/i);
    expect(spec.hero.name).toBe('Hero');
    expect(spec.collectibles.map((c) => c.name)).toEqual(['stars']);
  });

  it('titles the game with the thing itself ("lots of food cake" is a Cake Hunt)', () => {
    const spec = compileSpec({
      book: { title: 'The Very Hungry Caterpillar', catalogId: 'very-hungry-caterpillar' },
      analysis: null,
      design: {
        gameType: 'collector',
        hero: { name: 'Caterpillar' },
        collectibles: [{ name: 'lots of food cake' }],
      },
      catalogBook: bookById('very-hungry-caterpillar'),
    });
    expect(spec.title).toBe("Caterpillar's Cake Hunt");
    const eggs = compileSpec({
      book: { title: 'Green Eggs and Ham' },
      analysis: null,
      design: {
        gameType: 'runner',
        hero: { name: 'hungry caterpillar' },
        collectibles: [{ name: 'green eggs' }],
      },
    });
    expect(eggs.title).toBe("Hungry Caterpillar's Green Eggs Run");
  });

  it('cuts long names on grapheme edges: never half an emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    for (let pad = 0; pad < 4; pad++) {
      const name = `${'x'.repeat(pad)}${family.repeat(30)}`;
      const spec = compileSpec({
        book: { title: `${'🐉'.repeat(100)}` },
        analysis: null,
        design: {
          hero: { name },
          collectibles: [{ name: `${'a'.repeat(pad)}${'🦄'.repeat(60)}` }],
          hazards: [],
        },
      });
      GameSpecSchema.parse(spec);
      expect(graphemeCount(spec.title)).toBeLessThanOrEqual(60);
      const strings = JSON.stringify(spec).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
      for (const s of strings) expect(isStorableText(JSON.parse(s) as string)).toBe(true);
      expect(JSON.stringify(spec)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
    }
  });
});
