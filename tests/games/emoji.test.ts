import { describe, expect, it } from 'vitest';
import {
  creatureEmojiFor,
  dictionaryEntries,
  distinctEmoji,
  EMOJI_WORD_COUNT,
  emojiFor,
  isCreatureEmoji,
  kindOfPhrase,
  kindOfWord,
  wordForEmoji,
} from '../../src/games/emoji.js';
import { ANIMALS, FOOD, NATURE, PEOPLE, THINGS } from '../../src/games/emoji-words.js';

// One emoji a phone draws as a picture (a flag or a ZWJ family is one).
// biome-ignore lint/complexity/useRegexLiterals: tsc (target ES2022) rejects a `v` literal; Node 20 runs it.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

describe('the emoji dictionary', () => {
  it('knows at least 500 child-vocabulary nouns, every one a real single emoji', () => {
    expect(EMOJI_WORD_COUNT).toBeGreaterThanOrEqual(500);
    for (const [word, emoji] of dictionaryEntries())
      expect([word, ONE_EMOJI.test(emoji)]).toEqual([word, true]);
    // Every kind a child talks about.
    expect(Object.keys(ANIMALS).length).toBeGreaterThan(120);
    expect(Object.keys(FOOD).length).toBeGreaterThan(100);
    expect(Object.keys(THINGS).length).toBeGreaterThan(150);
    expect(Object.keys(NATURE).length).toBeGreaterThan(60);
    expect(Object.keys(PEOPLE).length).toBeGreaterThan(60);
  });
});

describe('emojiFor', () => {
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

  it.each([
    // Things children name that used to be a star or a smiley.
    ['lollipops', '🍭'],
    ['pickles', '🥒'],
    ['a snail', '🐌'],
    ['snails', '🐌'],
    ['unicorns', '🦄'],
    ['robots', '🤖'],
    ['rockets', '🚀'],
    ['sandwiches', '🥪'],
    ['mice', '🐭'],
    ['geese', '🦆'],
    ['knives', '🔪'],
    ['puppies', '🐶'],
    ['cherries', '🍒'],
    ['potatoes', '🥔'],
    ['fairies', '🧚'],
    ['butterflies', '🦋'],
    ['polar bears', '🐻‍❄️'],
    ['dinosaurs', '🦖'],
    ['fire engine', '🚒'],
    ['snowmen', '⛄'],
  ])('%j → %s (plurals)', (name, emoji) => {
    expect(emojiFor(name)).toBe(emoji);
  });

  it.each([
    ['lolypops', '🍭'],
    ['lollypop', '🍭'],
    ['caterpiller', '🐛'],
    ['dinasaur', '🦖'],
    ['elefant', '🐘'],
    ['choclate', '🍫'],
    ['spagetti', '🍝'],
    ['snial', '🐌'],
    ['elephnat', '🐘'],
    ['spidder', '🕷️'],
    ['pengiun', '🐧'],
    ['grufalo', '👹'],
  ])('%j → %s (misspellings)', (name, emoji) => {
    expect(emojiFor(name)).toBe(emoji);
  });

  it.each([
    ['the Cat in the Hat', '🐱'],
    ['Fox in Socks', '🦊'],
    ['the Man with the Yellow Hat', '👨'],
    ['a bowl of milk', '🥛'],
    ['cups of tea', '☕'],
    ['the king of the jungle', '🤴'],
    ['a dragon who loves tacos', '🐉'],
  ])('%j → %s (the head noun, not the last word)', (name, emoji) => {
    expect(emojiFor(name)).toBe(emoji);
  });

  it('keeps an emoji the child typed, and reads words in other languages it knows', () => {
    expect(emojiFor('my 🦄')).toBe('🦄');
    expect(emojiFor('el dragón')).toBe('🐉');
    expect(emojiFor('gato')).toBe('🐱');
  });

  it('does not read common words as near-misses ("trick" is not "truck", "could" not "cloud")', () => {
    expect(emojiFor('tricks', '?')).toBe('?');
    expect(emojiFor('could', '?')).toBe('?');
    expect(kindOfWord('tricks')).toBeUndefined();
  });

  it('falls back when it does not know the word', () => {
    expect(emojiFor('zorblax')).toBe('⭐');
    expect(emojiFor('zorblax', '🙂')).toBe('🙂');
    expect(emojiFor('', '🙂')).toBe('🙂');
  });
});

describe('kinds and pictures', () => {
  it('tells creatures from things', () => {
    expect(kindOfWord('bunnies')).toBe('creature');
    expect(kindOfWord('tacos')).toBe('thing');
    expect(kindOfWord('zorblax')).toBeUndefined();
    expect(kindOfPhrase('ice cream')).toBe('thing');
    expect(kindOfPhrase('polar bears')).toBe('creature');
    expect(kindOfPhrase('big dog')).toBeUndefined();
  });

  it('reads an emoji back as its plain word', () => {
    expect(wordForEmoji('🐉')).toBe('dragon');
    expect(wordForEmoji('⭐')).toBe('star');
    expect(wordForEmoji('🐻')).toBe('bear');
    expect(isCreatureEmoji('🐉')).toBe(true);
    expect(isCreatureEmoji('🎩')).toBe(false);
    expect(isCreatureEmoji('👑')).toBe(false);
  });

  it('finds the creature in a name', () => {
    expect(creatureEmojiFor('Cat in the Hat')).toBe('🐱');
    expect(creatureEmojiFor('Max')).toBeUndefined();
  });

  it('gives a picture not yet used: a close relative, else a shape (a hero gets a person)', () => {
    expect(distinctEmoji('🐉', new Set())).toBe('🐉');
    expect(distinctEmoji('🐉', new Set(['🐉']))).toBe('🐲');
    expect(distinctEmoji('👑', new Set(['👑']))).toBe('💍');
    expect(distinctEmoji('🌮', new Set(['🌮']))).toBe('🌯');
    expect(distinctEmoji('🧀', new Set(['🧀']))).toBe('✨');
    expect(distinctEmoji('🧒', new Set(['🧒']), true)).toBe('🦸');
  });
});
