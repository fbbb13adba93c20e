/**
 * Child words → emoji sprites, so "spicy salsa" or "my grandma's cookies" get a picture without a
 * model. Keys are singular and lowercase; multi-word keys win over single words.
 */
const FOOD: Record<string, string> = {
  taco: '🌮',
  salsa: '🌶️',
  pepper: '🌶️',
  chili: '🌶️',
  chilli: '🌶️',
  spicy: '🌶️',
  apple: '🍎',
  banana: '🍌',
  pear: '🍐',
  strawberry: '🍓',
  blueberry: '🫐',
  berry: '🍓',
  cherry: '🍒',
  grape: '🍇',
  orange: '🍊',
  lemon: '🍋',
  watermelon: '🍉',
  carrot: '🥕',
  lettuce: '🥬',
  broccoli: '🥦',
  mushroom: '🍄',
  nut: '🌰',
  acorn: '🌰',
  cookie: '🍪',
  biscuit: '🍪',
  cake: '🍰',
  cupcake: '🧁',
  bun: '🧁',
  pie: '🥧',
  candy: '🍬',
  sweet: '🍬',
  lollipop: '🍭',
  chocolate: '🍫',
  'ice cream': '🍦',
  icecream: '🍦',
  donut: '🍩',
  doughnut: '🍩',
  pizza: '🍕',
  'hot dog': '🌭',
  sandwich: '🥪',
  burger: '🍔',
  cheese: '🧀',
  egg: '🥚',
  ham: '🍖',
  meat: '🍖',
  meatball: '🧆',
  pancake: '🥞',
  bread: '🍞',
  honey: '🍯',
  milk: '🥛',
  tea: '☕',
  'hot chocolate': '☕',
  porridge: '🥣',
  soup: '🍲',
  supper: '🍲',
  bean: '🫘',
  popcorn: '🍿',
};

const ANIMALS: Record<string, string> = {
  dragon: '🐉',
  dinosaur: '🦖',
  cat: '🐱',
  kitten: '🐱',
  kitty: '🐱',
  dog: '🐶',
  puppy: '🐶',
  mouse: '🐭',
  rat: '🐀',
  rabbit: '🐰',
  bunny: '🐰',
  hare: '🐇',
  bear: '🐻',
  teddy: '🧸',
  pig: '🐷',
  piggy: '🐷',
  piggie: '🐷',
  cow: '🐄',
  horse: '🐴',
  pony: '🐴',
  unicorn: '🦄',
  sheep: '🐑',
  goat: '🐐',
  chicken: '🐔',
  hen: '🐔',
  duck: '🦆',
  duckling: '🐥',
  bird: '🐦',
  pigeon: '🐦',
  owl: '🦉',
  swan: '🦢',
  penguin: '🐧',
  frog: '🐸',
  toad: '🐸',
  fish: '🐟',
  shark: '🦈',
  whale: '🐋',
  octopus: '🐙',
  crab: '🦀',
  snail: '🐌',
  caterpillar: '🐛',
  bug: '🐛',
  worm: '🪱',
  butterfly: '🦋',
  bee: '🐝',
  spider: '🕷️',
  web: '🕸️',
  ant: '🐜',
  fly: '🪰',
  snake: '🐍',
  crocodile: '🐊',
  alligator: '🐊',
  turtle: '🐢',
  tortoise: '🐢',
  lion: '🦁',
  tiger: '🐯',
  elephant: '🐘',
  giraffe: '🦒',
  monkey: '🐵',
  zebra: '🦓',
  fox: '🦊',
  wolf: '🐺',
  raccoon: '🦝',
  hedgehog: '🦔',
  squirrel: '🐿️',
  llama: '🦙',
  kangaroo: '🦘',
  bat: '🦇',
};

const PEOPLE: Record<string, string> = {
  boy: '👦',
  girl: '👧',
  baby: '👶',
  kid: '🧒',
  child: '🧒',
  grandma: '👵',
  granny: '👵',
  grandpa: '👴',
  mum: '👩',
  mom: '👩',
  mommy: '👩',
  mummy: '👩',
  dad: '👨',
  daddy: '👨',
  princess: '👸',
  prince: '🤴',
  king: '🤴',
  queen: '👸',
  knight: '🤺',
  witch: '🧙',
  wizard: '🧙',
  fairy: '🧚',
  mermaid: '🧜',
  pirate: '🏴‍☠️',
  robot: '🤖',
  alien: '👽',
  ghost: '👻',
  monster: '👹',
  'wild thing': '👹',
  giant: '👹',
  troll: '👹',
  gruffalo: '👹',
  santa: '🎅',
  farmer: '👨‍🌾',
  superhero: '🦸',
  hero: '🦸',
};

