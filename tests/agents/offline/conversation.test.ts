import { describe, expect, it } from 'vitest';
import { MAX_DESIGN_EXCHANGES } from '../../../src/agents/offline/game-designer.js';
import { createOfflineBrain } from '../../../src/agents/offline/index.js';
import { MAX_DISCUSS_TURNS, MAX_IDENTIFY_TURNS } from '../../../src/agents/offline/story-analyst.js';
import { initialState } from '../../../src/agents/state.js';
import { GameSpecSchema } from '../../../src/games/spec.js';
import { type Asked, byTopic, converse, type Transcript, turn } from './driver.js';

const brain = createOfflineBrain();

/** What a scripted child says, in order; anything after the script is "yes". */
const scripted = (messages: string[]) => (_state: unknown, i: number) => messages[i] ?? 'yes';

/** A fixed opening (the book), then answers by what is asked. */
const thenByTopic = (first: string[], answers: Partial<Record<Asked, string | string[]>>) => {
  const rest = byTopic(answers);
  return (state: Parameters<ReturnType<typeof byTopic>>[0], i: number) => first[i] ?? rest(state);
};

/** The read-back: "…you are X, you collect Y… Shall I build it?" in any of its wordings. */
const READ_BACK =
  /you are .+, you (?:collect|catch) .+(?:shall i build it|should i make it|does that sound good|ready for me to build it)\?/i;

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
  /** What the child says to each kind of question (the brain decides how many it asks). */
  answers: Partial<Record<Asked, string>>;
  hero: string;
  collect: string[];
  avoid: string[];
  type?: string;
}

const CATALOG_SCRIPTS: BookScript[] = [
  {
    book: 'Dragons Love Tacos',
    catalogId: 'dragons-love-tacos',
    answers: {
      book: 'I read dragons like tacos',
      confirm: 'yes!',
      favourite: 'the dragon',
      happens: 'they eat tacos at a party',
      where: 'at a party',
      trouble: 'the spicy salsa',
      type: 'catching',
      hero: 'the dragon',
      collect: 'tacos',
      avoid: 'spicy salsa',
      'read-back': 'yes',
    },
    hero: 'dragon',
    collect: ['tacos'],
    avoid: ['spicy salsa'],
    type: 'catcher',
  },
  {
    book: 'The Very Hungry Caterpillar',
    catalogId: 'very-hungry-caterpillar',
    answers: {
      book: 'the very hungry caterpiller',
      confirm: 'yeah',
      favourite: 'the caterpillar',
      happens: 'he eats lots of food',
      where: 'in a garden',
      trouble: 'a tummy ache',
      type: 'the first one',
      hero: 'caterpillar',
      collect: 'strawberries and apples',
      avoid: 'a big bird',
      'read-back': 'yep',
    },
    hero: 'caterpillar',
    collect: ['strawberries', 'apples'],
    avoid: ['big bird'],
    type: 'collector',
  },
  {
    book: 'Green Eggs and Ham',
    catalogId: 'green-eggs-and-ham',
    answers: {
      book: 'green eggs and ham by doctor seuss',
      confirm: 'uh huh',
      favourite: 'Sam I am',
      happens: 'he wants his friend to try green eggs',
      where: 'on a train',
      trouble: 'the grumpy guy would not eat them',
      type: 'running',
      hero: 'Sam',
      collect: 'green eggs and ham',
      avoid: 'rain clouds',
      'read-back': 'sure',
    },
    hero: 'sam',
    collect: ['green eggs', 'ham'],
    avoid: ['rain clouds'],
    type: 'runner',
  },
  {
    book: 'The Cat in the Hat',
    catalogId: 'cat-in-the-hat',
    answers: {
      book: "it's called The Cat in the Hat",
      confirm: 'correct',
      favourite: 'the cat',
      happens: 'he makes a big mess',
      where: 'in the house',
      trouble: 'thing one and thing two',
      type: 'a treasure hunt',
      hero: 'the cat in the hat',
      collect: 'cakes and kites',
      avoid: 'the fish',
      'read-back': "that's it",
    },
    hero: 'cat in the hat',
    collect: ['cakes', 'kites'],
    avoid: ['fish'],
    type: 'collector',
  },
  {
    book: 'Where the Wild Things Are',
    catalogId: 'where-the-wild-things-are',
    answers: {
      book: 'where the wild things r',
      confirm: 'yup',
      favourite: 'Max',
      happens: 'he sails to the wild things',
      where: 'on an island',
      trouble: 'the wild things',
      type: 'a maze',
      hero: 'Max',
      collect: 'crowns',
      avoid: 'the wild things',
      'read-back': 'yes please',
    },
    hero: 'max',
    collect: ['crowns'],
    avoid: ['wild things'],
    type: 'maze',
  },
  {
    book: 'The Gruffalo',
    catalogId: 'the-gruffalo',
    answers: {
      book: 'we read the gruffalo by julia donaldson',
      confirm: 'yes',
      favourite: 'the mouse',
      happens: 'the mouse tricks everyone',
      where: 'in the deep dark wood',
      trouble: 'the gruffalo',
      type: 'dodging',
      hero: 'the mouse',
      collect: 'nuts',
      avoid: 'the owl and the snake',
      'read-back': 'yes',
    },
    hero: 'mouse',
    collect: ['nuts'],
    avoid: ['owl', 'snake'],
    type: 'avoider',
  },
  {
    book: 'Goodnight Moon',
    catalogId: 'goodnight-moon',
    answers: {
      book: 'the book is goodnight moon',
      confirm: 'mhm',
      favourite: 'the bunny',
      happens: 'he says goodnight to everything',
      where: 'in his bedroom',
      trouble: 'no',
      type: 'catching',
      hero: 'little bunny',
      collect: 'stars and mittens',
      avoid: 'nothing',
      'read-back': 'yes',
    },
    hero: 'bunny',
    collect: ['stars', 'mittens'],
    avoid: [],
    type: 'catcher',
  },
  {
    book: 'The Three Little Pigs',
    catalogId: 'the-three-little-pigs',
    answers: {
      book: '3 little pigs',
      confirm: 'yes',
      favourite: 'the little pig',
      happens: 'the wolf blows the houses down',
      where: 'in the woods',
      trouble: 'the big bad wolf',
      type: 'the maze',
      hero: 'the little pig',
      collect: 'bricks',
      avoid: 'the big bad wolf',
      'read-back': 'yes',
    },
    hero: 'little pig',
    collect: ['bricks'],
    avoid: ['big bad wolf'],
    type: 'maze',
  },
  {
    book: "Charlotte's Web",
    catalogId: 'charlottes-web',
    answers: {
      book: 'Charlotte’s Web',
      confirm: 'yesss',
      favourite: 'Wilbur',
      happens: 'Charlotte writes words in her web',
      where: 'on a farm',
      trouble: 'nobody',
      type: 'the jumping one',
      hero: 'Wilbur',
      collect: 'apples',
      avoid: 'buzzing flies',
      'read-back': 'ok',
    },
    hero: 'wilbur',
    collect: ['apples'],
    avoid: ['buzzing flies'],
    type: 'platformer',
  },
  {
    book: "Don't Let the Pigeon Drive the Bus!",
    catalogId: 'dont-let-the-pigeon-drive-the-bus',
    answers: {
      book: "don't let the pigeon drive the bus",
      confirm: 'YES',
      favourite: 'the pigeon',
      happens: 'he really wants to drive the bus',
      where: 'in the city',
      trouble: 'the bus driver says no',
      type: 'number one',
      hero: 'pigeon',
      collect: 'hot dogs',
      avoid: 'honking cars',
      'read-back': 'yeah',
    },
    hero: 'pigeon',
    collect: ['hot dogs'],
    avoid: ['honking cars'],
    type: 'runner',
  },
];

