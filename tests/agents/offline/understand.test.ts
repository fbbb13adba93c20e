import { describe, expect, it } from 'vitest';
import { hasRequest, isHold, isRush, readRequest } from '../../../src/agents/offline/intent.js';
import { asNounPhrase, nounRuns, prepare } from '../../../src/agents/offline/lexicon.js';
import {
  extractNames,
  extractPlace,
  extractThings,
  isDontKnow,
  isNothing,
  isYouPick,
  nounPhrases,
  parseGameType,
  parseYesNo,
  splitYesNo,
  stripLeads,
  titleFromWords,
} from '../../../src/agents/offline/understand.js';

describe('parseYesNo', () => {
  it.each([
    'yes',
    'Yes!',
    'yeah',
    'yep',
    'yup',
    'uh huh',
    'sure',
    "that's it",
    'that’s it',
    'correct',
    'right',
    'ok',
    'okay',
    'yes please',
    'yesss',
    'YES',
    'mhm',
    'yeah that one',
    'of course',
  ])('%j is yes', (text) => {
    expect(parseYesNo(text)).toBe('yes');
  });

  it.each([
    'no',
    'NO!',
    'nope',
    'nah',
    'no way',
    'not that one',
    'wrong one',
    'noo',
    'nooo',
    'no, it’s The Gruffalo',
    "no it's the gruffalo",
    "that's not it",
    'it is not',
  ])('%j is no', (text) => {
    expect(parseYesNo(text)).toBe('no');
  });

  it.each([
    "I don't know",
    'I don’t know',
    'maybe',
    'not sure',
    'no idea',
    'the gruffalo',
    'good night moon',
    '',
  ])('%j is neither', (text) => {
    expect(parseYesNo(text)).toBeNull();
  });

  it('splits "no, it\'s X" into the answer and the new title', () => {
    expect(splitYesNo('no, it’s The Gruffalo')).toEqual({ answer: 'no', rest: "it's The Gruffalo" });
    expect(splitYesNo('Nope. It is called The Moon Bunny').rest).toBe('It is called The Moon Bunny');
    expect(splitYesNo('yes')).toEqual({ answer: 'yes', rest: '' });
    expect(splitYesNo('the gruffalo')).toEqual({ answer: null, rest: 'the gruffalo' });
  });
});

describe('isDontKnow / isNothing', () => {
  it('hears a child who wants a default', () => {
    for (const t of [
      "I don't know",
      'dunno',
      'you pick',
      'you choose',
      'um',
      'hmm',
      'not sure',
      'I forgot',
      'whatever',
    ]) {
      expect([t, isDontKnow(t)]).toEqual([t, true]);
    }
    expect(isDontKnow('the dragon')).toBe(false);
  });
  it('hears "nothing"', () => {
    expect(isNothing('nothing')).toBe(true);
    expect(isNothing('Nobody!')).toBe(true);
    expect(isNothing('the wolf')).toBe(false);
  });
});

describe('extractThings', () => {
  it.each([
    ['collect the tacos and spicy salsa', ['tacos', 'spicy salsa']],
    ['tacos and salsa', ['tacos', 'salsa']],
    ['spicy salsa', ['spicy salsa']],
    ['um the spicy salsa please', ['spicy salsa']],
    ['I want to catch tacos', ['tacos']],
    ['he should avoid the big bad wolf', ['big bad wolf']],
    ['stay away from the wolf', ['wolf']],
    ['the salsa that makes them sick', ['salsa']],
    ['cookies, milk and crayons', ['cookies', 'milk', 'crayons']],
    ['Golden Eggs', ['Golden Eggs']],
    ["I don't know", []],
    ['you pick', []],
  ])('%j → %j', (text, things) => {
    expect(extractThings(text)).toEqual(things);
  });

  it('keeps at most three', () => {
    expect(extractThings('apples, pears, plums, cherries and grapes')).toHaveLength(3);
  });
});

describe('extractNames', () => {
  const known = ['Dragon', 'Boy', 'Wilbur', 'Charlotte', 'Mouse', 'Gruffalo', 'Peter Rabbit'];
  it.each([
    ['the dragon', ['Dragon']],
    ['I want to be the dragon', ['Dragon']],
    ['Wilber the pig', ['Wilbur']],
    ['my favourite is the gruffalo', ['Gruffalo']],
    ['peter', ['Peter Rabbit']],
    ['the mouse and the gruffalo', ['Mouse', 'Gruffalo']],
  ])('%j → %j (catalog names)', (text, names) => {
    expect(extractNames(text, known)).toEqual(names);
  });

  it('falls back to the child’s own words', () => {
    expect(extractNames('the little bunny')).toEqual(['little bunny']);
    expect(extractNames('Max')).toEqual(['Max']);
    expect(extractNames('I liked Piggie')).toEqual(['Piggie']);
  });
});

