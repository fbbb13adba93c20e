import { describe, expect, it } from 'vitest';
import { EMOJI_WORD_COUNT, emojiFor, kindOfWord } from '../../src/games/emoji.js';

describe('emojiFor', () => {
  it('knows about 150+ kid words', () => {
    expect(EMOJI_WORD_COUNT).toBeGreaterThanOrEqual(150);
  });

  it.each([
    ['taco', '🌮'],
    ['tacos', '🌮'],
    ['dragon', '🐉'],
    ['Dragons', '🐉'],
    ['star', '⭐'],
    ['apple', '🍎'],
    ['cookies', '🍪'],
    ['cat', '🐱'],
    ['pigeon', '🐦'],
    ['bus', '🚌'],
    ['ghost', '👻'],
    ['berries', '🍓'],
    ['leaves', '🍃'],
    ['wolves', '🐺'],
    ['spicy salsa', '🌶️'],
    ['the big bad wolf', '🐺'],
    ['Hot Dogs', '🌭'],
    ['ice cream', '🍦'],
    ['my grandma’s cookies', '🍪'],
    ['golden eggs', '🥚'],
  ])('%j → %s', (name, emoji) => {
    expect(emojiFor(name)).toBe(emoji);
  });

  it('falls back when it does not know the word', () => {
    expect(emojiFor('zorblax')).toBe('⭐');
    expect(emojiFor('zorblax', '🙂')).toBe('🙂');
    expect(emojiFor('', '🙂')).toBe('🙂');
  });

  it('tells creatures from things', () => {
    expect(kindOfWord('bunnies')).toBe('creature');
    expect(kindOfWord('tacos')).toBe('thing');
    expect(kindOfWord('zorblax')).toBeUndefined();
  });
});
