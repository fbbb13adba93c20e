import { type GameSpec, GameSpecSchema, type GameType, SPEC_VERSION } from './spec.js';

/**
 * What each game type is, what kind of story it suits, and a complete example spec. The Game
 * Designer offers types from what the knowledge base says the book suits; the examples double as
 * test fixtures.
 */

export interface CatalogueEntry {
  type: GameType;
  description: string;
  /** Themes and kinds of books it fits. */
  suits: string[];
  example: GameSpec;
}

const base: Pick<GameSpec, 'version' | 'powerUps' | 'difficulty' | 'timeLimit'> = {
  version: SPEC_VERSION,
  powerUps: [],
  difficulty: 'easy',
  timeLimit: null,
};

const entries: CatalogueEntry[] = [
  {
    type: 'platformer',
    description:
      'Run and jump between platforms to collect everything while avoiding hazards that patrol them.',
    suits: ['adventure', 'climbing', 'journeys', 'castles', 'jungles', 'brave heroes', 'quests'],
    example: {
      ...base,
      type: 'platformer',
      title: "Max's Wild Rumpus",
      book: { title: 'Where the Wild Things Are', author: 'Maurice Sendak' },
      setting: {
        name: 'The island of the Wild Things',
        night: true,
        palette: { sky: '#1d2b53', ground: '#3f7d3a', accent: '#ffcc33' },
      },
      hero: { name: 'Max', emoji: '👦', speed: 1, jump: 1 },
      collectibles: [{ name: 'Crown', emoji: '👑', points: 10, count: 8 }],
      hazards: [{ name: 'Wild Thing', emoji: '👹', behaviour: 'patrol', speed: 1, count: 2 }],
      powerUps: [{ name: 'Wolf suit', emoji: '🐺', effect: 'shield' }],
      goal: { kind: 'collect-all' },
      lives: 3,
      lines: {
        intro: 'Help Max collect all the crowns on the island!',
        win: 'Let the wild rumpus start! You found every crown!',
        lose: 'The Wild Things roared! Try again, King of all Wild Things.',
      },
    },
  },
  {
    type: 'collector',
    description:
      'Explore a field from above in every direction and gather all the things, with or without a clock.',
    suits: ['gardens', 'food', 'nature', 'treasure hunts', 'gathering', 'picnics', 'farms'],
    example: {
      ...base,
      type: 'collector',
      title: 'The Very Hungry Caterpillar',
      book: { title: 'The Very Hungry Caterpillar', author: 'Eric Carle' },
      setting: {
        name: 'A sunny garden',
        night: false,
        palette: { sky: '#bfe8a0', ground: '#5b8c3a', accent: '#e63946' },
      },
      hero: { name: 'Caterpillar', emoji: '🐛', speed: 1, jump: 1 },
      collectibles: [
        { name: 'Apple', emoji: '🍎', points: 10, count: 5 },
        { name: 'Strawberry', emoji: '🍓', points: 10, count: 4 },
      ],
      hazards: [{ name: 'Bird', emoji: '🐦', behaviour: 'bounce', speed: 1, count: 2 }],
      goal: { kind: 'collect-all' },
      lives: 3,
      lines: {
        intro: 'The caterpillar is very hungry! Eat all the fruit.',
        win: 'Now he is a big, fat caterpillar! Well done!',
        lose: 'Oh no, the birds got too close. Try again!',
      },
    },
  },
  {
    type: 'avoider',
    description: 'Dodge the things falling from the sky and catch the bonuses until time is up.',
    suits: ['storms', 'weather', 'space', 'escapes', 'bravery', 'sky', 'chaos'],
    example: {
      ...base,
      type: 'avoider',
      title: 'Cloudy with a Chance of Meatballs',
      book: { title: 'Cloudy with a Chance of Meatballs', author: 'Judi Barrett' },
      setting: {
        name: 'The town of Chewandswallow',
        night: false,
        palette: { sky: '#9ad1f5', ground: '#8d6e63', accent: '#ff7043' },
      },
      hero: { name: 'Grandpa', emoji: '👴', speed: 1, jump: 1 },
      collectibles: [{ name: 'Pancake', emoji: '🥞', points: 10, count: 10 }],
      hazards: [
        { name: 'Meatball', emoji: '🧆', behaviour: 'fall', speed: 1, count: 3 },
        { name: 'Giant donut', emoji: '🍩', behaviour: 'bounce', speed: 1, count: 2 },
      ],
      goal: { kind: 'survive', target: 45 },
      lives: 3,
      lines: {
        intro: 'Food is falling from the sky! Dodge the meatballs and grab the pancakes.',
        win: 'You made it through the food storm!',
        lose: 'Splat! Too many meatballs. Try again!',
      },
    },
  },
  {
    type: 'runner',
    description: 'The hero runs on their own; jump over obstacles and grab treats along the way.',
    suits: ['races', 'chases', 'running away', 'journeys', 'speed', 'animals', 'gingerbread'],
    example: {
      ...base,
      type: 'runner',
      title: 'Run, Run, Gingerbread Man',
      book: { title: 'The Gingerbread Man' },
      setting: {
        name: 'The country road',
        night: false,
        palette: { sky: '#ffe0b2', ground: '#a1887f', accent: '#ff8a65' },
      },
      hero: { name: 'Gingerbread Man', emoji: '🍪', speed: 1, jump: 1 },
      collectibles: [{ name: 'Sweet', emoji: '🍬', points: 10, count: 20 }],
      hazards: [{ name: 'Fox', emoji: '🦊', behaviour: 'patrol', speed: 1, count: 3 }],
      goal: { kind: 'score', target: 150 },
      lives: 3,
      lines: {
        intro: "Run, run, as fast as you can! You can't catch me, I'm the Gingerbread Man!",
        win: 'You got away! Nobody can catch the Gingerbread Man!',
        lose: 'Snip, snap! The fox caught you. Run again!',
      },
    },
  },
  {
    type: 'catcher',
    description: 'Move a basket left and right to catch the good things and let the bad ones fall.',
    suits: ['food', 'sharing', 'counting', 'seasons', 'harvest', 'rain', 'gifts'],
    example: {
      ...base,
      type: 'catcher',
      title: 'Blueberries for Sal',
      book: { title: 'Blueberries for Sal', author: 'Robert McCloskey' },
      setting: {
        name: 'Blueberry Hill',
        night: false,
        palette: { sky: '#c5e3f6', ground: '#6a994e', accent: '#3d5a80' },
      },
      hero: { name: 'Sal', emoji: '👧', speed: 1, jump: 1 },
      collectibles: [{ name: 'Blueberry', emoji: '🫐', points: 10, count: 20 }],
      hazards: [{ name: 'Bee', emoji: '🐝', behaviour: 'fall', speed: 1, count: 2 }],
      goal: { kind: 'score', target: 100 },
      lives: 3,
      lines: {
        intro: 'Kuplink, kuplank, kuplunk! Catch the blueberries in your pail.',
        win: 'Your pail is full of blueberries!',
        lose: 'Oops, the bees! Try again.',
      },
    },
  },
  {
    type: 'maze',
    description: 'Find the way through a maze to the exit, picking up treasures and avoiding wanderers.',
    suits: ['mazes', 'being lost', 'finding home', 'forests', 'mysteries', 'labyrinths', 'mice'],
    example: {
      ...base,
      type: 'maze',
      title: 'The Gruffalo Forest',
      book: { title: 'The Gruffalo', author: 'Julia Donaldson' },
      setting: {
        name: 'The deep dark wood',
        night: false,
        palette: { sky: '#d8e2c8', ground: '#2d6a4f', accent: '#b5651d' },
      },
      hero: { name: 'Mouse', emoji: '🐭', speed: 1, jump: 1 },
      collectibles: [{ name: 'Nut', emoji: '🌰', points: 10, count: 6 }],
      hazards: [{ name: 'Gruffalo', emoji: '👹', behaviour: 'patrol', speed: 1, count: 1 }],
      goal: { kind: 'reach-exit' },
      lives: 3,
      lines: {
        intro: 'A mouse took a stroll through the deep dark wood. Find the way out!',
        win: 'The mouse found his nut and got home safe!',
        lose: 'The Gruffalo found you! Try again.',
      },
    },
  },
];

/** Parsed at load: a broken example fails the first test run, not a child's game. */
export const CATALOGUE: readonly CatalogueEntry[] = entries.map((e) => ({
  ...e,
  example: GameSpecSchema.parse(e.example),
}));

export function catalogueEntry(type: GameType): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.type === type);
  if (!entry) throw new Error(`no catalogue entry for ${type}`);
  return entry;
}