describe('nounPhrases and places', () => {
  it('finds creatures and things with their adjectives', () => {
    expect(nounPhrases('the big bad wolf wanted to eat them')).toEqual([
      { phrase: 'big bad wolf', kind: 'creature' },
    ]);
    expect(nounPhrases('a dragon who eats tacos').map((p) => p.kind)).toEqual(['creature', 'thing']);
  });
  it('finds the place', () => {
    expect(extractPlace('in the forest')).toBe('the forest');
    expect(extractPlace('the deep dark wood')).toBe('the deep dark wood');
    expect(extractPlace('in a castle where the king lives')).toBe('a castle');
    expect(extractPlace("I don't know")).toBeNull();
  });
});

describe('parseGameType', () => {
  const offered = ['catcher', 'collector', 'avoider'] as const;
  it.each([
    ['the jumping one', 'platformer'],
    ['platform', 'platformer'],
    ['a maze!', 'maze'],
    ['labyrinth', 'maze'],
    ['running', 'runner'],
    ['catching', 'catcher'],
    ['the one with a basket', 'catcher'],
    ['dodging game', 'avoider'],
    ['avoid stuff', 'avoider'],
    ['I want the treasure hunt', 'collector'],
    ['explore', 'collector'],
    ['the first one', 'catcher'],
    ['number two', 'collector'],
    ['2', 'collector'],
    ['the last one', 'avoider'],
    ['the third', 'avoider'],
  ])('%j → %s', (text, type) => {
    expect(parseGameType(text, [...offered])).toBe(type);
  });

  it('returns null when nothing fits', () => {
    expect(parseGameType('that one', [...offered])).toBeNull();
    expect(parseGameType('um', [...offered])).toBeNull();
    expect(parseGameType('the first one')).toBeNull();
  });
});

describe('titleFromWords', () => {
  it('keeps a title, drops filler and the author', () => {
    expect(titleFromWords('the moon bunny')).toBe('The Moon Bunny');
    expect(titleFromWords("it's called the moon bunny")).toBe('The Moon Bunny');
    expect(titleFromWords('I read Bob the Builder by someone')).toBe('Bob the Builder');
    expect(titleFromWords('The Moonlight Zebra Who Sang')).toBe('The Moonlight Zebra Who Sang');
  });
  it('refuses descriptions and non-answers', () => {
    expect(titleFromWords('it is about a bunny who goes to the moon')).toBeNull();
    expect(titleFromWords('a zebra who sings')).toBeNull();
    expect(titleFromWords("I don't know")).toBeNull();
    expect(titleFromWords('yes')).toBeNull();
  });
});

describe('nounPhrases and story verbs', () => {
  it('does not glue a verb onto the thing it acts on', () => {
    expect(nounPhrases('a grumpy cloud hides the moon').map((p) => p.phrase)).toEqual([
      'grumpy cloud',
      'moon',
    ]);
    expect(nounPhrases('the zebra finds stars').map((p) => p.phrase)).toEqual(['zebra', 'stars']);
  });
});

describe('names are noun phrases (lexicon)', () => {
  it.each([
    ['the big bad wolf', 'big bad wolf'],
    ['a robot', 'robot'],
    ['Max', 'Max'],
    ['spicy salsa', 'spicy salsa'],
    ['the bowl of milk', 'bowl of milk'],
    ['Zorblax', 'Zorblax'],
  ])('%j → %j', (phrase, name) => {
    expect(asNounPhrase(phrase)).toBe(name);
  });

  it.each([
    ['he'],
    ['him'],
    ['dodge'],
    ['play'],
    ['yes'],
    ['the'],
    ['fast'],
    ['maybe fast over rocks'],
    ['[name]'],
    ['my [name]'],
    ['lalalala'],
    ['xxxxxxxx'],
    ['game'],
    ['why'],
    ['我喜欢龙'],
    ['mhm'],
  ])('%j is not a name', (phrase) => {
    expect(asNounPhrase(phrase)).toBeNull();
  });

  it('finds the noun phrases in a sentence, never the verbs or pronouns', () => {
    expect(nounRuns('he runs fast over rocks')).toEqual(['rocks']);
    expect(nounRuns('the dragon eats tacos')).toEqual(['dragon', 'tacos']);
    expect(nounRuns('he eats lots of food cake')).toEqual(['cake']);
  });

  it('prepares a message: placeholders out (with the words about them), emoji as words', () => {
    expect(prepare("I'm [name] and I'm [age]")).toBe("I'm and I'm");
    expect(prepare('my friend [name] likes it')).toBe('likes it');
    expect(prepare('I want to be 🦄')).toBe('I want to be, unicorn');
    expect(prepare('henry ⭐⭐⭐')).toBe('henry, star');
    expect(prepare('yes 🎉')).toBe('yes');
    expect(prepare('dra🐉gon')).toBe('dragon');
    expect(prepare('<script>alert(1)</script> hi')).toBe('alert(1) hi');
  });
});