const NATURE: Record<string, string> = {
  star: '⭐',
  moon: '🌙',
  sun: '☀️',
  cloud: '☁️',
  rain: '🌧️',
  raindrop: '💧',
  water: '💧',
  puddle: '💧',
  storm: '⛈️',
  lightning: '⚡',
  snow: '❄️',
  snowflake: '❄️',
  snowball: '⚪',
  ice: '🧊',
  rainbow: '🌈',
  tree: '🌳',
  leaf: '🍃',
  flower: '🌸',
  rose: '🌹',
  seed: '🌱',
  clover: '🍀',
  rock: '🪨',
  stone: '🪨',
  mud: '🟫',
  fire: '🔥',
  volcano: '🌋',
  mountain: '⛰️',
  wave: '🌊',
  sea: '🌊',
  ocean: '🌊',
  shell: '🐚',
};

const THINGS: Record<string, string> = {
  crown: '👑',
  hat: '🎩',
  shoe: '👟',
  sock: '🧦',
  mitten: '🧤',
  glove: '🧤',
  scarf: '🧣',
  button: '🔘',
  crayon: '🖍️',
  book: '📚',
  letter: '✉️',
  ball: '⚽',
  balloon: '🎈',
  kite: '🪁',
  present: '🎁',
  gift: '🎁',
  toy: '🧸',
  heart: '❤️',
  gem: '💎',
  jewel: '💎',
  diamond: '💎',
  treasure: '💰',
  gold: '🪙',
  coin: '🪙',
  money: '🪙',
  key: '🔑',
  bell: '🔔',
  ticket: '🎫',
  bag: '🛍️',
  basket: '🧺',
  bubble: '🫧',
  wand: '🪄',
  magic: '✨',
  sparkle: '✨',
  scale: '✨',
  bomb: '💣',
  rocket: '🚀',
  planet: '🪐',
  asteroid: '☄️',
  comet: '☄️',
  bus: '🚌',
  car: '🚗',
  train: '🚂',
  boat: '⛵',
  ship: '🚢',
  plane: '✈️',
  bike: '🚲',
  castle: '🏰',
  house: '🏠',
  broom: '🧹',
  trash: '🗑️',
  poop: '💩',
  bone: '🦴',
  music: '🎵',
  note: '🎵',
  song: '🎵',
  party: '🎉',
};

const TROUBLES: Record<string, string> = {
  thorn: '🌵',
  cactus: '🌵',
  shadow: '👻',
  spike: '📍',
  sneeze: '🤧',
  tummy: '🤢',
  cold: '🥶',
  danger: '⚠️',
};

const EMOJI: Record<string, string> = { ...FOOD, ...ANIMALS, ...PEOPLE, ...NATURE, ...THINGS, ...TROUBLES };
const CREATURES = new Set([...Object.keys(ANIMALS), ...Object.keys(PEOPLE)]);

const MULTI_WORD = Object.keys(EMOJI).filter((k) => k.includes(' '));

/** Plural and possessive forms back to a dictionary key: "tacos", "berries", "dragon's". */
function singular(word: string): string[] {
  const w = word.replace(/'s$/, '');
  const forms = [w];
  if (w.endsWith('ies')) forms.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('ves')) forms.push(`${w.slice(0, -3)}f`);
  if (w.endsWith('es')) forms.push(w.slice(0, -2));
  if (w.endsWith('s')) forms.push(w.slice(0, -1));
  return forms;
}

function lookupWord(word: string): string | undefined {
  for (const form of singular(word)) {
    const hit = EMOJI[form];
    if (hit) return hit;
  }
  return undefined;
}

/** Whether a single word names a creature (a possible character) or a thing, if the dictionary knows it. */
export function kindOfWord(word: string): 'creature' | 'thing' | undefined {
  for (const form of singular(word.toLowerCase())) {
    if (CREATURES.has(form)) return 'creature';
    if (EMOJI[form]) return 'thing';
  }
  return undefined;
}

/**
 * The emoji for a name: the whole phrase, then a known two-word phrase inside it, then its words
 * from last to first (the last word of "spicy salsa" or "golden eggs" is the thing itself).
 */
export function emojiFor(name: string, fallback = '⭐'): string {
  const words = name
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return fallback;
  const phrase = words.join(' ');
  const whole = EMOJI[phrase] ?? lookupWord(phrase);
  if (whole) return whole;
  const singularPhrase = words.map((w) => singular(w).at(-1) ?? w).join(' ');
  const multi = MULTI_WORD.find(
    (k) => ` ${phrase} `.includes(` ${k} `) || ` ${singularPhrase} `.includes(` ${k} `),
  );
  if (multi) return EMOJI[multi] ?? fallback;
  for (const w of [...words].reverse()) {
    const hit = lookupWord(w);
    if (hit) return hit;
  }
  return fallback;
}

/** How many words the dictionary knows (for tests and docs). */
export const EMOJI_WORD_COUNT = Object.keys(EMOJI).length;
