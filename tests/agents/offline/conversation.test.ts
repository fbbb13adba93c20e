import { describe, expect, it } from 'vitest';
import { createOfflineBrain } from '../../../src/agents/offline/index.js';
import { GameSpecSchema } from '../../../src/games/spec.js';
import { converse, type Transcript } from './driver.js';

const brain = createOfflineBrain();

/** What a scripted child says, in order; anything after the script is "yes". */
const scripted = (messages: string[]) => (_reply: string, _state: unknown, i: number) => messages[i] ?? 'yes';

const PERSONAL =
  /\b(?:your name|what(?:'s| is) your name|call you|how old|your age|what age|which school|what school|your school|your teacher|where do you live|where you live|your address|your town|your phone|your email)\b/i;

function expectSafeReplies(t: Transcript): void {
  for (const reply of t.replies) {
    expect(reply).not.toMatch(PERSONAL);
    expect(reply).not.toContain('*');
    expect(reply.length).toBeGreaterThan(0);
  }
}

function expectGame(t: Transcript, maxMessages = 20): void {
  expect(t.state.phase).toBe('complete');
  expect(t.childMessages).toBeLessThanOrEqual(maxMessages);
  expect(t.state.spec).not.toBeNull();
  GameSpecSchema.parse(t.state.spec);
  expectSafeReplies(t);
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

interface BookScript {
  book: string;
  catalogId: string;
  messages: string[];
  hero: string;
  collect: string[];
  avoid: string[];
  type?: string;
}

const CATALOG_SCRIPTS: BookScript[] = [
  {
    book: 'Dragons Love Tacos',
    catalogId: 'dragons-love-tacos',
    messages: [
      'I read dragons like tacos',
      'yes!',
      'the dragon',
      'they eat tacos at a party',
      'at a party',
      'the spicy salsa',
      'catching',
      'the dragon',
      'tacos',
      'spicy salsa',
      'yes',
    ],
    hero: 'dragon',
    collect: ['tacos'],
    avoid: ['spicy salsa'],
    type: 'catcher',
  },
  {
    book: 'The Very Hungry Caterpillar',
    catalogId: 'very-hungry-caterpillar',
    messages: [
      'the very hungry caterpiller',
      'yeah',
      'the caterpillar',
      'he eats lots of food',
      'in a garden',
      'a tummy ache',
      'the first one',
      'caterpillar',
      'strawberries and apples',
      'a big bird',
      'yep',
    ],
    hero: 'caterpillar',
    collect: ['strawberries', 'apples'],
    avoid: ['big bird'],
    type: 'collector',
  },
  {
    book: 'Green Eggs and Ham',
    catalogId: 'green-eggs-and-ham',
    messages: [
      'green eggs and ham by doctor seuss',
      'uh huh',
      'Sam I am',
      'he wants his friend to try green eggs',
      'on a train',
      'the grumpy guy would not eat them',
      'running',
      'Sam',
      'green eggs and ham',
      'rain clouds',
      'sure',
    ],
    hero: 'sam',
    collect: ['green eggs', 'ham'],
    avoid: ['rain clouds'],
    type: 'runner',
  },
  {
    book: 'The Cat in the Hat',
    catalogId: 'cat-in-the-hat',
    messages: [
      "it's called The Cat in the Hat",
      'correct',
      'the cat',
      'he makes a big mess',
      'in the house',
      'thing one and thing two',
      'a treasure hunt',
      'the cat in the hat',
      'cakes and kites',
      'the fish',
      "that's it",
    ],
    hero: 'cat in the hat',
    collect: ['cakes', 'kites'],
    avoid: ['fish'],
    type: 'collector',
  },
  {
    book: 'Where the Wild Things Are',
    catalogId: 'where-the-wild-things-are',
    messages: [
      'where the wild things r',
      'yup',
      'Max',
      'he sails to the wild things',
      'on an island',
      'the wild things',
      'a maze',
      'Max',
      'crowns',
      'the wild things',
      'yes please',
    ],
    hero: 'max',
    collect: ['crowns'],
    avoid: ['wild things'],
    type: 'maze',
  },
  {
    book: "Charlotte's Web",
    catalogId: 'charlottes-web',
    messages: [
      'Charlotte’s Web',
      'yesss',
      'Wilbur',
      'Charlotte writes words in her web',
      'on a farm',
      'nobody',
      'the jumping one',
      'Wilbur',
      'apples',
      'buzzing flies',
      'ok',
    ],
    hero: 'wilbur',
    collect: ['apples'],
    avoid: ['buzzing flies'],
    type: 'platformer',
  },
  {
    book: 'The Gruffalo',
    catalogId: 'the-gruffalo',
    messages: [
      'we read the gruffalo by julia donaldson',
      'yes',
      'the mouse',
      'the mouse tricks everyone',
      'in the deep dark wood',
      'the gruffalo',
      'dodging',
      'the mouse',
      'nuts',
      'the owl and the snake',
      'yes',
    ],
    hero: 'mouse',
    collect: ['nuts'],
    avoid: ['owl', 'snake'],
    type: 'avoider',
  },
  {
    book: "Don't Let the Pigeon Drive the Bus!",
    catalogId: 'dont-let-the-pigeon-drive-the-bus',
    messages: [
      "don't let the pigeon drive the bus",
      'YES',
      'the pigeon',
      'he really wants to drive the bus',
      'in the city',
      'the bus driver says no',
      'number one',
      'pigeon',
      'hot dogs',
      'honking cars',
      'yeah',
    ],
    hero: 'pigeon',
    collect: ['hot dogs'],
    avoid: ['honking cars'],
    type: 'runner',
  },
  {
    book: 'Goodnight Moon',
    catalogId: 'goodnight-moon',
    messages: [
      'the book is goodnight moon',
      'mhm',
      'the bunny',
      'he says goodnight to everything',
      'in his bedroom',
      'no',
      'catching',
      'little bunny',
      'stars and mittens',
      'nothing',
      'yes',
    ],
    hero: 'bunny',
    collect: ['stars', 'mittens'],
    avoid: [],
    type: 'catcher',
  },
  {
    book: 'The Three Little Pigs',
    catalogId: 'the-three-little-pigs',
    messages: [
      '3 little pigs',
      'yes',
      'the little pig',
      'the wolf blows the houses down',
      'in the woods',
      'the big bad wolf',
      'the maze',
      'the little pig',
      'bricks',
      'the big bad wolf',
      'yes',
    ],
    hero: 'little pig',
    collect: ['bricks'],
    avoid: ['big bad wolf'],
    type: 'maze',
  },
];

describe('offline brain: whole conversations', () => {
  it.each(CATALOG_SCRIPTS.map((s) => [s.book, s] as const))(
    '%s reaches a game made of the child’s words',
    async (_t, s) => {
      const t = await converse(brain, scripted(s.messages));
      expectGame(t);
      const spec = t.state.spec;
      expect(t.state.book?.catalogId).toBe(s.catalogId);
      expect(t.childMessages).toBe(s.messages.length);
      expect(lower(spec?.hero.name)).toContain(s.hero);
      for (const c of s.collect) expect(spec?.collectibles.map((x) => lower(x.name))).toContain(c);
      expect(spec?.hazards.map((x) => lower(x.name))).toEqual(s.avoid);
      if (s.type) expect(spec?.type).toBe(s.type);
      // The read-back names what the child chose.
      const readBack = t.replies.find((r) => r.startsWith('So: you are')) ?? '';
      expect(lower(readBack)).toContain(s.hero);
      for (const c of s.collect) expect(lower(readBack)).toContain(c);
    },
  );

  it('asks "Is that X by Y?" before accepting a catalog book', async () => {
    const t = await converse(brain, scripted(['dragons like tacos']), 1);
    expect(t.replies[1]).toBe('Is that Dragons Love Tacos by Adam Rubin?');
    expect(t.state.book?.catalogId).toBe('dragons-love-tacos');
    expect(t.state.bookConfirmed).toBe(false);
    expect(t.state.phase).toBe('identifying');
  });

  it('accepts a book it does not know, described by the child', async () => {
    const messages = [
      'the moon bunny',
      'it is about a bunny who goes to the moon on a rocket',
      'the bunny',
      'she flies a rocket and finds carrots',
      'on the moon',
      'a grumpy alien',
      'carrots and stars',
      'the first one',
      'the bunny',
      'carrots',
      'the grumpy alien',
      'yes',
    ];
    const t = await converse(brain, scripted(messages));
    expectGame(t);
    expect(t.state.book).toEqual({ title: 'The Moon Bunny' });
    expect(t.state.spec?.book.title).toBe('The Moon Bunny');
    expect(t.state.spec?.hero.name).toBe('Bunny');
    expect(t.state.spec?.collectibles.map((c) => c.name)).toEqual(['carrots']);
    expect(t.state.spec?.hazards.map((h) => h.name)).toEqual(['grumpy alien']);
    expect(t.state.analysis?.characters.map((c) => c.name)).toContain('bunny');
    expect(t.state.analysis?.antagonist?.name).toBe('grumpy alien');
  });

  it('handles "no, it’s X" in one message (the wrong-book path)', async () => {
    const messages = [
      'the buffalo',
      'no, it’s Charlotte’s Web',
      'yep',
      'Wilbur',
      'he is a pig',
      'a farm',
      'the rat',
      'the maze',
      'wilbur',
      'apples',
      'the rat',
      'yes please',
    ];
    const t = await converse(brain, scripted(messages));
    expectGame(t);
    expect(t.replies[1]).toContain('The Gruffalo');
    expect(t.replies[2]).toContain("Charlotte's Web");
    expect(t.state.book?.catalogId).toBe('charlottes-web');
    expect(t.state.spec?.hero.name).toBe('Wilbur');
    expect(t.state.spec?.hazards.map((h) => h.name.toLowerCase())).toEqual(['rat']);
  });

  it('asks for the title again after a plain "no", and never re-offers the rejected book', async () => {
    const messages = ['the buffalo', 'no', 'the buffalo', 'no', 'the gruffalo'];
    const t = await converse(brain, scripted(messages), messages.length);
    expect(t.replies[2]).toMatch(/what is the book called/i);
    expect(t.replies[3]).not.toContain('The Gruffalo by');
  });

  it('turns "no, it’s <an unknown title>" into an unknown book', async () => {
    const t = await converse(
      brain,
      scripted(['dragons like tacos', 'no it is called The Sock Monster', 'a monster who eats socks']),
      3,
    );
    expect(t.replies[2]).toContain('The Sock Monster');
    expect(t.state.book).toEqual({ title: 'The Sock Monster' });
    expect(t.state.bookConfirmed).toBe(true);
  });

  it('gives an "I don’t know" child a whole game from sensible defaults', async () => {
    const t = await converse(brain, () => "I don't know");
    expectGame(t);
    expect(t.state.book?.title).toBe('Your Story');
  });

  it('moves on a child who only says "no"', async () => {
    const t = await converse(brain, () => 'no');
    expectGame(t);
  });

  it('moves on a child who talks about something else', async () => {
    const t = await converse(
      brain,
      (_r, _s, i) => ['my dog is called Rex', 'I like ice cream', 'blue', 'banana'][i % 4] ?? 'x',
    );
    expectGame(t);
  });

  it('lets the child change the design at the read-back', async () => {
    const messages = [
      'the gruffalo',
      'yes',
      'the mouse',
      'he walks in the wood',
      'the wood',
      'the gruffalo',
      'a maze',
      'the mouse',
      'nuts',
      'the owl',
      'no',
      'I want to be the gruffalo',
      'yes',
    ];
    const t = await converse(brain, scripted(messages));
    expectGame(t);
    expect(t.state.spec?.hero.name).toBe('Gruffalo');
    expect(t.state.spec?.hero.emoji).toBe('👹');
  });

  it('offers two or three game types that fit the book', async () => {
    const t = await converse(
      brain,
      scripted(['dragons love tacos', 'yes', 'dragon', 'eat tacos', 'party', 'salsa']),
      6,
    );
    const offer = t.replies[6] ?? '';
    expect(offer).toContain('a catching game');
    expect(offer).toContain('a treasure hunt');
    expect(offer).toContain('a dodging game');
    expect(t.state.phase).toBe('designing');
  });

  it('answers kindly after the game is made, and remixes known knobs', async () => {
    const messages = [
      'zog',
      'yes',
      'zog',
      'he learns to fly',
      'at dragon school',
      'no',
      'jumping',
      'zog',
      'stars',
      'trees',
      'yes',
    ];
    const t = await converse(brain, scripted(messages));
    expectGame(t);
    const state = t.state;
    const kind = await brain.codeGenerator(state, 'thank you');
    expect(kind.reply).toMatch(/ready to play/i);
    expect(kind.spec).toBeUndefined();
    const faster = await brain.codeGenerator(state, 'make zog faster');
    expect(faster.spec?.hero.speed).toBeGreaterThan(state.spec?.hero.speed ?? 0);
  });

  it('is deterministic', async () => {
    const messages = CATALOG_SCRIPTS[0]?.messages ?? [];
    const a = await converse(brain, scripted(messages));
    const b = await converse(brain, scripted(messages));
    expect(a.replies).toEqual(b.replies);
    expect(a.state.spec).toEqual(b.state.spec);
  });
});