describe('intents, heard in every phase', () => {
  const known = ['Mouse', 'Gruffalo', 'Owl', 'Fox', 'Snake', 'Nuts'];
  it.each([
    ['I want to be a robot', { hero: 'robot' }],
    ["I'm a robot", { hero: 'robot' }],
    ['I want to play as the gruffalo', { hero: 'Gruffalo' }],
    ['make it a jumping game', { type: 'platformer' }],
    ['a maze instead', { type: 'maze' }],
    ['it should be a maze', { type: 'maze' }],
    ['the owl is the baddie', { avoid: ['Owl'] }],
    ['no, the snake is the baddie', { avoid: ['Snake'] }],
    ['the fox chases me', { avoid: ['Fox'] }],
    ['not the snake', { remove: ['snake'] }],
    ['no owl', { remove: ['owl'] }],
    ['no baddies', { remove: 'all' }],
    ['collect stars too', { collect: ['stars'], add: true }],
    ['I want to collect stars and dodge the owl', { collect: ['stars'], avoid: ['owl'] }],
  ])('%j → %j', (text, request) => {
    expect(readRequest(text, known)).toMatchObject(request);
  });

  it.each([
    ["I'm [name]"],
    ['I want to be [name]'],
    ["I'm sad"],
    ['I am 7'],
    ['he eats apples'],
    ['dodge'],
    ['yes please'],
  ])('%j asks for nothing', (text) => {
    expect(hasRequest(readRequest(prepare(text), known))).toBe(false);
  });

  it('hears a child in a hurry, but not one who wants to play as someone', () => {
    for (const t of [
      'make the game now',
      'I want to play',
      'can we play now',
      "let's play!",
      'skip',
      'just make it',
    ])
      expect([t, isRush(t)]).toEqual([t, true]);
    for (const t of ['I want to play as the mouse', 'the mouse', 'yes', 'a maze'])
      expect([t, isRush(t)]).toEqual([t, false]);
  });

  it('hears "no", "wait" and "not that" as holding the build, but not "I don’t know"', () => {
    for (const t of [
      'no',
      'nope',
      'wait',
      'no wait the gruffalo too',
      'not that',
      'hang on',
      'not the owl',
      'actually',
    ])
      expect([t, isHold(t)]).toEqual([t, true]);
    for (const t of ['yes', 'ok', "I don't know", "I don't mind", 'the owl'])
      expect([t, isHold(t)]).toEqual([t, false]);
  });

  it('hears "I don’t know" in the languages children mix in', () => {
    expect(isDontKnow('no sé')).toBe(true);
    expect(parseYesNo('no sé')).toBeNull();
    expect(isYouPick('you pick')).toBe(true);
    expect(isYouPick('surprise me')).toBe(true);
  });

  it('strips the leads of a correction', () => {
    expect(stripLeads('no wait the gruffalo too')).toBe('the gruffalo too');
    expect(stripLeads('mhm')).toBe('');
    expect(stripLeads('yes please')).toBe('');
    expect(stripLeads('uh huh')).toBe('');
  });

  it('refuses titles that are not titles', () => {
    expect(titleFromWords("I'm")).toBeNull();
    expect(titleFromWords('lets play')).toBeNull();
    expect(titleFromWords('my dog is called rex')).toBeNull();
    expect(titleFromWords('[name]')).toBeNull();
    expect(titleFromWords('ollie the octopus, star')).toBe('Ollie the Octopus');
  });

  it('never reads a pronoun or a verb as a place', () => {
    expect(extractPlace('he')).toBeNull();
    expect(extractPlace('play')).toBeNull();
    expect(extractPlace('dragons love tacos')).toBeNull();
    expect(extractPlace('in mr. mcgregor’s garden')).toBe("mr mcgregor's garden");
    expect(extractPlace('in a tall tower with no door')).toBe('a tall tower');
    expect(extractPlace('we go to the beach')).toBe('the beach');
  });
});