describe('offline brain: whole conversations', () => {
  // The number of discussion questions adapts to the child, so these children answer by what is
  // asked (the old fixed scripts assumed exactly four questions, in order).
  it.each(CATALOG_SCRIPTS.map((s) => [s.book, s] as const))(
    '%s reaches a game made of the child’s words',
    async (_t, s) => {
      const t = await converse(brain, byTopic(s.answers));
      expectGame(t);
      const spec = t.state.spec;
      expect(t.state.book?.catalogId).toBe(s.catalogId);
      // Book, yes, up to four questions, type, hero, collect, avoid, yes.
      expect(t.childMessages).toBeLessThanOrEqual(11);
      expect(lower(spec?.hero.name)).toContain(s.hero);
      for (const c of s.collect) expect(spec?.collectibles.map((x) => lower(x.name))).toContain(c);
      expect(spec?.hazards.map((x) => lower(x.name))).toEqual(s.avoid);
      if (s.type) expect(spec?.type).toBe(s.type);
      // The read-back names what the child chose.
      const readBack = t.replies.find((r) => READ_BACK.test(r)) ?? '';
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
    const t = await converse(
      brain,
      byTopic({
        book: 'the moon bunny',
        describe: 'it is about a bunny who goes to the moon on a rocket',
        favourite: 'the bunny',
        happens: 'she flies a rocket and finds carrots',
        where: 'on the moon',
        trouble: 'a grumpy alien',
        things: 'carrots and stars',
        type: 'the first one',
        hero: 'the bunny',
        collect: 'carrots',
        avoid: 'the grumpy alien',
      }),
    );
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
    const t = await converse(
      brain,
      thenByTopic(['the buffalo', 'no, it’s Charlotte’s Web', 'yep'], {
        favourite: 'Wilbur',
        happens: 'he is a pig',
        where: 'a farm',
        trouble: 'the rat',
        type: 'the maze',
        hero: 'wilbur',
        collect: 'apples',
        avoid: 'the rat',
      }),
    );
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
    // The placeholder title is never said as if it were the book's name.
    for (const r of t.replies) expect(r).not.toContain('Your Story');
  });

  // Changed: a child who only says "no" used to be given a game anyway (the designer's turn limit
  // built it). A "no" to the read-back never builds now; the first "yes" does.
  it('never builds on a "no" before the turn cap, and builds on the first "yes"', async () => {
    // A child who only says "no": read-backs, never a build, until the cap moves on kindly.
    let state = initialState();
    const replies = ['What book did you read?'];
    let designAnswers = 0;
    for (let i = 0; i < 40 && state.phase !== 'complete'; i++) {
      if (state.phase === 'designing') designAnswers++;
      state = await turn(brain, state, 'no', replies);
      if (state.phase === 'designing') expect(state.spec).toBeNull();
    }
    expect(state.phase).toBe('complete');
    expect(designAnswers).toBe(MAX_DESIGN_EXCHANGES + 1);
    expect(replies.some((r) => READ_BACK.test(r))).toBe(true);
    expect(replies.at(-1)).toMatch(/building your game.*change it/i);
    GameSpecSchema.parse(state.spec);
    const yes = await converse(brain, (_s, i) => (i < 24 ? 'no' : 'yes'), 25);
    expect(yes.state.phase).toBe('complete');
    GameSpecSchema.parse(yes.state.spec);
  });

  it.each([
    ['nonsense', ['blorp', 'zzz', 'lalala', '🤷', 'purple monkey', 'no', 'wait', 'what', 'hmm', '...']],
    ['contrary', ['no', 'nope', 'wait', 'not that', 'no wait', 'the game', 'dodge', 'no!']],
  ])('a child who answers %s forever reaches a built game within the turn caps', async (_k, words) => {
    const limit = MAX_IDENTIFY_TURNS + 1 + MAX_DISCUSS_TURNS + MAX_DESIGN_EXCHANGES + 1;
    const t = await converse(brain, (_s, i) => words[i % words.length] ?? 'no', limit);
    expectGame(t);
    expect(t.childMessages).toBeLessThanOrEqual(limit);
    expectSafeReplies(t);
  });

  it('moves on a child who talks about something else', async () => {
    const t = await converse(
      brain,
      (_s, i) => ['my dog is called Rex', 'I like ice cream', 'blue', 'banana'][i % 4] ?? 'x',
    );
    expectGame(t);
  });

  it('lets the child change the design at the read-back', async () => {
    const t = await converse(
      brain,
      byTopic({
        book: 'the gruffalo',
        confirm: 'yes',
        favourite: 'the mouse',
        happens: 'he walks in the wood',
        where: 'the wood',
        trouble: 'the gruffalo',
        type: 'a maze',
        hero: 'the mouse',
        collect: 'nuts',
        avoid: 'the owl',
        'read-back': ['no', 'yes'],
        change: 'I want to be the gruffalo',
      }),
    );
    expectGame(t);
    expect(t.state.spec?.hero.name).toBe('Gruffalo');
    expect(t.state.spec?.hero.emoji).toBe('👹');
  });

  it('offers two or three game types that fit the book', async () => {
    const t = await converse(
      brain,
      byTopic({
        book: 'dragons love tacos',
        confirm: 'yes',
        favourite: 'dragon',
        happens: 'eat tacos',
        where: 'party',
        trouble: 'salsa',
        type: 'catching',
      }),
      8,
    );
    const offer = t.replies.find((_r, i) => i > 0 && t.asked[i] === 'type') ?? '';
    expect(offer).toContain('a catching game');
    expect(offer).toContain('a treasure hunt');
    expect(offer).toContain('a dodging game');
  });

  it('answers kindly after the game is made, and remixes known knobs', async () => {
    const t = await converse(
      brain,
      byTopic({
        book: 'zog',
        confirm: 'yes',
        favourite: 'zog',
        happens: 'he learns to fly',
        where: 'at dragon school',
        trouble: 'no',
        type: 'jumping',
        hero: 'zog',
        collect: 'stars',
        avoid: 'trees',
      }),
    );
    expectGame(t);
    const state = t.state;
    const kind = await brain.codeGenerator(state, 'thank you');
    // Changed: the words vary now (one fixed sentence after every message was the robotic bug).
    expect(kind.reply).toMatch(/\bplay/i);
    expect(kind.spec).toBeUndefined();
    const faster = await brain.codeGenerator(state, 'make zog faster');
    expect(faster.spec?.hero.speed).toBeGreaterThan(state.spec?.hero.speed ?? 0);
    // Bolt names only what the page has: the game to tap, Play again, Make another game (there is
    // no "Play" button).
    const afterGame = [t.replies.at(-1) ?? '', kind.reply, faster.reply];
    for (const r of afterGame) expect(r).not.toMatch(/\bpress play\b/i);
    expect(t.replies.at(-1)).toMatch(/tap the game/i);
  });

  it('is deterministic', async () => {
    const answers = CATALOG_SCRIPTS[0]?.answers ?? {};
    const a = await converse(brain, byTopic(answers));
    const b = await converse(brain, byTopic(answers));
    expect(a.replies).toEqual(b.replies);
    expect(a.state.spec).toEqual(b.state.spec);
  });
});
